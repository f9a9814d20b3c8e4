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
device-wrong-tenant = Dit account hoort niet bij de tenant { $tenant } waarvoor de aanmelding is gestart.
device-account-disabled = Dit account is uitgeschakeld.
device-unknown-code = Deze code is onbekend of verlopen. Begin opnieuw met mscommerce connect.
device-unavailable = Aanmelden is op dit moment niet mogelijk. Probeer het zo meteen opnieuw.
device-idp-off = De ingebouwde identiteitsprovider is op deze service uitgeschakeld.
device-prompt = Met deze code meldt { $app } zich aan bij de directory { $tenant }. Ga alleen verder als u dat zelf hebt gestart.
