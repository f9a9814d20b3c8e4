### Terms shared by the CLI and the web pages.

-brand = mscommerce

## Purchase decisions, shown by storefronts to the user who asked.

decision-policy-enabled = You can buy or try { $product }.
decision-policy-disabled = Your organization doesn't allow you to buy or try { $product } yourself. Ask your IT administrator for a license.
decision-only-trials-allowed = Your organization allows only trials of { $product } without a payment method, not purchases. Start such a trial, or ask your IT administrator for a license.
decision-payment-method-not-allowed = Your organization allows trials of { $product } only without a payment method. Start the trial without entering one, or ask your IT administrator for a license.
decision-no-trial-without-payment-method = Your organization allows only trials without a payment method, and { $product } has none. Ask your IT administrator for a license.
decision-trial-without-payment-method = You can start a trial of { $product } without a payment method.
decision-product-retired = { $product } is no longer sold. Ask your IT administrator what replaces it.
