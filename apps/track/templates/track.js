(function () {
  "use strict";
  /* The shailoo tracking dashboard: one plan, or the portfolio with one section.plan per plan.
     In each section.plan, the status filter: each checkbox input.filter-status ticks one status (its
     value); a row tr.measure is shown when its data-status is ticked and, with input.only-overdue on,
     when its data-overdue is "true". .visible-count holds the number of rows shown. Clicking a segment
     (rect.seg) or a legend item of a chart marked data-filter="status" shows only that status;
     button.status-all ticks every status again.
     Links inside the page (href="#…"): the target, and every <details> around it, is opened (an
     executor's view, a measure's timeline); the same on load and when the address's #… changes. */
  var d = document;

  function all(selector, root) {
    return Array.prototype.slice.call((root || d).querySelectorAll(selector));
  }

  function setup(root) {
    function apply() {
      var on = Object.create(null);
      all("input.filter-status", root).forEach(function (box) { on[box.value] = box.checked; });
      var onlyBox = root.querySelector("input.only-overdue");
      var only = !!(onlyBox && onlyBox.checked);
      var shown = 0;
      all("tr.measure", root).forEach(function (row) {
        var show = on[row.getAttribute("data-status")] !== false &&
          (!only || row.getAttribute("data-overdue") === "true");
        row.hidden = !show;
        if (show) { shown += 1; }
      });
      var count = root.querySelector(".visible-count");
      if (count) { count.textContent = String(shown); }
      var empty = root.querySelector(".no-rows");
      if (empty) { empty.hidden = shown !== 0; }
    }

    function showOnly(status) {
      all("input.filter-status", root).forEach(function (box) { box.checked = box.value === status; });
      apply();
      var table = root.querySelector("section.measures");
      if (table && table.scrollIntoView) { table.scrollIntoView(); }
    }

    all("input.filter-status, input.only-overdue", root).forEach(function (box) {
      box.addEventListener("change", apply);
    });
    all("svg.chart[data-filter] .seg, svg.chart[data-filter] .legend-item", root).forEach(function (el) {
      el.addEventListener("click", function () { showOnly(el.getAttribute("data-status")); });
    });
    all("button.status-all", root).forEach(function (button) {
      button.addEventListener("click", function () {
        all("input.filter-status", root).forEach(function (box) { box.checked = true; });
        apply();
      });
    });
    apply();
  }

  all("section.plan").forEach(setup);

  function openAt(id) {
    var el = id ? d.getElementById(id) : null;
    if (!el) { return; }
    for (var p = el; p; p = p.parentElement) {
      if (p.tagName === "DETAILS") { p.open = true; }
    }
  }

  function fromAddress() {
    var id = "";
    try { id = decodeURIComponent(window.location.hash.slice(1)); } catch (e) { id = ""; }
    openAt(id);
  }

  all('a[href^="#"]').forEach(function (a) {
    a.addEventListener("click", function () { openAt(a.getAttribute("href").slice(1)); });
  });
  window.addEventListener("hashchange", fromAddress);
  fromAddress();
}());
