// The importer's review screen, made better with a script (it works without): focusing a
// field scrolls to its sentence in the document's text and highlights it; clicking a
// highlighted sentence focuses its field. A file, loaded with the page's CSP (no inline script).
(function () {
  "use strict";

  function marksOf(key) {
    return document.querySelectorAll('.import-source mark[data-key="' + CSS.escape(key) + '"]');
  }

  // Scroll the text's own box, never the page: scrolling the page while a radio button is
  // pressed would move it from under the pointer, and the click would be lost.
  function scrollWithin(mark) {
    var box = mark.closest(".import-source");
    var offset = mark.getBoundingClientRect().top - box.getBoundingClientRect().top;
    box.scrollTop += offset - box.clientHeight / 2;
  }

  function highlight(key) {
    document.querySelectorAll(".import-source mark.current").forEach(function (mark) {
      mark.classList.remove("current");
    });
    document.querySelectorAll(".review-field.current").forEach(function (field) {
      field.classList.remove("current");
    });
    var marks = marksOf(key);
    marks.forEach(function (mark) { mark.classList.add("current"); });
    var field = document.getElementById("field-" + key);
    if (field) { field.classList.add("current"); }
    if (marks.length) { scrollWithin(marks[0]); }
  }

  function init() {
    var form = document.getElementById("review-form");
    if (!form) { return; }
    form.addEventListener("focusin", function (event) {
      var field = event.target.closest(".review-field");
      if (field) { highlight(field.dataset.key); }
    });
    document.querySelectorAll(".import-source").forEach(function (source) {
      source.addEventListener("click", function (event) {
        // The innermost mark clicked: the narrowest field over that text.
        var mark = event.target.closest("mark[data-key]");
        if (!mark) { return; }
        var field = document.getElementById("field-" + mark.dataset.key);
        if (!field) { return; }
        var input = field.querySelector("input:checked") || field.querySelector("input");
        highlight(mark.dataset.key);
        if (input) { input.focus({ preventScroll: false }); }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
