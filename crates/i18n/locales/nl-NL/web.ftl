### Webpagina's van de service (de aanmeldingspagina met apparaatcode van de ingebouwde identiteitsprovider) — nl-NL.

device-title = Aanmelden bij mscommerce
device-intro = Voer de code in die de opdrachtregel toont, en daarna de gebruikersnaam en het wachtwoord van het account.
device-code-label = Code
device-username-label = Gebruikersnaam
device-password-label = Wachtwoord
device-sign-in = Aanmelden
device-decline = Weigeren
device-hint = Ga alleen verder als u deze aanmelding zelf hebt gestart (mscommerce connect). Voer nooit een code in die iemand u heeft gestuurd.
device-approved = Aangemeld als { $user }. U kunt teruggaan naar de opdrachtregel.
device-declined = De aanmelding is geweigerd. De opdrachtregel stopt met wachten.
device-close-window = U kunt dit venster sluiten.
device-bad-credentials = Onjuiste gebruikersnaam of onjuist wachtwoord. { $attempts ->
        [one] Nog één poging over.
       *[other] Nog { $attempts } pogingen over.
    }
device-too-many-attempts = Te veel pogingen: deze code werkt niet meer. Begin opnieuw met mscommerce connect.
sign-in-locked = Dit account is voorlopig vergrendeld: vanaf dit apparaat of netwerk zijn te veel onjuiste wachtwoorden geprobeerd. Probeer het over { $minutes ->
        [one] een minuut
       *[other] { $minutes } minuten
    } opnieuw, of vraag een beheerder het wachtwoord opnieuw in te stellen als het geraden kan zijn.
sign-in-throttled = Te veel mislukte aanmeldingen vanaf uw adres. Wacht { $seconds } seconden en probeer het dan opnieuw.
device-wrong-tenant = Dit account hoort niet bij de tenant { $tenant } waarvoor de aanmelding is gestart.
device-account-disabled = Dit account is uitgeschakeld.
device-unknown-code = Deze code is onbekend of verlopen. Begin opnieuw met mscommerce connect.
device-unavailable = Aanmelden is op dit moment niet mogelijk. Probeer het zo meteen opnieuw.
device-idp-off = De ingebouwde identiteitsprovider is op deze service uitgeschakeld.
device-prompt = Met deze code meldt { $app } zich aan bij de directory { $tenant }. Ga alleen verder als u dat zelf hebt gestart.
device-prompt-any = Met deze code meldt { $app } zich aan bij de directory van het account waarmee u zich aanmeldt. Ga alleen verder als u dat zelf hebt gestart.
authorize-title = Aanmelden
authorize-intro = { $app } vraagt u zich aan te melden bij { $tenant }.
authorize-intro-any = { $app } vraagt u zich aan te melden met het account van uw organisatie.
authorize-bad-credentials = Onjuiste gebruikersnaam of onjuist wachtwoord. Controleer ze en probeer het opnieuw.
authorize-error-title = Deze aanmelding kan niet doorgaan
authorize-error-hint = Ga terug naar de toepassing en begin opnieuw met aanmelden. Gebeurt het weer, geef deze melding dan aan uw beheerder.
authorize-origin = Dit aanmeldformulier is vanaf een andere site verzonden en geweigerd. Open de aanmelding opnieuw vanuit de toepassing.
authorize-bad-request = De aanmeldaanvraag kon niet worden gelezen. Ga terug naar de toepassing en begin opnieuw.
authorize-form-post-title = Bezig met aanmelden…
authorize-form-post-noscript = Scripts staan uit in deze browser: klik op Doorgaan om terug te gaan naar de toepassing.
authorize-form-post-continue = Doorgaan
page-title = Selfservice-proefversies en -aankopen
page-landing = Meld u aan om te zien en te wijzigen welke producten de mensen in uw organisatie zelf mogen kopen of uitproberen.
page-sign-in = Aanmelden
page-sign-out = Afmelden
page-signed-in-as = Aangemeld als { $user }
page-intro = Kies of gebruikers in uw organisatie deze producten zelf mogen kopen of uitproberen.
page-search = Producten zoeken
page-filter = Instelling
page-filter-all = Alle instellingen
page-sort = Sorteren op
page-sort-name = Naam
page-sort-setting = Instelling
page-apply = Toepassen
page-col-product = Product
page-col-setting = Instelling
page-count = { $count ->
    [one] Eén product
   *[other] { $count } producten
}
value-enabled = Toestaan
value-trials = Alleen proefversies toestaan
value-disabled = Niet toestaan
page-future-only = Een wijziging geldt alleen voor toekomstige aankopen en proefversies; wat al gekocht of gestart is, blijft zoals het is.
page-save = Opslaan
page-saved = { $product }: opgeslagen als ‘{ $value }’.
page-conflict = Iemand anders heeft { $product } gewijzigd terwijl u keek: het is nu ‘{ $value }’. Controleer het en sla opnieuw op als u het toch wilt wijzigen.
page-readonly = U kunt deze instellingen zien maar niet wijzigen: uw rol is Globale lezer. Een globale beheerder of een factureringsbeheerder kan ze wijzigen.
page-noaccess-title = U kunt selfservice-aankopen niet beheren
page-noaccess-who = U bent aangemeld als { $user }.
page-noaccess-roles = Alleen deze rollen mogen deze instellingen wijzigen: Globale beheerder, Factureringsbeheerder. Een Globale lezer mag ze zien.
page-noaccess-how = Vraag een globale beheerder van uw organisatie u een van deze rollen te geven, meld u daarna af en weer aan.
page-csrf = Dit formulier is verlopen of komt niet van deze pagina; het is geweigerd en er is niets gewijzigd. Laad de pagina opnieuw en probeer het nog eens.
page-session-expired = Uw sessie is beëindigd. Meld u opnieuw aan.
page-bad-request = Het formulier kon niet worden gelezen; er is niets gewijzigd. Laad de pagina opnieuw en probeer het nog eens.
page-not-found = Dit product staat niet in de catalogus. Laad de pagina opnieuw om de huidige lijst te zien.
page-unavailable = De service kan nu niet antwoorden en er is niets gewijzigd. Probeer het zo meteen opnieuw.
page-signin-failed = De aanmelding kon niet worden voltooid: { $reason } Meld u opnieuw aan.
page-refused = Deze wijziging is geweigerd: { $reason }
page-language = Taal
page-default-title = Standaard voor nieuwe producten
page-default-intro = Producten die vanaf nu aan de catalogus worden toegevoegd, beginnen met deze instelling (‘Niet toestaan’ in plaats van ‘Alleen proefversies toestaan’ voor een product zonder proefversie).
page-default-saved = Nieuwe producten beginnen als ‘{ $value }’.
page-bulk-title = Geselecteerde producten wijzigen
page-bulk-select = { $product } selecteren
page-bulk-value = Nieuwe instelling
page-bulk-save = Opslaan voor de geselecteerde producten
page-bulk-saved = { $count ->
    [one] Eén product opgeslagen als ‘{ $value }’.
   *[other] { $count } producten opgeslagen als ‘{ $value }’.
}
page-bulk-none = Selecteer eerst minstens één product; er is niets gewijzigd.
page-journal-title = Auditlogboek
page-journal-actor = Gewijzigd door
page-journal-from = Van
page-journal-to = Tot en met
page-journal-time = Tijd
page-journal-change = Wijziging
page-journal-result = Resultaat
page-journal-csv = CSV downloaden
page-journal-empty = Geen vermeldingen komen overeen met deze filters.
page-journal-older = Oudere vermeldingen
page-journal-bad-filter = Een filter kon niet worden gelezen: het product moet een product-id zijn (zoals CFQ7TTC0LH18) en de datums moeten dagen zijn (JJJJ-MM-DD). Corrigeer het en probeer het opnieuw.
page-last-change = Laatst gewijzigd
page-never-changed = Nooit gewijzigd
page-offer-types = Aanbiedingstypen

