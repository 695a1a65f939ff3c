/* The review desk's only script: a help, never needed (the forms are plain HTML and work without it).
   It lists the files chosen or dropped, marks the drop zone while files are dragged over it, and turns a
   submitted form's button into «checking…» (the words are the page's own, from data-* attributes). */
(function () {
  "use strict";
  var zone = document.getElementById("dropzone");
  var input = document.getElementById("files");
  var chosen = document.getElementById("chosen");

  function show() {
    if (!input || !chosen) { return; }
    var names = [];
    for (var i = 0; i < input.files.length; i++) { names.push(input.files[i].name); }
    chosen.textContent = names.length ? chosen.getAttribute("data-label").replace("{n}", String(names.length)) +
      " — " + names.join(", ") : "";
  }

  if (zone && input) {
    input.addEventListener("change", show);
    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (e) { e.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "dragend"].forEach(function (type) {
      zone.addEventListener(type, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      zone.classList.remove("over");
      if (e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files.length) {
        input.files = e.dataTransfer.files;
        show();
      }
    });
    show();
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-busy]"), function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      if (button) {
        window.setTimeout(function () { button.disabled = true; button.textContent = form.getAttribute("data-busy"); }, 0);
      }
    });
  });
})();
