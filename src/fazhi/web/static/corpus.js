// Upload on the corpus page: drag and drop (or choose) several files; each goes in its
// own request so it has its own progress bar and its own result line.
(function () {
  "use strict";
  var zone = document.getElementById("dropzone");
  if (!zone) return;
  var input = document.getElementById("file-input");
  var list = document.getElementById("uploads");
  var token = document.querySelector('meta[name="csrf-token"]').content;
  var maxFiles = parseInt(zone.dataset.maxFiles, 10) || 50;
  var maxBytes = parseInt(zone.dataset.maxBytes, 10) || 50 * 1024 * 1024;
  var queue = [];
  var running = 0;
  var PARALLEL = 2;

  function line(file) {
    var li = document.createElement("li");
    var name = document.createElement("span");
    name.className = "name";
    name.textContent = file.name;
    name.title = file.name;
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute("aria-label", file.name + " 上传进度");
    var result = document.createElement("span");
    result.className = "result";
    result.textContent = "等待上传…";
    li.append(name, bar, result);
    list.append(li);
    return { bar: bar, result: result };
  }

  function show(view, ok, text, href) {
    view.result.className = "result " + (ok ? "ok" : "bad");
    view.result.textContent = "";
    if (href) {
      var a = document.createElement("a");
      a.href = href;
      a.textContent = text;
      view.result.append(a);
    } else {
      view.result.textContent = text;
    }
  }

  function describe(entry) {
    if (entry.id === null || entry.id === undefined) {
      return [false, (entry.error && entry.error.message) || "未保存", null];
    }
    var href = "/reports/" + entry.id;
    if (entry.error) return [false, "已保存，但分析出错：" + entry.error.message, href];
    var score = entry.score === null || entry.score === undefined ? "" : "，得分 " + entry.score.toFixed(1);
    var who = entry.issuer ? entry.issuer + " " : "";
    var year = entry.report_year ? entry.report_year + " 年度" : "";
    if (!entry.created) return [true, "已在库中（编号 " + entry.id + "）", href];
    return [true, "已入库：" + who + year + score, href];
  }

  function send(file, view) {
    running += 1;
    var form = new FormData();
    form.append("files", file, file.name);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/reports");
    xhr.setRequestHeader("X-CSRF-Token", token);
    xhr.upload.onprogress = function (event) {
      if (event.lengthComputable) view.bar.value = Math.round((event.loaded / event.total) * 90);
    };
    xhr.upload.onload = function () {
      view.bar.value = 90;
      view.result.textContent = "分析中…";
    };
    xhr.onload = function () {
      view.bar.value = 100;
      var body = null;
      try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
      if ((xhr.status === 200 || xhr.status === 201) && Array.isArray(body) && body.length) {
        var shown = describe(body[0]);
        show(view, shown[0], shown[1], shown[2]);
      } else if (xhr.status === 401) {
        show(view, false, "登录已过期，请重新登录后再上传", "/login?next=/");
      } else {
        show(view, false, (body && body.detail) || "上传失败（HTTP " + xhr.status + "）", null);
      }
      done();
    };
    xhr.onerror = function () {
      show(view, false, "网络错误，未能上传", null);
      done();
    };
    view.result.textContent = "上传中…";
    xhr.send(form);
  }

  function done() {
    running -= 1;
    next();
    if (!running && !queue.length) refreshNote();
  }

  function next() {
    while (running < PARALLEL && queue.length) {
      var job = queue.shift();
      send(job.file, job.view);
    }
  }

  function refreshNote() {
    if (document.getElementById("reload-list")) return;
    var p = document.createElement("p");
    var a = document.createElement("a");
    a.id = "reload-list";
    a.href = window.location.pathname + window.location.search;
    a.textContent = "上传完成，刷新报告列表";
    p.append(a);
    zone.append(p);
  }

  function accept(files) {
    var chosen = Array.prototype.slice.call(files);
    if (chosen.length > maxFiles) {
      var warn = document.createElement("li");
      warn.className = "result bad";
      warn.textContent = "一次最多上传 " + maxFiles + " 份，只上传了前 " + maxFiles + " 份";
      list.append(warn);
      chosen = chosen.slice(0, maxFiles);
    }
    chosen.forEach(function (file) {
      var view = line(file);
      if (file.size > maxBytes) {
        show(view, false, "文件超过大小上限，未上传", null);
        return;
      }
      queue.push({ file: file, view: view });
    });
    var old = document.getElementById("reload-list");
    if (old) old.parentNode.remove();
    next();
  }

  ["dragenter", "dragover"].forEach(function (type) {
    zone.addEventListener(type, function (event) {
      event.preventDefault();
      zone.classList.add("over");
    });
  });
  ["dragleave", "drop"].forEach(function (type) {
    zone.addEventListener(type, function (event) {
      event.preventDefault();
      zone.classList.remove("over");
    });
  });
  zone.addEventListener("drop", function (event) {
    if (event.dataTransfer && event.dataTransfer.files.length) accept(event.dataTransfer.files);
  });
  document.getElementById("choose-files").addEventListener("click", function () {
    input.click();
  });
  input.addEventListener("change", function () {
    accept(input.files);
    input.value = "";
  });
})();
