// The card checkout: Stripe.js's Payment Element, confirmed in the browser (Stripe then tells the server by
// webhook). localstripe's Stripe.js mock (used in tests) has no confirmPayment: there the card is tokenised and
// the server confirms the PaymentIntent with it, as in Stripe's "finalize payments on the server" flow.
(function () {
  "use strict";
  var form = document.getElementById("checkout");
  var errorBox = document.getElementById("checkout-error");
  var failed = document.currentScript.dataset.errorMessage;
  var stripe = Stripe(form.dataset.publishableKey);
  var elements = stripe.elements({clientSecret: form.dataset.clientSecret});
  var paymentElement = elements.create("payment");
  paymentElement.mount("#payment-element");

  function showError(error) {
    errorBox.textContent = (error && error.message) || failed;
    errorBox.hidden = false;
    form.querySelector("button").disabled = false;
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    errorBox.hidden = true;
    form.querySelector("button").disabled = true;
    if (typeof stripe.confirmPayment === "function") {
      var result = await stripe.confirmPayment({
        elements: elements, confirmParams: {return_url: form.dataset.returnUrl}, redirect: "if_required",
      });
      if (result.error) { showError(result.error); } else { window.location.assign(form.dataset.returnUrl); }
      return;
    }
    var tokenised = await stripe.createToken(paymentElement);
    if (tokenised.error || !tokenised.token) { showError(tokenised.error); return; }
    document.getElementById("payment-method").value = tokenised.token.card.id;
    form.submit();
  });
})();
