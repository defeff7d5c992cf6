/* Quick exit on reporting pages. Without JavaScript it is a plain link to a neutral site (her report's page
   also has a button that closes the report, then leaves). With it, before leaving, a beacon (a POST with the
   page's CSRF token) asks the site to forget the report opened in this browser, so whoever picks the device up
   cannot open it again from the history; nothing else is signed out. Then the reporting page's entry in the
   tab's history is replaced, so Back does not lead to it. There is no key for it on purpose: a key pressed by
   chance (Escape, to close a list) would throw away a report half written. It cannot erase the rest of the
   history: the safe browsing note says so. */
(function () {
  "use strict";
  function forget(link) {
    var bar = link.closest("[data-quick-exit-forget]");
    var token = bar ? bar.querySelector("input[name=csrfmiddlewaretoken]") : null;
    if (!bar || !token || !navigator.sendBeacon) {
      return;
    }
    var data = new FormData();
    data.append("csrfmiddlewaretoken", token.value);
    data.append("beacon", "1");
    try {
      navigator.sendBeacon(bar.getAttribute("data-quick-exit-forget"), data);
    } catch (ignored) {
      // Leaving matters more than the beacon: the report still closes at the idle timeout.
    }
  }
  function leave(link) {
    document.body.hidden = true;  // nothing of the page stays on screen while the next one loads
    forget(link);
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
