### Terms shared by the CLI and the web pages.

-brand = mscommerce

## Purchase decisions, shown by storefronts to the user who asked.

decision-policy-enabled = U kunt { $product } kopen of uitproberen.
decision-policy-disabled = Uw organisatie staat niet toe dat u { $product } zelf koopt of uitprobeert. Vraag uw IT-beheerder om een licentie.
decision-only-trials-allowed = Uw organisatie staat voor { $product } alleen proefversies zonder betaalmethode toe, geen aankopen. Start zo’n proefversie of vraag uw IT-beheerder om een licentie.
decision-payment-method-not-allowed = Uw organisatie staat proefversies van { $product } alleen zonder betaalmethode toe. Start de proefversie zonder er een op te geven, of vraag uw IT-beheerder om een licentie.
decision-no-trial-without-payment-method = Uw organisatie staat alleen proefversies zonder betaalmethode toe, en { $product } heeft die niet. Vraag uw IT-beheerder om een licentie.
decision-trial-without-payment-method = U kunt een proefversie van { $product } starten zonder betaalmethode.
decision-product-retired = { $product } wordt niet meer verkocht. Vraag uw IT-beheerder wat ervoor in de plaats komt.
