// Header language switch: submit on change (the policy allows no inline onchange=).
// Without JavaScript the 「切换」 button submits the same form.
(function () {
  "use strict";
  document.querySelectorAll("form.lang").forEach(function (form) {
    var select = form.querySelector("select[name=language]");
    var button = form.querySelector("button");
    if (!select) return;
    select.addEventListener("change", function () { form.submit(); });
    if (button) button.hidden = true;
  });
})();
