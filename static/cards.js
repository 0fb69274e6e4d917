// The card browser: a box in the table's head ticks or clears every card of the page (hidden without
// this script; each card keeps its own box). Nothing else needs a script.
(function () {
  "use strict";
  var all = document.querySelector("input[data-select-all]");
  if (!all) return;
  var boxes = Array.prototype.slice.call(document.querySelectorAll("#cards input[name=ids]"));
  function sync() {
    var ticked = boxes.filter(function (box) { return box.checked; }).length;
    all.checked = ticked === boxes.length && ticked > 0;
    all.indeterminate = ticked > 0 && ticked < boxes.length;
  }
  all.addEventListener("change", function () {
    boxes.forEach(function (box) { box.checked = all.checked; });
    sync();
  });
  boxes.forEach(function (box) { box.addEventListener("change", sync); });
  sync();
})();
