### Terms shared by the CLI and the web pages.

-brand = mscommerce

## Purchase decisions, shown by storefronts to the user who asked.

decision-policy-enabled = Vous pouvez acheter ou essayer { $product }.
decision-policy-disabled = Votre organisation ne vous permet pas d’acheter ou d’essayer { $product } vous-même. Demandez une licence à votre administrateur informatique.
decision-only-trials-allowed = Votre organisation n’autorise que les essais de { $product } sans moyen de paiement, pas les achats. Lancez un tel essai ou demandez une licence à votre administrateur informatique.
decision-payment-method-not-allowed = Votre organisation n’autorise les essais de { $product } que sans moyen de paiement. Lancez l’essai sans en saisir, ou demandez une licence à votre administrateur informatique.
decision-no-trial-without-payment-method = Votre organisation n’autorise que les essais sans moyen de paiement, et { $product } n’en propose pas. Demandez une licence à votre administrateur informatique.
decision-trial-without-payment-method = Vous pouvez lancer un essai de { $product } sans moyen de paiement.
decision-product-retired = { $product } n’est plus vendu. Demandez à votre administrateur informatique ce qui le remplace.
