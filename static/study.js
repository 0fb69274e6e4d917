// Keyboard shortcuts for the study page. The page works without this script;
// it only maps keys to the buttons already there.
//   Enter / Space  check the answer or reveal a flashcard
//   1-9            pick a choice (question side); 1-4 rate (answer side)
//   u              undo the last rating
(function () {
  "use strict";
  var card = document.querySelector("[data-phase]");
  var phase = card ? card.getAttribute("data-phase") : "";

  function typing(target) {
    return target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT");
  }

  function press(selector) {
    var button = document.querySelector(selector);
    if (!button || button.disabled) return false;
    button.click();
    return true;
  }

  // A form is sent once: later clicks and key presses do nothing.
  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent) { event.preventDefault(); return; }
      form.dataset.sent = "1";
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.isComposing) return;
    if (typing(event.target)) return; // Enter in a text box submits its form natively
    var key = event.key;
    var handled = false;
    if (key === "u" || key === "U") {
      handled = press("#undo-form button");
    } else if (phase === "question" && (key === " " || key === "Enter")) {
      handled = press("#answer-form [data-reveal]") ||
        (event.target.tagName !== "BUTTON" && press("#answer-form button[type=submit]"));
    } else if (phase === "question" && /^[1-9]$/.test(key)) {
      handled = press('#answer-form [data-choice="' + key + '"]');
    } else if (phase === "answer" && /^[1-4]$/.test(key)) {
      handled = press('#rate-form [data-rating="' + key + '"]');
    } else if (phase === "answer" && key === " ") {
      handled = press("#rate-form .suggested");
    }
    if (handled) event.preventDefault();
  });
})();
