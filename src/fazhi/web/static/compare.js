// Charts of the compare page, drawn with plotly.js (served by the app: nothing comes from
// another host). The page brings the data of every chart in #compare-data; changing the
// indicator or its grouping asks /api/compare/indicators/<code> again, without a reload.
(function () {
  "use strict";
  var source = document.getElementById("compare-data");
  if (!source) return;
  // plotly reads a subset of HTML in every label, legend and hover text (<b>, <a href>,
  // <span style>, entities): text from the documents must reach it escaped, or a file
  // named <a href=…> becomes a link. Every string of the data is escaped once, here and
  // where new data arrives; notes and empty states are set with textContent and use the
  // server's own words.
  function esc(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
  function plain(value) {
    if (typeof value === "string") return esc(value);
    if (Array.isArray(value)) return value.map(plain);
    if (value && typeof value === "object") {
      var out = {};
      Object.keys(value).forEach(function (key) {
        // the empty states are shown as text and the filters go back into an address:
        // neither reaches plotly
        out[key] = key === "messages" || key === "filters" ? value[key] : plain(value[key]);
      });
      return out;
    }
    return value;
  }
  var data = plain(JSON.parse(source.textContent));
  var CONFIG = {
    displaylogo: false,
    responsive: true,
    // no toolbar: its tooltips are English, one button posts to plotly's cloud, and its
    // buttons take Tab stops while invisible; hover, legend clicks and zoom by dragging
    // still work, and a double click resets the view
    displayModeBar: false,
    showSendToCloud: false,
    showEditInChartStudio: false,
  };
  var FONT = {
    family: '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif',
    size: 12,
    color: "#1f2328",
  };
  var SEVERITIES = ["error", "warning", "info"];
  var SEVERITY_LABELS = { error: "错误", warning: "警告", info: "提示" };
  var SEVERITY_COLORS = { error: "#b42318", warning: "#d4a72c", info: "#0b5cad" };
  var YEAR_COLORS = ["#0b5cad", "#e07b00", "#1a7f37", "#8250df", "#b42318", "#5f6b76"];
  var M = data.messages; // the empty states, worded by the server for these filters
  var picker = document.getElementById("indicator");
  var grouping = document.getElementById("grouping");
  var asked = 0; // the newest indicator request: an older answer arriving late is dropped

  function byId(id) {
    return document.getElementById(id);
  }

  // long labels are cut on the axis; the full text is in the hover box
  function cut(text, n) {
    text = String(text == null ? "" : text);
    return text.length > n ? text.slice(0, n - 1) + "…" : text;
  }

  // a report's label on an axis: the year stays, the issuer's name is what gets cut
  function reportTick(label, n) {
    var tail = /（(\d{4})年度）( #\d+)?$/.exec(label);
    if (!tail) return cut(label, n);
    var head = label.slice(0, tail.index);
    return cut(head, n - 5) + " " + tail[1] + (tail[2] || "");
  }

  function number(value) {
    if (value == null) return "—";
    return Number(value).toLocaleString("zh-CN", { maximumFractionDigits: 2 });
  }

  function yearName(year) {
    return year == null ? "年度不明" : year + "年度";
  }

  function note(id, text) {
    var el = byId(id);
    if (el) el.textContent = text;
  }

  function empty(el, message) {
    if (window.Plotly) window.Plotly.purge(el);
    el.textContent = "";
    var p = document.createElement("p");
    p.className = "empty";
    p.textContent = message;
    el.appendChild(p);
    el.classList.add("is-empty");
  }

  function draw(el, traces, layout) {
    el.classList.remove("is-empty");
    var old = el.querySelector("p.empty");
    if (old) old.remove();
    var base = {
      font: FONT,
      hoverlabel: { font: FONT, align: "left" },
      margin: { l: 60, r: 24, t: 16, b: 60 },
      paper_bgcolor: "#fff",
      plot_bgcolor: "#fff",
      separators: ".,",
    };
    for (var key in layout) base[key] = layout[key];
    return window.Plotly.newPlot(el, traces, base, CONFIG);
  }

  function axis(title, extra) {
    var out = { title: { text: title }, automargin: true, gridcolor: "#eef1f4", zeroline: false };
    for (var key in extra || {}) out[key] = extra[key];
    return out;
  }

  // -- one indicator: bars by group, lines over the years ------------------------------

  function drawSeries(series) {
    var bars = byId("chart-bars");
    var lines = byId("chart-lines");
    if (!series) {
      empty(bars, M.no_indicators);
      empty(lines, M.no_indicators);
      note("bars-note", "入库的报告载有指标数据后，这里按地区比较。");
      note("lines-note", "");
      return;
    }
    var unit = series.unit || "";
    var valueTitle = series.statistic + (unit ? "（" + unit + "）" : "");
    var groups = series.groups;
    if (!groups.length) {
      empty(bars, M.no_indicator_data);
      empty(lines, M.no_indicator_data);
      note("bars-note", series.name + "：" + M.no_indicator_data + "。");
      note("lines-note", "");
      return;
    }
    var shown = groups.length < series.total_groups
      ? "，显示报告最多的前 " + groups.length + " 个（共 " + series.total_groups + " 个）"
      : "，共 " + groups.length + " 个";
    note("bars-note", series.name + "：按" + series.by_label + "的" + series.statistic +
      (unit ? "，单位：" + unit : "") + shown + "。");
    var labels = groups.map(function (g) { return g.label; });
    var traces = series.years.map(function (year, i) {
      return {
        type: "bar",
        name: yearName(year),
        x: labels,
        y: groups.map(function (g) { return g.values[i]; }),
        marker: { color: YEAR_COLORS[i % YEAR_COLORS.length] },
        // full texts travel in customdata: on an axis with ticktext, %{x} is the cut label
        customdata: groups.map(function (g) { return [number(g.values[i]), g.reports[i], g.label]; }),
        hovertemplate: "%{customdata[2]}<br>" + yearName(year) + "：%{customdata[0]}" + unit +
          "<br>%{customdata[1]} 份报告<extra></extra>",
      };
    });
    var many = groups.length > 6;
    draw(bars, traces, {
      height: 380,
      barmode: "group",
      showlegend: series.years.length > 1,
      legend: { orientation: "h", x: 0, y: 1.12 },
      margin: { l: 60, r: 16, t: series.years.length > 1 ? 36 : 16, b: 40 },
      xaxis: axis(series.by_label, {
        type: "category",
        tickvals: labels,
        ticktext: groups.map(function (g) { return cut(g.short, many ? 7 : 10); }),
        tickangle: many ? -35 : 0,
      }),
      yaxis: axis(valueTitle, { rangemode: "tozero", separatethousands: true }),
    });

    var years = [];
    series.years.forEach(function (year, i) { if (year != null) years.push([year, i]); });
    if (!years.length) {
      empty(lines, M.no_years);
      note("lines-note", "");
      return;
    }
    var drawn = groups.slice(0, series.lines_limit);
    note("lines-note", "每个" + series.by_label + "一条线" +
      (drawn.length < groups.length ? "，显示报告最多的前 " + drawn.length + " 个" : "") +
      "；点击图例可隐藏或显示。");
    draw(lines, drawn.map(function (g) {
      return {
        type: "scatter",
        mode: "lines+markers",
        name: cut(g.short, 10),
        x: years.map(function (y) { return String(y[0]); }),
        y: years.map(function (y) { return g.values[y[1]]; }),
        // the label goes in as data, never into the template: a "%{" in it stays text
        customdata: years.map(function (y) {
          return [number(g.values[y[1]]), g.reports[y[1]], g.label];
        }),
        hovertemplate: "%{customdata[2]}<br>%{x}年度：%{customdata[0]}" + unit +
          "<br>%{customdata[1]} 份报告<extra></extra>",
        connectgaps: false,
      };
    }), {
      height: 380,
      legend: { orientation: "v", x: 1.02, y: 1, font: { size: 11 } },
      margin: { l: 60, r: 16, t: 16, b: 40 },
      xaxis: axis("报告年度", { type: "category" }),
      yaxis: axis(valueTitle, { rangemode: "tozero", separatethousands: true }),
    });
  }

  // -- coverage of the nine areas -------------------------------------------------------

  function areaShort(name) {
    return cut(name.replace(/^(健全|加强)/, ""), 8);
  }

  function drawCoverage(coverage) {
    var el = byId("chart-heatmap");
    var reports = coverage.reports;
    if (!reports.length) {
      empty(el, M.no_coverage);
      return;
    }
    if (coverage.total > reports.length) {
      note("heatmap-note", "每格为报告在该方面提到的二级事项所占比例；共 " + coverage.total +
        " 份报告，只显示最新的 " + reports.length + " 份，可用年度或地区筛选。点击一行打开报告。");
    }
    var labels = reports.map(function (r) { return r.label; });
    var names = coverage.areas.map(function (a) { return a.name; });
    var ids = {};
    reports.forEach(function (r) { ids[r.label] = r.id; });
    draw(el, [{
      type: "heatmap",
      x: names,
      y: labels,
      z: reports.map(function (r) {
        return r.shares.map(function (s) { return s == null ? null : Math.round(s * 1000) / 10; });
      }),
      text: reports.map(function (r) {
        return r.counts.map(function (c) { return c ? c[0] + "/" + c[1] + " 项" : "—"; });
      }),
      customdata: reports.map(function (r) {
        return names.map(function (name) { return [r.label, name]; });
      }),
      zmin: 0,
      zmax: 100,
      xgap: 2,
      ygap: 2,
      hoverongaps: false,
      colorscale: [[0, "#f3f6fa"], [0.5, "#7fb0e0"], [1, "#0b4f94"]],
      colorbar: { title: { text: "覆盖率（%）", side: "right" }, thickness: 12, len: 0.9 },
      hovertemplate: "%{customdata[0]}<br>%{customdata[1]}<br>覆盖 %{text}（%{z}%）<extra></extra>",
    }], {
      height: Math.max(300, 28 * reports.length + 120),
      margin: { l: 60, r: 16, t: 60, b: 16 },
      xaxis: axis("", { side: "top", tickvals: names, ticktext: names.map(areaShort), fixedrange: true }),
      yaxis: axis("", {
        autorange: "reversed",
        tickvals: labels,
        ticktext: labels.map(function (l) { return reportTick(l, 18); }),
        fixedrange: true,
      }),
    }).then(function () {
      el.on("plotly_click", function (event) {
        var id = event.points && event.points.length ? ids[event.points[0].y] : null;
        if (id != null) window.location.href = "/reports/" + id;
      });
    });
  }

  // -- findings by rule ------------------------------------------------------------------

  function drawFindings(findings) {
    var el = byId("chart-findings");
    var rules = findings.rules;
    if (!rules.length) {
      empty(el, findings.reports ? M.no_findings.replace("{n}", findings.reports) : M.no_reviewed);
      return;
    }
    note("findings-note", "共审查 " + findings.reports + " 份报告；条形为发现该问题的报告份数" +
      (rules.length >= findings.limit ? "，只显示最常见的 " + rules.length + " 条规则" : "") +
      "。");
    var order = rules.map(function (r) { return r.rule; });
    var traces = SEVERITIES.map(function (severity) {
      var mine = rules.filter(function (r) { return r.severity === severity; });
      return {
        type: "bar",
        orientation: "h",
        name: SEVERITY_LABELS[severity],
        y: mine.map(function (r) { return r.rule; }),
        x: mine.map(function (r) { return r.reports; }),
        marker: { color: SEVERITY_COLORS[severity] },
        customdata: mine.map(function (r) {
          return [r.title, Math.round(100 * r.reports / (findings.reports || 1)), r.findings, r.rule];
        }),
        hovertemplate: "%{customdata[0]}<br>规则：%{customdata[3]}<br>%{x} 份报告（%{customdata[1]}%），" +
          "共 %{customdata[2]} 条<extra>" + SEVERITY_LABELS[severity] + "</extra>",
      };
    }).filter(function (t) { return t.y.length; });
    var most = Math.max.apply(null, rules.map(function (r) { return r.reports; }));
    draw(el, traces, {
      height: Math.max(300, 26 * rules.length + 110),
      barmode: "overlay",
      legend: { orientation: "h", x: 0, y: 1.02, yanchor: "bottom" },
      margin: { l: 60, r: 16, t: 36, b: 50 },
      xaxis: axis("出现该问题的报告（份）", { rangemode: "tozero", dtick: most <= 10 ? 1 : null }),
      yaxis: axis("", {
        type: "category",
        categoryorder: "array",
        categoryarray: order,
        autorange: "reversed",
        tickvals: order,
        ticktext: rules.map(function (r) { return cut(r.title, 14); }),
      }),
    });
  }

  // -- ranking by score ------------------------------------------------------------------

  function drawRanking(ranking) {
    var el = byId("chart-ranking");
    var reports = ranking.reports;
    if (!reports.length) {
      empty(el, M.no_scores);
      return;
    }
    note("ranking-note", "按总分从高到低" + (ranking.total > reports.length
      ? "，共 " + ranking.total + " 份，只显示前 " + reports.length + " 份"
      : "，共 " + reports.length + " 份") + "；虚线为平均分 " + number(ranking.mean) +
      "。点击条形打开报告。");
    var labels = reports.map(function (r) { return r.label; });
    draw(el, [{
      type: "bar",
      orientation: "h",
      y: labels,
      x: reports.map(function (r) { return r.score; }),
      text: reports.map(function (r) { return number(r.score); }),
      // inside the bar: the dashed mean line never runs through a label
      textposition: "inside",
      insidetextanchor: "end",
      textfont: { color: "#ffffff" },
      marker: { color: "#0b5cad" },
      customdata: reports.map(function (r) {
        return [r.region || "地区不明", yearName(r.report_year), r.id, r.label];
      }),
      hovertemplate: "%{customdata[3]}<br>%{customdata[0]} · %{customdata[1]}<br>得分 %{x}<extra></extra>",
    }], {
      height: Math.max(300, 24 * reports.length + 100),
      showlegend: false,
      margin: { l: 60, r: 36, t: 16, b: 50 },
      xaxis: axis("得分（满分 100）", { range: [0, 105], dtick: 20 }),
      yaxis: axis("", {
        type: "category",
        autorange: "reversed",
        tickvals: labels,
        ticktext: labels.map(function (l) { return reportTick(l, 17); }),
      }),
      shapes: ranking.mean == null ? [] : [{
        type: "line", xref: "x", yref: "paper", x0: ranking.mean, x1: ranking.mean, y0: 0, y1: 1,
        layer: "below",
        line: { color: "#b42318", width: 1.5, dash: "dash" },
      }],
    }).then(function () {
      el.on("plotly_click", function (event) {
        var point = event.points && event.points[0];
        if (point && point.customdata) window.location.href = "/reports/" + point.customdata[2];
      });
    });
  }

  // -- changing the indicator or its grouping ----------------------------------------

  function refresh() {
    var code = picker ? picker.value : "";
    if (!code) return;
    var params = new URLSearchParams(data.filters || {});
    params.set("by", grouping.value);
    var mine = ++asked;
    var bars = byId("chart-bars");
    bars.setAttribute("aria-busy", "true");
    fetch("/api/compare/indicators/" + encodeURIComponent(code) + "?" + params.toString(), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) throw new Error(body.detail || "HTTP " + response.status);
          return body;
        });
      })
      .then(function (series) {
        if (mine !== asked) return;
        drawSeries(plain(series));
        var state = new URLSearchParams(window.location.search);
        state.set("indicator", code);
        state.set("by", grouping.value);
        window.history.replaceState(null, "", "/compare?" + state.toString());
      })
      .catch(function (error) {
        if (mine !== asked) return;
        var message = "图表数据加载失败：" + (error && error.message ? error.message : "请稍后重试");
        empty(bars, message);
        empty(byId("chart-lines"), message);
      })
      .then(function () { bars.removeAttribute("aria-busy"); });
  }

  if (!window.Plotly) {
    ["chart-bars", "chart-lines", "chart-heatmap", "chart-findings", "chart-ranking"].forEach(
      function (id) { empty(byId(id), "图表组件未能加载，请刷新页面重试"); });
    return;
  }
  drawSeries(data.series);
  drawCoverage(data.coverage);
  drawFindings(data.findings);
  drawRanking(data.ranking);
  if (picker) picker.addEventListener("change", refresh);
  if (grouping) grouping.addEventListener("change", refresh);
})();
