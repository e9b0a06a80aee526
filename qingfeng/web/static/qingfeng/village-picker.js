// Intake form: list only the chosen township's villages, without a round trip.
// Without JavaScript the 「选择乡镇」 button asks the server for the same list.
(function () {
  "use strict";
  var data = document.getElementById("village-options");
  var township = document.querySelector("select[name=township]");
  var village = document.querySelector("select[name=village]");
  if (!data || !township || !village) return;
  var all = JSON.parse(data.textContent); // [[code, name, township code], ...]
  var blank = village.options[0] ? village.options[0].text : "—";

  function fill() {
    var keep = village.value;
    village.replaceChildren(new Option(blank, ""));
    all.forEach(function (row) {
      if (township.value && row[2] === township.value) village.add(new Option(row[1], row[0], false, row[0] === keep));
    });
  }

  township.addEventListener("change", fill);
  var pick = document.getElementById("pick-township");
  if (pick) pick.parentNode.hidden = true;
  fill();
})();