## Weergaven Aanvragen en Aankopen

page-nav = Weergaven
page-nav-products = Producten
page-requests-title = Licentieaanvragen
page-purchases-title = Aankopen en proefversies
page-requests-intro-decider = Hier vragen mensen in uw organisatie licenties aan voor producten die ze niet zelf mogen kopen of uitproberen. Keur elke aanvraag goed of af; de aanvrager ziet uw besluit en uw notitie.
page-requests-intro-user = Vraag de beheerders van uw organisatie om een licentie voor een product dat u niet zelf mag kopen of uitproberen, en volg uw aanvragen hier.
page-request-ask = Een licentie aanvragen
page-request-choose = Kies een product
page-request-message = Bericht
page-request-send = Aanvraag versturen
page-requests-all = De aanvragen van uw organisatie
page-requests-mine = Uw aanvragen
page-request-status = Status
page-request-all = Alle
page-request-filed = Aangevraagd op
page-request-requester = Aangevraagd door
page-request-decide = Besluit
page-request-note = Notitie voor de aanvrager (optioneel)
page-request-approve = Goedkeuren
page-request-deny = Afwijzen
page-requests-empty = Geen aanvragen gevonden.
page-request-pending = In behandeling
page-request-approved = Goedgekeurd
page-request-denied = Afgewezen
page-request-expired = Verlopen
page-request-sent = Uw aanvraag voor { $product } is naar uw beheerders gestuurd.
page-request-did-approve = U hebt de aanvraag van { $requester } voor { $product } goedgekeurd.
page-request-did-deny = U hebt de aanvraag van { $requester } voor { $product } afgewezen.
page-request-pick = Kies een product uit de lijst en verstuur de aanvraag opnieuw.
page-request-message-bad = Het bericht is te lang of bevat tekens die niet bewaard kunnen worden: hoogstens 1000 tekens tekst, regeleinden toegestaan. Maak het korter en verstuur het opnieuw.
page-request-gone = Deze aanvraag bestaat niet (meer). Laad de pagina opnieuw om de huidige lijst te zien.
page-requests-app = Licentieaanvragen zijn voor mensen: een toepassing kan ze niet indienen of lezen.
page-requests-not-decider = Alleen een globale beheerder, factureringsbeheerder, licentiebeheerder of gebruikersbeheerder kan aanvragen goedkeuren of afwijzen; er is niets gewijzigd.
page-purchases-intro = Wat storefronts voor uw organisatie hebben vastgelegd, nieuwste eerst: gestarte proefversies, gedane aankopen, omgezette proefversies en opgezegde abonnementen.
page-purchases-user = Gebruiker
page-purchases-kind = Wat
page-purchases-quantity = Aantal
page-purchases-setting = Instelling op dat moment
page-purchases-empty = Geen aankopen of proefversies gevonden.
page-purchases-bad-filter = Een filter kon niet worden gelezen: het product moet een product-id zijn (zoals CFQ7TTC0LH18). Corrigeer het en probeer het opnieuw.
page-purchase-trialStarted = Proefversie gestart
page-purchase-purchaseMade = Aankoop gedaan
page-purchase-trialConverted = Proefversie omgezet
page-purchase-subscriptionCancelled = Abonnement opgezegd
page-noaccess-request = Een licentie voor een product aanvragen
