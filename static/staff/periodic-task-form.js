// django-celery-beat's periodic task form (templates/admin/djcelery/change_periodictask_form.html):
// the package's inline script as a file, for the Content-Security-Policy. Under the crontab
// field, the chosen schedule in words ("At 09:00, Monday through Friday").
(function () {
  "use strict";
  var script = document.currentScript;
  var data = document.getElementById("readable-crontabs");
  var field = document.querySelector(".field-crontab");
  if (!script || !data || !field) return;
  var readable = JSON.parse(data.textContent);
  var original = script.getAttribute("data-crontab-help") || "";

  document.querySelectorAll(".field-crontab_translation").forEach(function (row) {
    row.style.display = "none";
  });

  field.addEventListener("change", function () {
    var help = field.querySelector(".help");
    var select = document.getElementById("id_crontab");
    if (!help || !select) return;
    // Text, never markup: the help text and the translation are written as they are.
    help.textContent = original;
    help.appendChild(document.createElement("br"));
    help.appendChild(document.createTextNode("Translation: " + (readable[select.value] || "")));
  });
})();
