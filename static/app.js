// Behaviour shared by every page. Each page works without it.
//   ?          opens the keyboard shortcuts (the #shortcuts dialog; the footer button too)
//   forms      are sent once: a second click or key press while the first is on its way does nothing
//   register   fills the hidden time zone field from the browser (it stays UTC without JavaScript)
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var TEXT_TYPES = /^(text|password|search|email|url|tel|number|date|time|datetime-local|month|week)$/;

  // True when keys typed at ``el`` are text (so letters and ? belong to it).
  function typing(el) {
    if (!el || !el.tagName) return false;
    if (el.isContentEditable || el.tagName === "TEXTAREA" || el.tagName === "SELECT") return true;
    return el.tagName === "INPUT" && TEXT_TYPES.test(el.type || "text");
  }
  window.quizTyping = typing;

  var dialog = document.getElementById("shortcuts");
  function openShortcuts() {
    if (dialog && !dialog.open && typeof dialog.showModal === "function") dialog.showModal();
  }
  document.querySelectorAll("[data-shortcuts]").forEach(function (button) {
    if (!dialog) return;
    button.hidden = false;
    button.addEventListener("click", openShortcuts);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "?" || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (!dialog) return;
    event.preventDefault();
    openShortcuts();
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.method === "dialog") return;
    if (form.dataset.sent) { event.preventDefault(); return; }
    form.dataset.sent = "1";
  });
  // A page shown again from the back/forward cache can be sent again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-sent]").forEach(function (form) { delete form.dataset.sent; });
  });

  var browserZone = "";
  try { browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (error) { /* keep UTC */ }
  document.querySelectorAll("input[data-timezone]").forEach(function (field) {
    if (browserZone) field.value = browserZone;
  });
  // Settings: offer this device's zone when the list says another one.
  var select = document.querySelector("select[data-zone-select]");
  var offer = document.getElementById("zone-offer");
  if (select && offer && browserZone && select.value !== browserZone &&
      select.querySelector('option[value="' + browserZone.replace(/"/g, "") + '"]')) {
    offer.querySelector("[data-zone-name]").textContent = browserZone;
    offer.hidden = false;
    offer.querySelector("button").addEventListener("click", function () {
      select.value = browserZone;
      offer.hidden = true;
      select.focus();
    });
  }
})();
