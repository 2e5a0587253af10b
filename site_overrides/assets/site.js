/* Small enhancements; every page works without this file. */
(function () {
  "use strict";
  /* The theme's search dialog has no accessible name: give it the name of its own
     search field (the theme's Swedish "Sök"). */
  var dialog = document.querySelector(".md-search[role=dialog]");
  var field = dialog && dialog.querySelector("input[aria-label]");
  if (field && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", field.getAttribute("aria-label"));

  /* The menu and search toggles start closed, also when a browser restores form
     state on reload (the theme's autocomplete="off" on them is not valid HTML and is
     removed by the generator: generator/theme_html.py). */
  ["__drawer", "__search"].forEach(function (id) {
    var toggle = document.getElementById(id);
    if (toggle && toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
  });

  /* The light/dark toggle answers Space as well as Enter (the theme handles Enter
     only): the next palette is chosen and keeps the focus, as the theme does. */
  var palette = document.querySelector("[data-md-component=palette]");
  if (palette) palette.addEventListener("keydown", function (event) {
    if (event.key !== " ") return;
    var inputs = Array.prototype.slice.call(palette.querySelectorAll("input"));
    var index = inputs.indexOf(event.target);
    if (index < 0) return;
    event.preventDefault();
    var next = inputs[(index + 1) % inputs.length];
    next.click();
    next.focus();
  });

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
