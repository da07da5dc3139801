// Progressive improvements only: every page works without this file.
(function () {
  "use strict";

  // "Copy the text" on the letter page.
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var target = document.getElementById(button.getAttribute("data-copy"));
    var holder = button.closest(".copy");
    if (!target || !navigator.clipboard || !holder) return;
    holder.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(target.value).then(function () {
        var note = holder.querySelector(".copied");
        if (note) note.textContent = note.getAttribute("data-copied");
      });
    });
  });

  // While a letter renders, follow its status and reload the page when it is ready.
  var letter = document.getElementById("letter");
  if (letter) {
    var status = letter.getAttribute("data-status");
    var url = letter.getAttribute("data-status-url");
    if ((status === "pending" || status === "rendering") && url && window.fetch) {
      var tries = 0;
      var poll = function () {
        tries += 1;
        fetch(url, { headers: { Accept: "application/json" } })
          .then(function (response) { return response.json(); })
          .then(function (body) {
            if (body.status === "ready" || body.status === "failed") {
              window.location.reload();
            } else if (tries < 60) {
              window.setTimeout(poll, 2000);
            }
          })
          .catch(function () { if (tries < 60) window.setTimeout(poll, 4000); });
      };
      window.setTimeout(poll, 1500);
    }
  }
})();
