// The order form's split, recomputed as the price or the voucher changes: the voucher pays its programme's
// share of the price rounded down to the cent, at most its balance. Only a preview: the server fixes the split
// when it places the order.
(function () {
  "use strict";
  var data = document.getElementById("voucher-terms");
  var form = document.getElementById("order-form");
  if (!data || !form) return;
  var terms = JSON.parse(data.textContent);
  var price = form.querySelector("[name=price]");
  var voucher = form.querySelector("[name=voucher]");
  var voucherPart = document.getElementById("split-voucher");
  var copayPart = document.getElementById("split-copay");
  if (!price || !voucher || !voucherPart || !copayPart) return;

  function cents(text) {
    var value = Number(String(text).replace(/[,\s]/g, ""));
    return isFinite(value) && value > 0 ? Math.round(value * 100) : null;
  }

  function show() {
    var chosen = terms[voucher.value];
    var total = cents(price.value);
    if (!chosen || total === null) {
      voucherPart.textContent = copayPart.textContent = "—";
      return;
    }
    // The ratio has three decimals: work in thousandths of a cent so the rounding matches the server's.
    var share = Math.floor(total * Math.round(Number(chosen.ratio) * 1000) / 1000);
    share = Math.max(0, Math.min(share, cents(chosen.balance) || 0));
    voucherPart.textContent = money(share);
    copayPart.textContent = money(total - share);
  }

  // As the `money` template filter writes amounts: "CNY 2,400", cents only when there are some.
  function money(amountInCents) {
    var digits = amountInCents % 100 ? 2 : 0;
    return "CNY " + (amountInCents / 100).toLocaleString("en-US",
      {minimumFractionDigits: digits, maximumFractionDigits: digits});
  }

  price.addEventListener("input", show);
  voucher.addEventListener("change", show);
  show();
})();
