/* Copy buttons for a private link, a receipt code or backup codes. Each button names the element to copy
   (data-copy), the place that says it worked (data-copy-status) and the words to say there, written
   translated in the page (data-copied, data-copy-failed), so nothing here is in any language. The button
   is hidden in the page and shown only here, where the clipboard can be reached: without JavaScript the
   text stays in the page to select and copy by hand. */
(function () {
  "use strict";
  function textOf(source) {
    if (source.tagName === "INPUT" || source.tagName === "TEXTAREA") {
      return source.value;
    }
    return source.innerText.trim();
  }
  function say(button, words) {
    var status = document.querySelector(button.getAttribute("data-copy-status"));
    if (status) {
      status.textContent = "";
      // A fresh text after a pause, so a second copy is announced again.
      window.setTimeout(function () { status.textContent = words; }, 50);
    }
  }
  function setUp(button) {
    var source = document.querySelector(button.getAttribute("data-copy"));
    if (!source || !navigator.clipboard || !window.isSecureContext) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(textOf(source)).then(function () {
        say(button, button.getAttribute("data-copied"));
      }, function () {
        say(button, button.getAttribute("data-copy-failed"));
      });
    });
  }
  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("button[data-copy]"), setUp);
    // A readonly field to copy from is selected whole when it is focused or clicked.
    Array.prototype.forEach.call(document.querySelectorAll("input[readonly].copy-source"), function (input) {
      input.addEventListener("focus", function () { input.select(); });
      input.addEventListener("click", function () { input.select(); });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
