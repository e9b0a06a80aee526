// Intake and report forms: the township and village pickers filter each other, without a round trip.
// A township lists only its villages; with no township, every village is listed under its
// township's name, and choosing one sets the township. Without JavaScript the 「选择乡镇」
// button asks the server for the same list.
(function () {
  "use strict";
  var data = document.getElementById("village-options");
  var township = document.querySelector("select[name=township]");
  var village = document.querySelector("select[name=village]");
  if (!data || !township || !village) return;
  var all = JSON.parse(data.textContent); // [[code, name, township code], ...]
  var blank = village.options[0] ? village.options[0].text : "—";
  var townshipName = {};
  Array.prototype.forEach.call(township.options, function (o) { townshipName[o.value] = o.text; });

  function fill() {
    var keep = village.value;
    village.replaceChildren(new Option(blank, ""));
    all.forEach(function (row) {
      if (township.value && row[2] !== township.value) return;
      var label = township.value ? row[1] : (townshipName[row[2]] || "") + " · " + row[1];
      village.add(new Option(label, row[0], false, row[0] === keep));
    });
  }

  function townshipOfVillage() {
    if (township.value || !village.value) return;
    var row = all.find(function (r) { return r[0] === village.value; });
    if (row && townshipName[row[2]] !== undefined) {
      township.value = row[2];
      fill();
    }
  }

  township.addEventListener("change", fill);
  village.addEventListener("change", townshipOfVillage);
  var pick = document.getElementById("pick-township");
  if (pick) pick.parentNode.hidden = true;
  fill();
})();
