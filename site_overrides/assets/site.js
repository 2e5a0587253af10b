/* Every page loads this one file, before the theme's script (main.html). Every page
   works without it. Three parts: the search index on demand, small enhancements,
   and the regional editions. */

/* Load the search index only when search is used (MkDocs' lunr search: main.html marks
   this script with data-search-on-demand; Zensical's own search is left alone).
   The theme fetches the whole index (about 100 KB compressed) and starts its search
   worker on every page view, even when nobody searches; on a phone or a slow
   municipal network that is most of the page's weight. This file runs before the
   theme and holds back both until the reader moves to the search field (mouse,
   touch, keyboard shortcut or Tab), or arrives with a search in the address (?q= or
   ?h=). Nothing else changes: the theme shows "Initierar sökning" while the index
   loads. */
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || !me.hasAttribute("data-search-on-demand")) return;
  var INDEX = /\/search\/search_index\.json$/;
  var wanted = /[?&][qh]=/.test(location.search);
  var held = [];
  var workers = [];  // search workers the theme asked for, started when search is used
  var RealWorker = window.Worker;
  var WORKER = /\/workers\/search\.[^/]*\.js$/;

  /* The theme's search worker (assets/javascripts/workers/search.*.js) is made when the
     page loads. Until search is used it gets a stand-in that keeps the listeners and
     messages the theme gives it, and hands them to the real worker when that starts.
     Any other worker, and this one once search is used, is made as usual. */
  if (RealWorker) {
    window.Worker = function (url, options) {
      if (wanted || !WORKER.test(String(url).split(/[?#]/)[0])) return new RealWorker(url, options);
      var real = null, stopped = false, listeners = [], messages = [];
      var standIn = {
        addEventListener: function (type, listener, opts) {
          if (real) real.addEventListener(type, listener, opts); else listeners.push([type, listener, opts]);
        },
        removeEventListener: function (type, listener, opts) {
          if (real) { real.removeEventListener(type, listener, opts); return; }
          listeners = listeners.filter(function (l) { return l[0] !== type || l[1] !== listener; });
        },
        postMessage: function (message, transfer) {
          if (real) real.postMessage(message, transfer); else messages.push([message, transfer]);
        },
        terminate: function () { stopped = true; if (real) real.terminate(); }
      };
      workers.push(function start() {
        if (stopped || real) return;
        real = new RealWorker(url, options);
        listeners.splice(0).forEach(function (l) { real.addEventListener(l[0], l[1], l[2]); });
        messages.splice(0).forEach(function (m) { real.postMessage(m[0], m[1]); });
      });
      return standIn;
    };
    window.Worker.prototype = RealWorker.prototype;
  }
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;

  XMLHttpRequest.prototype.open = function (method, url) {
    this.searchIndex = INDEX.test(String(url).split(/[?#]/)[0]);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.searchIndex && !wanted) {
      held.push([this, arguments]);
      return undefined;
    }
    return send.apply(this, arguments);
  };

  function load() {
    if (wanted) return;
    wanted = true;
    workers.splice(0).forEach(function (start) { start(); });
    held.splice(0).forEach(function (request) { send.apply(request[0], request[1]); });
  }
  function inSearch(target) {
    return target && target.closest && target.closest("form[name=search], label[for=__search], .md-search");
  }
  document.addEventListener("focusin", function (event) { if (inSearch(event.target)) load(); });
  document.addEventListener("pointerover", function (event) { if (inSearch(event.target)) load(); });
  document.addEventListener("pointerdown", function (event) { if (inSearch(event.target)) load(); });
  document.addEventListener("change", function (event) { if (event.target.id === "__search") load(); });
  document.addEventListener("keydown", function (event) {
    if (/^[sf/]$/i.test(event.key) && !(event.target.closest && event.target.closest("input, textarea, select, [contenteditable]"))) load();
  });
})();

/* Small enhancements. */
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
