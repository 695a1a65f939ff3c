(function () {
  "use strict";
  /* The filters of the shailoo HTML reports (check and compare). Each checkbox input[data-filter="X"]
     ticks one value of a finding's data-X attribute (severity and rule in the check report, field and
     kind in the comparison); a finding (li.finding) is shown when, for every such X, its value is not
     unticked. With #only-findings ticked a row (tr.activity, tr.pair) is shown only when one of its
     findings is, and a section heading only when one of its rows is. Collapsing a section (its .toggle)
     hides its rows on screen only; print shows them. */
  var d = document;

  function all(selector, root) {
    return Array.prototype.slice.call((root || d).querySelectorAll(selector));
  }

  function ticked() {
    var on = Object.create(null);
    all("input[data-filter]").forEach(function (box) {
      var name = box.getAttribute("data-filter");
      if (!on[name]) { on[name] = Object.create(null); }
      on[name][box.value] = box.checked;
    });
    return on;
  }

  function words(el, name) {
    var v = el.getAttribute(name) || "";
    return v ? v.split(" ") : [];
  }

  function apply() {
    var filters = ticked();
    var names = Object.keys(filters);
    var onlyBox = d.getElementById("only-findings");
    var only = !!(onlyBox && onlyBox.checked);
    var collapsed = {};
    all("tr.section-row").forEach(function (row) {
      var button = row.querySelector(".toggle");
      if (button && button.getAttribute("aria-expanded") === "false") {
        collapsed[row.getAttribute("data-section")] = true;
      }
    });

    var visible = 0;
    all("li.finding").forEach(function (f) {
      var show = names.every(function (name) { return filters[name][f.getAttribute("data-" + name)] !== false; });
      f.hidden = !show;
      if (show) { visible += 1; }
    });

    var shownSections = {};
    all("tr.activity, tr.pair").forEach(function (row) {
      var shown = !only || row.querySelector("li.finding:not([hidden])") !== null;
      row.hidden = !shown;
      var sections = words(row, "data-sections");
      row.classList.toggle("collapsed", sections.some(function (s) { return collapsed[s]; }));
      if (shown) { sections.forEach(function (s) { shownSections[s] = true; }); }
    });
    all("tr.section-row").forEach(function (row) {
      row.hidden = only && !shownSections[row.getAttribute("data-section")];
      row.classList.toggle("collapsed", words(row, "data-sections").some(function (s) { return collapsed[s]; }));
    });
    all(".prose-findings, .header-findings").forEach(function (block) {
      block.hidden = block.querySelector("li.finding:not([hidden])") === null;
    });
    all("section.document").forEach(function (doc) {
      var count = doc.querySelector(".doc-visible-count");
      if (count) { count.textContent = String(all("li.finding:not([hidden])", doc).length); }
    });
    var total = d.getElementById("visible-count");
    if (total) { total.textContent = String(visible); }
  }

  function setRules(value) {
    all("input.filter-rule").forEach(function (box) { box.checked = value; });
    apply();
  }

  function setSections(expanded) {
    all("tr.section-row .toggle").forEach(function (button) {
      button.setAttribute("aria-expanded", expanded ? "true" : "false");
    });
    apply();
  }

  all("input[data-filter], #only-findings").forEach(function (box) {
    box.addEventListener("change", apply);
  });
  all("tr.section-row .toggle").forEach(function (button) {
    button.addEventListener("click", function () {
      button.setAttribute("aria-expanded", button.getAttribute("aria-expanded") === "false" ? "true" : "false");
      apply();
    });
  });
  var handlers = {
    "rules-all": function () { setRules(true); },
    "rules-none": function () { setRules(false); },
    "expand-all": function () { setSections(true); },
    "collapse-all": function () { setSections(false); }
  };
  Object.keys(handlers).forEach(function (id) {
    var el = d.getElementById(id);
    if (el) { el.addEventListener("click", handlers[id]); }
  });
  apply();
}());
