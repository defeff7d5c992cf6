/* Quick exit on reporting pages. Without JavaScript it is a plain link to a neutral site. With it, the
   reporting page's entry in the tab's history is replaced, so Back does not lead to it. There is no key
   for it on purpose: a key pressed by chance (Escape, to close a list) would throw away a report half
   written. It cannot erase the rest of the history: the safe browsing note says so. */
(function () {
  "use strict";
  function leave(link) {
    document.body.hidden = true;  // nothing of the page stays on screen while the next one loads
    window.location.replace(link.href);
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-quick-exit]") : null;
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    leave(link);
  });
})();
