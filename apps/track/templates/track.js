(function () {
  "use strict";
  /* The status filter of the shailoo tracking dashboard. Each checkbox input.filter-status ticks one
     status (its value); a row tr.measure is shown when its data-status is ticked and, with
     #only-overdue on, when its data-overdue is "true". #visible-count holds the number of rows shown.
     Clicking a chart segment (rect.seg) or a legend item shows only that status; #status-all ticks
     every status again. */
  var d = document;

  function all(selector, root) {
    return Array.prototype.slice.call((root || d).querySelectorAll(selector));
  }

  function apply() {
    var on = Object.create(null);
    all("input.filter-status").forEach(function (box) { on[box.value] = box.checked; });
    var onlyBox = d.getElementById("only-overdue");
    var only = !!(onlyBox && onlyBox.checked);
    var shown = 0;
    all("tr.measure").forEach(function (row) {
      var show = on[row.getAttribute("data-status")] !== false &&
        (!only || row.getAttribute("data-overdue") === "true");
      row.hidden = !show;
      if (show) { shown += 1; }
    });
    var count = d.getElementById("visible-count");
    if (count) { count.textContent = String(shown); }
    var empty = d.getElementById("no-rows");
    if (empty) { empty.hidden = shown !== 0; }
  }

  function showOnly(status) {
    all("input.filter-status").forEach(function (box) { box.checked = box.value === status; });
    apply();
    var table = d.getElementById("measures");
    if (table && table.scrollIntoView) { table.scrollIntoView(); }
  }

  all("input.filter-status, #only-overdue").forEach(function (box) {
    box.addEventListener("change", apply);
  });
  all("svg.chart .seg, svg.chart .legend-item").forEach(function (el) {
    el.addEventListener("click", function () { showOnly(el.getAttribute("data-status")); });
  });
  var allButton = d.getElementById("status-all");
  if (allButton) {
    allButton.addEventListener("click", function () {
      all("input.filter-status").forEach(function (box) { box.checked = true; });
      apply();
    });
  }
  apply();
}());
