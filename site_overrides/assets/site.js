/* Small enhancements; every page works without this file. */
(function () {
  "use strict";
  /* The theme's search dialog has no accessible name: give it the name of its own
     search field (the theme's Swedish "Sök"). */
  var dialog = document.querySelector(".md-search[role=dialog]");
  var field = dialog && dialog.querySelector("input[aria-label]");
  if (field && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", field.getAttribute("aria-label"));

  /* The skip link moves keyboard focus to the page heading, not only the view. */
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.md-skip");
    if (!link || !link.hash) return;
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target) return;
    event.preventDefault();
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus();
    target.scrollIntoView();
  });
})();
