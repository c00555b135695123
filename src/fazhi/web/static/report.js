// The report page: "查看原文" next to a finding highlights every piece of the text the
// finding quotes and brings the first into view; the delete form asks before it sends.
(function () {
  "use strict";

  function pieces(n) {
    // data-finding lists the numbers of every finding quoting the piece: "2 5"
    return Array.prototype.filter.call(
      document.querySelectorAll(".evidence[data-finding]"),
      function (el) { return el.getAttribute("data-finding").split(" ").indexOf(n) >= 0; }
    );
  }

  function show(n) {
    var found = pieces(n);
    document.querySelectorAll(".evidence.active").forEach(function (el) {
      el.classList.remove("active");
    });
    if (!found.length) return false;
    found.forEach(function (el) { el.classList.add("active"); });
    var first = found[0];
    first.setAttribute("tabindex", "-1"); // focusable for keyboard and screen-reader users
    first.scrollIntoView({ block: "center" });
    first.focus({ preventScroll: true });
    return true;
  }

  function numberOf(hash) {
    var m = /^#ev-(\d+)$/.exec(hash || "");
    return m ? m[1] : null;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.goto") : null;
    if (!link) return;
    var n = numberOf(link.getAttribute("href"));
    // Enter on a focused link arrives here as a click too
    if (n && show(n)) {
      event.preventDefault();
      if (history.replaceState) history.replaceState(null, "", "#ev-" + n);
    }
  });

  function fromHash() {
    var n = numberOf(location.hash);
    if (n) show(n);
  }
  window.addEventListener("hashchange", fromHash);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fromHash);
  } else {
    fromHash();
  }

  var form = document.getElementById("delete-form");
  if (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm("确定删除这份报告吗？此操作不可撤销。")) event.preventDefault();
    });
  }
})();
