## Aanmeldpagina met apparaatcode (/devicelogin).

device-title = Aanmelden bij mscommerce
device-intro = Voer de code in die het programma toont dat u vraagt om aan te melden, en daarna uw account en wachtwoord.
device-code-label = Code
device-username-label = Account (gebruiker@domein)
device-password-label = Wachtwoord
device-sign-in = Aanmelden
device-decline = Weigeren
device-hint = Ga alleen verder als u deze aanmelding zelf hebt gestart. Voer nooit een code in die iemand u heeft gestuurd.
device-approved = U bent aangemeld als { $user }. Het programma dat erom vroeg kan nu verder.
device-declined = De aanmelding is geweigerd. Het programma dat erom vroeg krijgt dat te horen.
device-close-window = U kunt dit venster sluiten.
device-bad-credentials = { $attempts ->
    [one] Het account of wachtwoord is onjuist. U hebt nog één poging.
   *[other] Het account of wachtwoord is onjuist. U hebt nog { $attempts } pogingen.
}
device-too-many-attempts = Te vaak een onjuist wachtwoord: deze code is niet meer bruikbaar. Start de aanmelding opnieuw voor een nieuwe code.
device-wrong-tenant = Deze code is voor de directory { $tenant }. Meld u aan met een account van die directory.
device-account-disabled = Dit account is uitgeschakeld. Vraag het uw beheerder.
device-unknown-code = Deze code is niet geldig: mogelijk verkeerd getypt, verlopen of al gebruikt. Controleer de code, of start de aanmelding opnieuw voor een nieuwe code.
device-unavailable = De aanmeldservice kan nu niet antwoorden. Probeer het zo opnieuw.
device-idp-off = Deze service heeft geen ingebouwde aanmelding; meld u aan bij de identiteitsprovider van uw organisatie.
