// Person handled form: offer only the chosen kind's measures, and the probation period
// only for 留党察看. Without JavaScript the measures stay grouped by kind.
(function () {
  "use strict";
  var kind = document.querySelector("#measure-form select[name=kind]");
  var measure = document.querySelector("#measure-form select[name=measure]");
  var probation = document.querySelector("#measure-form select[name=probation_months]");
  if (!kind || !measure) return;

  function fill() {
    Array.prototype.forEach.call(measure.querySelectorAll("optgroup"), function (group) {
      var options = group.querySelectorAll("option");
      var mine = options.length && options[0].dataset.kind === kind.value;
      group.hidden = !mine;
      group.disabled = !mine;
    });
    var chosen = measure.options[measure.selectedIndex];
    if (chosen && chosen.value && chosen.dataset.kind !== kind.value) measure.value = "";
    showProbation();
  }

  function showProbation() {
    if (!probation) return;
    var wanted = kind.value === "党纪处分" && measure.value === "留党察看";
    probation.parentNode.hidden = !wanted;
    if (!wanted) probation.value = "";
  }

  kind.addEventListener("change", fill);
  measure.addEventListener("change", showProbation);
  fill();
})();
