### Terms shared by the CLI and the web pages.

-brand = mscommerce

## Purchase decisions, shown by storefronts to the user who asked.

decision-policy-enabled = Sie können { $product } kaufen oder testen.
decision-policy-disabled = Ihre Organisation erlaubt Ihnen nicht, { $product } selbst zu kaufen oder zu testen. Bitten Sie Ihre IT-Administration um eine Lizenz.
decision-only-trials-allowed = Ihre Organisation erlaubt für { $product } nur Testversionen ohne Zahlungsmethode, keine Käufe. Starten Sie eine solche Testversion oder bitten Sie Ihre IT-Administration um eine Lizenz.
decision-payment-method-not-allowed = Ihre Organisation erlaubt Testversionen von { $product } nur ohne Zahlungsmethode. Starten Sie die Testversion, ohne eine anzugeben, oder bitten Sie Ihre IT-Administration um eine Lizenz.
decision-no-trial-without-payment-method = Ihre Organisation erlaubt nur Testversionen ohne Zahlungsmethode, und { $product } bietet keine an. Bitten Sie Ihre IT-Administration um eine Lizenz.
decision-trial-without-payment-method = Sie können eine Testversion von { $product } ohne Zahlungsmethode starten.
decision-product-retired = { $product } wird nicht mehr verkauft. Fragen Sie Ihre IT-Administration, was es ersetzt.
