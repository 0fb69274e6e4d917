// The keyboard on the study and quiz pages (the "?" dialog lists it). Every key
// maps to a control already on the page, which works without this script.
//
// Question side: nothing that Space or Enter could send has the focus.
//   Enter          in an answer box: check (in a cloze, go to the next gap first)
//   1-9            select a choice (it is not sent); Enter then checks it
//   Space / Enter  reveal a flashcard
//   Esc            leave the answer box, so that letters work as keys
// Answer side:
//   Space / Enter  accept the suggested rating;  1-4  rate Again, Hard, Good, Easy
// Everywhere:
//   u              undo the last rating (Ctrl+Z or Cmd+Z too, also from an empty answer box)
// A held key never acts twice: repeats of Space and Enter are ignored.
(function () {
  "use strict";
  var card = document.querySelector("[data-phase]");
  var phase = card ? card.getAttribute("data-phase") : "";
  var form = document.getElementById("answer-form");
  var asking = phase === "question" || phase === "quiz";
  var typing = window.quizTyping || function (el) {
    return !!el && (el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && /^(text|search)$/.test(el.type)));
  };

  function press(selector) {
    var button = document.querySelector(selector);
    if (!button || button.disabled) return false;
    button.click();
    return true;
  }

  function say(text) {
    var hint = document.getElementById("key-hint");
    if (hint) hint.textContent = text;
  }

  function undo() { return press("#undo-form button"); }

  function radios() { return form ? Array.prototype.slice.call(form.querySelectorAll("input[type=radio]")) : []; }

  function boxes() {
    return form ? Array.prototype.slice.call(form.querySelectorAll("input[type=text]")) : [];
  }

  function check() {
    var button = form && form.querySelector("button[type=submit]:not([data-reveal])");
    if (!button) return false;
    if (form.requestSubmit) form.requestSubmit(button); else button.click();
    return true;
  }

  // A control the learner moved to keeps its own Space and Enter (a link, another button).
  function ownsKeys(el) {
    return !!el && (el.tagName === "BUTTON" || el.tagName === "A" || el.tagName === "SUMMARY" ||
      (el.tagName === "INPUT" && /^(submit|button|reset|checkbox|file)$/.test(el.type)));
  }

  function onText(event) {
    var key = event.key;
    var box = event.target;
    if (key === "Escape") { box.blur(); event.preventDefault(); return; }
    if ((key === "z" || key === "Z") && (event.ctrlKey || event.metaKey) && !event.shiftKey && box.value === "") {
      if (undo()) event.preventDefault();
      return;
    }
    if (key !== "Enter" || !asking || box.form !== form) return;
    if (event.repeat) { event.preventDefault(); return; }
    var all = boxes();
    var next = all[all.indexOf(box) + 1];
    if (next && next.value === "") { next.focus(); event.preventDefault(); return; }
    if (all.every(function (b) { return b.value.trim() === ""; })) {
      say("Type an answer first.");
      event.preventDefault();
    }
  }

  function onQuestion(event, key) {
    var choices = radios();
    if (/^[1-9]$/.test(key) && choices.length) {
      var radio = choices[Number(key) - 1];
      if (!radio) return false;
      radio.checked = true;
      radio.focus();
      radio.dispatchEvent(new Event("change", { bubbles: true }));
      say("");
      return true;
    }
    if (key !== "Enter" && key !== " ") return false;
    if (ownsKeys(event.target)) return false;
    if (press("#answer-form [data-reveal]")) return true;
    if (choices.length) {
      if (key === " ") return event.target.type !== "radio";  // on a choice, Space selects it (natively); else nothing
      if (choices.some(function (r) { return r.checked; })) return check();
      say("Select a choice first: press 1 to " + choices.length + ".");
      return true;
    }
    var first = boxes()[0];
    if (first) { first.focus(); return true; }
    return false;
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.altKey || event.isComposing) return;
    if (document.querySelector("dialog[open]")) return;  // the shortcuts are showing: keys are theirs
    if (typing(event.target)) { onText(event); return; }
    var key = event.key;
    if ((event.ctrlKey || event.metaKey)) {
      if ((key === "z" || key === "Z") && !event.shiftKey && undo()) event.preventDefault();
      return;
    }
    if ((key === "Enter" || key === " ") && event.repeat) { event.preventDefault(); return; }
    var handled = false;
    if (key === "u" || key === "U") {
      handled = undo();
    } else if (asking) {
      handled = onQuestion(event, key);
    } else if (phase === "answer") {
      if (/^[1-4]$/.test(key)) {
        handled = press('#rate-form [data-rating="' + key + '"]');
      } else if ((key === " " || key === "Enter") && !ownsKeys(event.target)) {
        handled = press("#rate-form .suggested");
      }
    }
    if (handled) event.preventDefault();
  });
})();
