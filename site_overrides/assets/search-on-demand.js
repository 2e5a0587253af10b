/* Load the search index only when search is used.
   The theme fetches the whole index (about 100 KB compressed) on every page view,
   even when nobody searches; on a phone or a slow municipal network that is most
   of the page's weight. This file runs before the theme and holds back that one
   request until the reader moves to the search field (mouse, touch, keyboard
   shortcut or Tab), or arrives with a search in the address (?q= or ?h=).
   Nothing else changes: the theme shows "Initierar sökning" while the index loads. */
(function () {
  "use strict";
  var INDEX = /\/search\/search_index\.json$/;
  var wanted = /[?&][qh]=/.test(location.search);
  var held = [];
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
