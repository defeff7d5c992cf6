/* Quick exit on reporting pages. Without JavaScript it is a plain link to a neutral site. With it, the
   reporting page's entry in the tab's history is replaced, so Back does not lead to it; pressing Escape
   twice within a second does the same. It cannot erase the rest of the history: the safe browsing
   note says so. */
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
  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || event.repeat) {  // a key held down is not two presses
      return;
    }
    var link = document.querySelector("a[data-quick-exit]");
    var now = Date.now();
    if (link && now - lastEscape < 1000) {
      leave(link);
    }
    lastEscape = now;
  });
})();
