// Filter the audit table by verdict and section. Without JavaScript the form stays hidden and
// every claim is listed.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("audit-filter");
  if (!form) return;
  var rows = Array.prototype.slice.call(document.querySelectorAll("#audit tbody tr"));
  var shown = document.getElementById("audit-shown");
  function apply() {
    var verdict = form.elements.verdict.value;
    var section = form.elements.section.value;
    var count = 0;
    rows.forEach(function (row) {
      var keep = (!verdict || row.dataset.verdict === verdict) &&
        (!section || row.dataset.section === section);
      row.hidden = !keep;
      if (keep) count += 1;
    });
    shown.textContent = count + " of " + rows.length + " claims shown";
  }
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  form.hidden = false;
  apply();
});
