(function () {
  "use strict";
  /* The filters of the shailoo HTML reports (check and compare). The page shows everything without this
     script; the script only filters. Each checkbox input[data-filter="X"] ticks one value of a finding's
     data-X attribute (severity and rule in the check report, field and kind in the comparison); a finding
     (li.finding, counted; li.finding-ref, its entry beside its row in the plan) is shown when, for every
     such X, its value is not unticked. With #only-findings ticked a row (tr.activity, tr.pair) is shown only
     when one of its findings is, and a section heading only when one of its rows is; the plan's buttons
     (.show-all-rows, .show-finding-rows) untick and tick it. Collapsing a section (its .toggle) hides its
     rows on screen only; print shows them. A link to a row (a.to-row, or the page's address) unfolds the
     row's sections and, when the row is filtered away, shows the whole plan. Elements marked data-js are
     hidden in the markup and shown here. */
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

  var onlyBox = d.getElementById("only-findings");

  function apply() {
    var filters = ticked();
    var names = Object.keys(filters);
    var only = !!(onlyBox && onlyBox.checked);
    var collapsed = {};
    all("tr.section-row").forEach(function (row) {
      var button = row.querySelector(".toggle");
      if (button && button.getAttribute("aria-expanded") === "false") {
        collapsed[row.getAttribute("data-section")] = true;
      }
    });

    var visible = 0;
    all("li.finding, li.finding-ref").forEach(function (f) {
      var show = names.every(function (name) { return filters[name][f.getAttribute("data-" + name)] !== false; });
      f.hidden = !show;
      if (show && f.classList.contains("finding")) { visible += 1; }
    });

    var shownSections = {};
    all("tr.activity, tr.pair").forEach(function (row) {
      var shown = !only || row.querySelector("li.finding:not([hidden]), li.finding-ref:not([hidden])") !== null;
      row.hidden = !shown;
      var sections = words(row, "data-sections");
      row.classList.toggle("collapsed", sections.some(function (s) { return collapsed[s]; }));
      if (shown) { sections.forEach(function (s) { shownSections[s] = true; }); }
    });
    all("tr.section-row").forEach(function (row) {
      row.hidden = only && !shownSections[row.getAttribute("data-section")];
      row.classList.toggle("collapsed", words(row, "data-sections").some(function (s) { return collapsed[s]; }));
    });
    all(".header-findings, .severity-group").forEach(function (block) {
      block.hidden = block.querySelector("li.finding:not([hidden])") === null;
    });
    all("section.document").forEach(function (doc) {
      var count = doc.querySelector(".doc-visible-count");
      if (count) { count.textContent = String(all("li.finding:not([hidden])", doc).length); }
      var rows = doc.querySelector(".rows-visible");
      if (rows) { rows.textContent = String(all("tr.activity:not([hidden])", doc).length); }
    });
    all(".show-all-rows").forEach(function (b) { b.hidden = !only; });
    all(".show-finding-rows").forEach(function (b) { b.hidden = only; });
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

  function setOnly(value) {
    if (onlyBox) { onlyBox.checked = value; }
    apply();
  }

  /* Make the row with id `id` visible: unfold its sections, and show the whole plan if it is filtered away. */
  function reveal(id) {
    var row = id ? d.getElementById(id) : null;
    if (!row || !row.matches("tr.activity, tr.pair")) { return; }
    words(row, "data-sections").forEach(function (s) {
      var button = d.querySelector("tr.section-row[data-section=\"" + s + "\"] .toggle");
      if (button) { button.setAttribute("aria-expanded", "true"); }
    });
    apply();
    if (row.hidden) { setOnly(false); }
  }

  all("[data-js]").forEach(function (el) { el.hidden = false; });
  all("input[data-filter], #only-findings").forEach(function (box) {
    box.addEventListener("change", apply);
  });
  all("tr.section-row .toggle").forEach(function (button) {
    button.addEventListener("click", function () {
      button.setAttribute("aria-expanded", button.getAttribute("aria-expanded") === "false" ? "true" : "false");
      apply();
    });
  });
  all(".show-all-rows").forEach(function (b) { b.addEventListener("click", function () { setOnly(false); }); });
  all(".show-finding-rows").forEach(function (b) { b.addEventListener("click", function () { setOnly(true); }); });
  all("a.to-row").forEach(function (a) {
    a.addEventListener("click", function () { reveal((a.getAttribute("href") || "").slice(1)); });
  });
  window.addEventListener("hashchange", function () { reveal(d.location.hash.slice(1)); });
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
  if (d.location.hash) { reveal(d.location.hash.slice(1)); }
}());
