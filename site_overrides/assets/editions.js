/* Regional editions: remember the edition last visited (this browser only), and on the
   all-regions start page show its "continue to" link. Never a redirect; without
   JavaScript the links to every edition are still there. No words here: the link texts
   are in the page (content/site.yml, ui.editions). */
(function () {
  "use strict";
  var nav = document.querySelector(".same-page[data-edition]");
  if (!nav) { return; }
  var KEY = "samordnad-planering-utgava";
  var current = nav.getAttribute("data-edition");
  try {
    if (current) {
      window.localStorage.setItem(KEY, current);
    } else {
      nav.querySelectorAll("[data-edition-link]").forEach(function (link) {
        link.addEventListener("click", function () {
          window.localStorage.setItem(KEY, link.getAttribute("data-edition-link"));
        });
      });
      var chosen = window.localStorage.getItem(KEY);
      var box = chosen && document.querySelector('[data-continue="' + chosen.replace(/[^a-z0-9-]/g, "") + '"]');
      if (box) { box.hidden = false; }
    }
  } catch (e) { /* storage off (private mode, file://): the links are enough */ }
})();
