// The countdown of a timed quiz. The server keeps the deadline and is the only
// judge of it: this script shows the time left and, when it runs out, opens the
// attempt again, where the server ends it at its deadline and shows the result.
// Without this script the page says when the time is up, and the next request
// after that ends the attempt.
//
// The time left is counted from the page's own load with the monotonic clock
// (performance.now), so a device clock set wrong does not matter.
(function () {
  "use strict";
  var box = document.getElementById("countdown");
  if (!box) return;
  var shown = document.getElementById("time-left");
  var notice = document.getElementById("countdown-alert");
  var url = box.getAttribute("data-url");
  var end = performance.now() + Number(box.getAttribute("data-ms-left"));
  var timer = null;
  var said = {};
  var gone = false;

  // As the server writes it: whole seconds rounded up, "4:05" or "1:02:03".
  function clock(ms) {
    var seconds = Math.max(Math.ceil(ms / 1000), 0);
    var hours = Math.floor(seconds / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    var rest = seconds % 60;
    var mm = hours ? (minutes < 10 ? "0" : "") + minutes : String(minutes);
    return (hours ? hours + ":" : "") + mm + ":" + (rest < 10 ? "0" : "") + rest;
  }

  // Screen readers hear the time left twice, not every second.
  function warn(ms) {
    [[60000, "One minute left."], [10000, "Ten seconds left."]].forEach(function (mark) {
      if (ms <= mark[0] && !said[mark[0]]) {
        said[mark[0]] = true;
        if (notice && ms > mark[0] - 2000) notice.textContent = mark[1];
      }
    });
  }

  function tick() {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    var left = end - performance.now();
    if (shown) shown.textContent = clock(left);
    box.classList.toggle("low", left <= 60000);
    if (left <= 0) {
      if (gone) return;
      gone = true;
      box.classList.add("over");
      if (notice) notice.textContent = "Time is up.";
      // A moment's grace so that the request reaches the server after the deadline.
      setTimeout(function () { window.location.replace(url); }, 250);
      return;
    }
    warn(left);
    // Wake when the shown second changes.
    timer = setTimeout(tick, (left % 1000) + 5);
  }

  // A tab in the background may be woken late: look again when it comes back.
  document.addEventListener("visibilitychange", function () { if (!document.hidden) tick(); });
  tick();
})();
