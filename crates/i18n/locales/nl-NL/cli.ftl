### mscommerce CLI — nl-NL. Beleidswaarden, productnamen, id's en opdrachten zijn gegevens: die worden
### niet vertaald.

## Help

help-about = Beleid voor selfservice-aankopen van Microsoft 365-tenants: de beleidsservice en de opdrachtregel (alle MSCommerce-cmdlets, op elk besturingssysteem).
help-usage-heading = Gebruik:
help-heading-options = Opties
help-heading-commands = Opdrachten
help-arg-help = Help weergeven
help-arg-version = Versie weergeven
help-exit-codes =
    Afsluitcodes:
      0  gelukt
      2  gebruik: onjuiste argumenten, onleesbaar referentiebestand
      3  aanmelding: niet aangemeld, aanmelding geweigerd of verlopen (HTTP 401), onleesbare tokencache
      4  verboden: het account of de app mist de rol of machtiging (HTTP 403)
      5  niet gevonden: dat beleid, product of aanbiedingstype bestaat niet (HTTP 404)
      6  ongeldige aanvraag: de service weigerde een waarde (HTTP 400)
      7  service of netwerk: storing of overbelasting van de service (HTTP 5xx, 429), netwerk- of TLS-fout
      8  afwijking: diff stelde vast dat de tenant niet meer overeenkomt met het bestand
      9  conflict: iemand heeft een waarde gewijzigd sinds die werd gelezen (HTTP 412), of de aanvraag is al beslist of loopt al (HTTP 409); er is niets gewijzigd
     10  uitvoer verloren: het resultaat kon niet worden geschreven (bijvoorbeeld een volle schijf)
     11  uitkomst onbekend: een wijziging is verstuurd en er kwam geen antwoord (Ctrl+C, --timeout); controleer met audit
    130  onderbroken (Ctrl+C) voordat er iets gewijzigd was
      Met --all-profiles of --profiles: de slechtste code van de tenants (elke fout weegt zwaarder dan een afwijking).

help-arg-endpoint = De licentieservice [standaard: https://licensing.m365.microsoft.com]
help-arg-token = Dit toegangstoken gebruiken in plaats van het aangemelde profiel (zoals -Token); "-" leest het van stdin
help-arg-profile = De aanmelding die u wilt gebruiken; er kunnen er meerdere naast elkaar bestaan [standaard: de huidige]
help-arg-output = Uitvoer van leesopdrachten: table voor mensen, json of csv voor scripts
help-arg-lang = Taal van de berichten: en-US, zh-TW, fr-FR, nl-NL, de-DE [standaard: uit MSCOMMERCE_LANG, LC_ALL, LC_MESSAGES, LANG]
help-arg-verbose = Elke aanvraag op stderr tonen (methode, URL, status, correlatie- en aanvraag-id's); nooit tokens of geheimen
help-arg-wide = Tabellen: elke kolom en elke cel volledig, hoe breed ook (standaard passen ze in de terminal)

help-cmd-connect = Aanmelden en de tokens in een profiel bewaren (Connect-MSCommerce)
help-cmd-disconnect = De tokens van het profiel vergeten
help-cmd-whoami = Wie is aangemeld: account of app, tenant, rollen of machtigingen, vervaldatum
help-cmd-profile = De naast elkaar bewaarde aanmeldingen: weergeven, de aanmelding kiezen die opdrachten gebruiken, er één tonen
help-cmd-get-policies = De beleidsregels weergeven (Get-MSCommercePolicies)
help-cmd-get-policy = Eén beleid weergeven (Get-MSCommercePolicy)
help-cmd-get-product-policies = Het beleid van elk product of aanbiedingstype weergeven (Get-MSCommerceProductPolicies)
help-cmd-get-product-policy = Het beleid van één product of aanbiedingstype weergeven (Get-MSCommerceProductPolicy)
help-cmd-update-product-policy = Het beleid van één product of aanbiedingstype wijzigen, of met --all van alle tegelijk (Update-MSCommerceProductPolicy)
help-cmd-update-policy = De standaardwaarde van de tenant wijzigen voor producten die later aan de catalogus worden toegevoegd
help-cmd-export = Het beleid van de tenant als gewenste-statusbestand (TOML of JSON) schrijven: de standaardwaarde en elk product en aanbiedingstype
help-cmd-plan = Tonen wat het toepassen van een gewenste-statusbestand zou veranderen (huidig → gewenst), zonder iets te wijzigen
help-cmd-apply = De tenant gelijkmaken aan een gewenste-statusbestand: één atomaire wijziging, elke waarde gecontroleerd tegen wat werd gelezen (If-Match)
help-cmd-diff = Controleren of de tenant nog overeenkomt met een gewenste-statusbestand; afsluitcode 8 bij afwijking
help-cmd-audit = Het auditlogboek tonen: wie wat wanneer heeft gewijzigd, en geweigerde wijzigingen (nieuwste eerst)
help-cmd-get-self-service-purchases = De aankopen en proefversies tonen die webwinkels voor de tenant hebben vastgelegd: wie wat wanneer en hoeveel kocht of startte (nieuwste eerst)
help-cmd-request-license = De beheerders van de tenant om een licentie voor een product vragen; zij keuren goed of wijzen af
help-cmd-get-license-requests = Licentieaanvragen tonen: die van uzelf, of alle van de tenant als u erover beslist (globale, facturerings-, licentie- of gebruikersbeheerder)
help-cmd-approve-license-request = Een openstaande licentieaanvraag goedkeuren (globale, facturerings-, licentie- of gebruikersbeheerder); wordt vastgelegd
help-cmd-deny-license-request = Een openstaande licentieaanvraag afwijzen (globale, facturerings-, licentie- of gebruikersbeheerder); wordt vastgelegd
help-cmd-webhook = Webhooks: een eigen systeem laten weten wat er is gebeurd (beleid gewijzigd, proefversie gestart, aankoop gedaan, licentieaanvraag ingediend of beslist): add, list, remove, deliveries, replay

help-arg-tenant = Tenant: een domeinnaam of tenant-id [standaard: organizations; verplicht voor apps]
help-arg-authority = De identiteitsprovider [standaard: login.microsoftonline.com voor de Microsoft-service, anders het adres van het eindpunt zelf]
help-arg-device-code = Aanmelden met een apparaatcode (standaard): open het getoonde adres en voer de code in
help-arg-username = Aanmelden als deze gebruiker met een wachtwoord: op de terminal gevraagd zonder het te tonen, of met --password-stdin van stdin gelezen (zoals -AdminAccount; onmogelijk met meervoudige verificatie)
help-arg-password-stdin = Het wachtwoord lezen van de eerste regel van stdin
help-arg-client-id = Aanmelden als app (clientreferenties) met deze client-id; het geheim komt uit MSCOMMERCE_CLIENT_SECRET, --client-secret-file of --certificate
help-arg-client-secret-file = Een bestand waarvan de eerste regel het clientgeheim van de app is (geef een geheim nooit als argument)
help-arg-certificate = Een PEM-bestand met het certificaat van de app (en de persoonlijke sleutel, tenzij --certificate-key is opgegeven)
help-arg-certificate-key = De persoonlijke sleutel van het certificaat (PEM), als die niet in het --certificate-bestand staat
help-arg-all = Alle profielen vergeten
help-arg-policy-id = Het beleid
help-arg-scope = Producten of aanbiedingstypen
help-arg-get-product-policies-value = Alleen die met deze waarde
help-arg-name = Alleen die waarvan de naam of id deze tekst bevat (hoofdletterongevoelig)
help-arg-product-id = De product-id (bijv. CFQ7TTC0H9MP); een verouderde id werkt op het huidige product
help-arg-offer-type = Het aanbiedingstype (bijv. SaaS)
help-arg-enabled = true = Enabled, false = Disabled
help-arg-value = De nieuwe waarde
help-arg-what-if = Tonen wat er zou veranderen, zonder iets te wijzigen
help-arg-confirm = Eerst om bevestiging vragen
help-arg-update-product-policy-all = Alle producten, in één aanvraag en één transactie
help-arg-all-offer-types = Alle aanbiedingstypen (met --all: producten en aanbiedingstypen in dezelfde transactie)
help-arg-except = Met --all of --all-offer-types: deze producten of aanbiedingstypen laten zoals ze zijn (id's gescheiden door komma's)
help-arg-default-value = De standaardwaarde voor producten die later aan de catalogus worden toegevoegd (bestaande producten houden hun waarde)
help-arg-all-profiles = Uitvoeren voor elk aangemeld profiel (elk één tenant), met een rapport per tenant
help-arg-profiles = Uitvoeren voor deze profielen (gescheiden door komma's), met een rapport per tenant
help-arg-file = Het gewenste-statusbestand (TOML of JSON; "-" leest standaardinvoer)
help-arg-export-file = Waar het bestand naartoe wordt geschreven [standaard: standaarduitvoer]; "-" is standaarduitvoer
help-arg-format = De bestandsindeling: toml (voor mensen) of json [standaard: volgens de bestandsextensie, anders json met --output json, anders toml]
help-arg-force = Het bestand vervangen als het bestaat
help-arg-yes = Toepassen zonder te vragen
help-arg-apply-what-if = Het plan tonen, zonder iets te wijzigen
help-arg-audit-product-id = Alleen vermeldingen over dit product
help-arg-audit-offer-type = Alleen vermeldingen over dit aanbiedingstype
help-arg-actor = Alleen vermeldingen van deze gebruiker (aanmeldnaam of object-id) of app (app-id)
help-arg-since = Alleen vermeldingen vanaf dit tijdstip: RFC 3339 (2026-11-20T09:00:00Z), een datum (UTC) of een ouderdom zoals 30m, 24h, 7d
help-arg-until = Alleen vermeldingen vóór dit tijdstip (dezelfde notaties als --since)
help-arg-top = Maximaal dit aantal vermeldingen, nieuwste eerst
help-arg-audit-all = Alle vermeldingen (alle pagina's)
help-arg-get-self-service-purchases-product-id = Alleen vastleggingen van dit product (een oude id vindt die van zijn product)
help-arg-user = Alleen vastleggingen van deze gebruiker: aanmeldnaam of object-id
help-arg-kind = Alleen vastleggingen van deze soort
help-arg-get-self-service-purchases-top = Maximaal dit aantal vastleggingen, nieuwste eerst
help-arg-get-self-service-purchases-all = Alle vastleggingen (alle pagina's)
help-arg-request-license-product-id = Het product dat u nodig hebt (bijv. CFQ7TTC0H9MP)
help-arg-message = Een bericht: waarom u het nodig hebt, of voor de aanvrager
help-arg-status = Alleen aanvragen in deze toestand
help-arg-get-license-requests-product-id = Alleen aanvragen voor dit product
help-arg-requester = Alleen aanvragen van deze gebruiker: aanmeldnaam of object-id
help-arg-get-license-requests-all = Alle aanvragen (alle pagina's)
help-arg-get-license-requests-top = Maximaal dit aantal aanvragen, nieuwste eerst
help-arg-id = De id van de aanvraag, zoals get-license-requests die toont

## Usage errors

usage-invalid-value = { $value } is geen geldige waarde voor { $arg }.
usage-missing-value = { $arg } heeft een waarde nodig.
usage-possible-values = Mogelijke waarden: { $values }
usage-unknown-argument = Onbekende optie { $arg }.
usage-unknown-command = Onbekende opdracht { $command }.
usage-did-you-mean = Bedoelde u { $suggestion }?
usage-missing-required = Ontbreekt: { $args }
usage-conflict = { $arg } kan niet samen met { $other } worden gebruikt.
usage-missing-command = Welke opdracht? Zie de lijst hieronder.
usage-more-info = Voeg --help toe voor meer informatie.

## Failures (stderr)

error-line = fout: { $message }
failure-ids = Correlatie-id: { $correlation } · aanvraag-id: { $request } (geef deze door aan uw ondersteuningsafdeling)
failure-correlation = Correlatie-id: { $correlation } (geef deze door aan uw ondersteuningsafdeling)
service-said = De service meldde: { $reason }
identity-provider-said = De identiteitsprovider meldde: { $reason }
technical-detail = Details: { $message }
list-none = geen
list-separator = { ", " }
word-or = of
placeholder-tenant = <tenant>
access-read = om beleid te lezen
access-write = om beleid te wijzigen
connect-again = Maak opnieuw verbinding: { $command }
connect-first = Maak eerst verbinding: { $command }

error-runtime = Kan niet starten: { $message }
error-stdin = Kan stdin niet lezen: { $message }
error-token-empty = Het token dat met --token is opgegeven, is leeg.
error-token-not-jwt = Het token dat met --token is opgegeven, is geen JWT-toegangstoken.
error-password-empty = Geen wachtwoord op stdin: geef het via een pipe door, bijv. printf '%s\n' "$PASSWORD" | mscommerce connect --username ... --password-stdin
error-tenants-without-all = --profiles en --all-profiles werken alleen samen met --all of --all-offer-types. Om één product in veel tenants te wijzigen, zet u het in een bestand met de gewenste status en voert u apply --profiles uit.
error-password-typed-empty = Het wachtwoord is leeg: typ het bij de vraag (het wordt tijdens het typen niet getoond), of voer connect uit zonder --username om u met een apparaatcode aan te melden.
error-password-stdin-terminal = --password-stdin leest het wachtwoord uit een pipe, maar stdin is een terminal, waar het tijdens het typen zichtbaar zou zijn: laat --password-stdin weg, dan wordt erom gevraagd zonder dat het zichtbaar is.
error-password-no-terminal = Er is geen terminal om het wachtwoord te vragen: geef het via een pipe door en voeg --password-stdin toe, bijv. printf '%s\n' "$PASSWORD" | mscommerce connect --username ... --password-stdin
connect-password-prompt = Wachtwoord voor { $upn }:
error-app-needs-tenant = Een app meldt zich aan bij één tenant: voeg --tenant toe met de domeinnaam of tenant-id.
error-no-target = Geef aan welke: --product-id of --offer-type (of --all, --all-offer-types voor alle tegelijk).
error-except-without-all = --except kan alleen samen met --all of --all-offer-types worden gebruikt.
error-except-unknown = --except noemt { $id }, dat geen product of aanbiedingstype van deze tenant is.
error-offer-type-value = Aanbiedingstypen kennen alleen Enabled of Disabled, niet { $value }: laat --all-offer-types weg of kies een andere waarde.
error-profiles-with-token = --all-profiles en --profiles gebruiken de aangemelde profielen; ze kunnen niet samen met --token worden gebruikt.
error-profiles-with-profile = Gebruik --profile voor één tenant, of --profiles / --all-profiles voor meerdere, niet beide.
error-time = { $value } is geen tijdstip voor { $arg }: gebruik RFC 3339 (2026-11-20T09:00:00Z), een datum (2026-11-20, UTC) of een ouderdom (30m, 24h, 7d, 2w).
error-apply-stdin-needs-yes = Het bestand komt van standaardinvoer, dus het antwoord op de vraag kan daar niet vandaan komen: voeg --yes toe om het toe te passen (of --what-if om het plan te zien).
error-no-answer = Er is geen terminal om de vraag te stellen en er kwam geen antwoord op standaardinvoer, dus er is niets gewijzigd: voeg { $flag } toe om zonder bevestigingsvraag door te gaan.
error-device-code-no-terminal = Er is geen terminal om een apparaatcode op te tonen, dus niemand kan deze aanmelding afronden: voeg --device-code toe om er toch op te wachten, of meld u aan met --username en --password-stdin, of als app met --client-id.
where-profile = { $tenant } (profiel { $profile }, { $account })
where-token = { $tenant } ({ $account })
error-batch-too-large = { $changes } wijzigingen passen niet in één transactie (hoogstens { $max }): splits het bestand.
error-no-value = Geef de nieuwe waarde op: --enabled true|false of --value Enabled|Disabled|OnlyTrialsWithoutPaymentMethod.
error-profile-endpoint-mismatch = Het profiel { $profile } is aangemeld bij { $profileEndpoint }, niet bij { $endpoint }. Laat --endpoint weg, of meld u aan bij { $endpoint } in een ander profiel: { $command }

error-forbidden-read = Toegang geweigerd (HTTP 403 Forbidden): voor het lezen van beleid voor selfservice-aankopen is een account nodig van een globale beheerder (voorheen bedrijfsbeheerder), factureringsbeheerder of globale lezer.
error-forbidden-write = Toegang geweigerd (HTTP 403 Forbidden): voor het wijzigen van beleid voor selfservice-aankopen is een account nodig van een globale beheerder (voorheen bedrijfsbeheerder) of factureringsbeheerder. Een globale lezer mag het beleid alleen lezen.
forbidden-signed-in-as = U bent aangemeld als { $account } (tenant { $tenant }) met de rollen: { $roles }.
forbidden-what-to-do = Wat u kunt doen:
forbidden-reconnect = {"  "}• opnieuw verbinding maken met een account dat een van die rollen heeft: { $command }
forbidden-ask-admin = {"  "}• of uw IT-beheerder vragen u een van deze rollen toe te wijzen: { $roles }.
error-forbidden-app = Toegang geweigerd (HTTP 403 Forbidden): de app { $app } heeft de toepassingsmachtiging { $permission } nodig { $access }.
forbidden-app-has = De app heeft: { $permissions }.
forbidden-app-grant = {"  "}• vraag een beheerder om { $app } de toepassingsmachtiging { $permission } te verlenen (met beheerderstoestemming),
forbidden-app-reconnect = {"  "}• en maak daarna opnieuw verbinding zodat het nieuwe token die machtiging bevat: { $command }

error-sign-in-expired = Uw aanmelding is verlopen of door de service geweigerd. Maak opnieuw verbinding: { $command }
error-token-refused = De service heeft het met --token opgegeven token geweigerd: het is verlopen of niet voor deze service uitgegeven. Haal een nieuw token op, of meld u aan: { $command }

error-product-not-found = Geen product { $product } in het beleid { $policy }.
error-offer-type-not-found = Geen aanbiedingstype { $offerType } in het beleid { $policy }.
error-policy-not-found = Geen beleid { $policy }.
not-found-closest = De dichtstbijzijnde:
not-found-list-all = Om ze allemaal te tonen: { $command }
not-found-known-policies = Bekende beleidsregels: { $policies }

error-invalid-request = De service heeft de aanvraag als ongeldig geweigerd (HTTP { $status }).
error-conflict = { $target } is door iemand anders gewijzigd sinds het werd gelezen, dus er is niets gewijzigd.
conflict-what-to-do = Bekijk de huidige status en voer de opdracht opnieuw uit (voor een bestand: mscommerce plan -f BESTAND, dan apply).
error-batch-refused = De service heeft de wijziging van { $target } geweigerd (HTTP { $status }), dus er is niets gewijzigd.
error-invalid-value = De service heeft de waarde { $value } voor { $target } geweigerd (HTTP { $status }).
invalid-allowed-values = Toegestane waarden: { $values }
error-busy = De service is overbelast (HTTP { $status }) en was dat na { $attempts } pogingen nog steeds. Probeer het over een paar minuten opnieuw.
error-service = Er is een fout opgetreden in de service (HTTP { $status }). Probeer het opnieuw; blijft de fout optreden, geef dan de id's hieronder door aan de beheerder van de service.
error-unexpected-answer = { $url } gaf een antwoord dat niet van de licentie-API komt (HTTP { $status }): klopt --endpoint?

error-network-dns = De host van { $url } is niet gevonden: controleer --endpoint en uw netwerk of proxy.
error-network-connect = Er antwoordt niets op { $url }: draait de service en klopt het adres?
error-network-tls = De beveiligde verbinding met { $url } is mislukt: het certificaat wordt niet vertrouwd of is niet geldig voor die naam.
error-network-timeout = { $url } antwoordde niet op tijd: controleer uw netwerk en probeer het opnieuw.
error-network-redirect = { $url } antwoordde met een omleiding, en mscommerce volgt nooit omleidingen (tokens mogen nergens anders heen): controleer --endpoint en --authority.
error-network-other = De verbinding met { $url } is mislukt.

error-sign-in-refused = De identiteitsprovider heeft de aanmelding geweigerd ({ $error }).
hint-invalid-grant = Controleer de gebruikersnaam en het wachtwoord. Een account met meervoudige verificatie kan zich niet met een wachtwoord aanmelden: gebruik in plaats daarvan een apparaatcode: { $command }
hint-invalid-client = Controleer de client-id van de app en het geheim of certificaat, en of de app in deze tenant bestaat.
error-device-declined = De aanmelding is geweigerd.
error-device-expired = De code is verlopen voordat de aanmelding was voltooid.
error-device-bad-code = De identiteitsprovider kent deze aanmeldingscode niet meer.
error-not-connected = Niet aangemeld (profiel { $profile }).
not-connected-known = Aangemelde profielen: { $profiles } (kies er een met --profile)
error-sign-in-cannot-renew = De aanmelding van profiel { $profile } is verlopen en kan niet worden vernieuwd.
error-cache-corrupt = De tokencache { $path } is onleesbaar; uw aanmeldingen zijn verloren.
error-cache-io = De tokencache { $path } is niet bruikbaar.
error-no-config-dir = Geen configuratiemap voor de tokencache: stel MSCOMMERCE_CONFIG_DIR in.
error-profile-name = { $name } is geen profielnaam: gebruik 1 tot 64 letters, cijfers, ".", "-" of "_".

error-credential-read = Kan { $path } niet lezen: { $message }
error-credential-empty = { $path } is leeg.
error-no-certificate = { $path } bevat geen certificaat (-----BEGIN CERTIFICATE-----).
error-no-private-key = { $path } bevat geen persoonlijke RSA-sleutel: voeg die aan het bestand toe, of geef die op met --certificate-key.
error-bad-key = De persoonlijke sleutel in { $path } is niet bruikbaar: { $message }
error-no-secret = Geen clientgeheim: stel MSCOMMERCE_CLIENT_SECRET in, of geef --client-secret-file of --certificate op (nooit het geheim zelf als argument).
error-sign-assertion = Kan de clientassertie niet ondertekenen: { $message }
error-endpoint-url = { $value } is geen URL.
error-endpoint-scheme = { $value }: alleen https is toegestaan (of http naar deze computer), zodat tokens nooit onversleuteld over een netwerk gaan.
error-endpoint-extra = { $value } mag geen gebruikersnaam, wachtwoord, query of fragment bevatten.
error-timeout-value = --timeout { $value } is geen duur: gebruik een geheel getal en een eenheid, zoals 30s of 2m.
stopped-interrupted = Onderbroken
stopped-timeout = Geen antwoord binnen --timeout { $timeout }
stopped-write = { $why } terwijl een wijziging onderweg was: die is misschien wel, misschien niet doorgevoerd.
stopped-check = Bekijk wat er gewijzigd is met: { $command }
stopped-read = Onderbroken; er is niets gewijzigd.
stopped-read-timeout = Geen antwoord binnen --timeout { $timeout }; er is niets gewijzigd. Probeer het opnieuw of geef meer tijd.
error-endpoint-version = { $value } eindigt op de API-versie. Geef het adres van de service zonder die versie: --endpoint { $without } (elke opdracht voegt /v1.0 zelf toe).
error-tenant = { $value } is geen tenant: gebruik een domeinnaam, een tenant-id, organizations of common.

## Sign-in

connect-device-code = Open { $url } in een browser en voer de code { $code } in om u aan te melden ({ $minutes } minuten geldig). Wachten tot u klaar bent…
connect-done-user = Verbonden als { $account } met tenant { $tenant } (profiel { $profile }).
connect-done-app = Verbonden als de app { $account } met tenant { $tenant } (profiel { $profile }).
connect-cache-replaced = De onleesbare tokencache { $path } is vervangen.
disconnect-done = Afgemeld: { $profiles }.
disconnect-nothing = Niets te vergeten: er was geen profiel aangemeld.

whoami-profile = Profiel
whoami-token-given = (token opgegeven met --token)
whoami-endpoint = Service
whoami-kind = Aangemeld als
whoami-kind-user = gebruiker
whoami-kind-app = app
whoami-account = Account
whoami-app = App (client-id)
whoami-tenant = Tenant
whoami-roles = Rollen
whoami-permissions = Machtigingen
whoami-expires = Token verloopt
whoami-expired = verlopen
whoami-token-cache = Tokencache
profile-current = Huidig
profile-authority = Identiteitsprovider
profile-cache = Tokencache
profile-none = Er is geen profiel aangemeld. Meld u aan met mscommerce connect.
profile-now-current = { $profile } is nu het huidige profiel: opdrachten gebruiken het zonder --profile.

role-global-administrator = Globale beheerder
role-billing-administrator = Factureringsbeheerder
role-global-reader = Globale lezer
role-user = Gebruiker

## Results

column-policy-id = Beleids-id
column-description = Beschrijving
column-default-value = Standaardwaarde
column-product-name = Productnaam
column-product-id = Product-id
column-policy-value = Beleidswaarde
column-offer-type = Aanbiedingstype
list-empty = Niets komt overeen.

target-product = { $name } ({ $id })
target-offer-type = het aanbiedingstype { $id } ({ $name })
target-product-id = het product { $id }
target-offer-type-id = het aanbiedingstype { $id }
target-default = de standaardwaarde voor nieuwe producten
target-license-request = de licentieaanvraag { $id }
target-something = een waarde
what-if-change = WhatIf: het beleid { $policy } van { $target } zou veranderen van { $from } in { $to }. Er is niets gewijzigd.
what-if-no-change = WhatIf: het beleid { $policy } van { $target } is al { $from }; er zou niets veranderen.
confirm-change = Het beleid { $policy } van { $target } in { $where } wijzigen van { $from } in { $to }?
confirm-prompt = [j/N]
confirm-yes-answers = j, ja, y, yes
confirm-cancelled = Er is niets gewijzigd.
update-done = Het beleid { $policy } van { $target } is nu { $value }. Dit geldt voor toekomstige aankopen en proefversies, niet voor bestaande abonnementen.
update-default-done = De standaardwaarde van { $policy } voor producten die later aan de catalogus worden toegevoegd is nu { $value }. Bestaande producten houden hun waarde.

## Meerdere tenants (--all-profiles, --profiles)

tenant-heading = == { $profile }: { $tenant } ==
column-profile = Profiel
column-tenant = Tenant
column-result = Resultaat
column-exit-code = Code
summary-failed = mislukt ({ $reason })
exit-name-usage = gebruik
exit-name-sign-in = aanmelding
exit-name-forbidden = verboden
exit-name-not-found = niet gevonden
exit-name-invalid = ongeldige aanvraag
exit-name-service = service of netwerk
exit-name-drift = afwijking
exit-name-conflict = conflict
exit-name-unknown = uitkomst onbekend
exit-name-interrupted = onderbroken
summary-items = { $count ->
    [one] { $count } item
   *[other] { $count } items
}
summary-default = standaard { $value }
summary-no-changes = niets te wijzigen
summary-to-change = { $count ->
    [one] { $count } wijziging
   *[other] { $count } wijzigingen
}
summary-applied = { $count ->
    [one] { $count } gewijzigd
   *[other] { $count } gewijzigd
}
summary-in-sync = in orde
summary-drift = { $count ->
    [one] afgeweken: { $count } verschil
   *[other] afgeweken: { $count } verschillen
}
progress-reading = Lezen
progress-applying = Toepassen

## Alle tegelijk (update-product-policy --all)

column-name = Naam
column-id = Id
column-current = Huidig
column-desired = Gewenst
bulk-done = { $count ->
    [one] { $count } in één transactie gewijzigd in { $value }; { $unchanged } al { $value }; { $excepted } gelaten zoals ze zijn (--except).
   *[other] { $count } in één transactie gewijzigd in { $value }; { $unchanged } al { $value }; { $excepted } gelaten zoals ze zijn (--except).
} Dit geldt voor toekomstige aankopen en proefversies, niet voor bestaande abonnementen.
bulk-what-if = { $count ->
    [one] WhatIf: { $count } zou veranderen in { $value }; { $unchanged } al { $value }; { $excepted } gelaten zoals ze zijn (--except). Er is niets gewijzigd.
   *[other] WhatIf: { $count } zouden veranderen in { $value }; { $unchanged } al { $value }; { $excepted } gelaten zoals ze zijn (--except). Er is niets gewijzigd.
}
bulk-excepted = Gelaten zoals ze zijn: { $items }
bulk-confirm = { $count ->
    [one] Dit item in { $where } wijzigen in { $value }?
   *[other] Deze { $count } items in { $where } wijzigen in { $value }?
}
bulk-confirm-tenants = { $count ->
    [one] 1 item in { $tenants } tenants wijzigen in { $value }?
   *[other] { $count } items in { $tenants } tenants wijzigen in { $value }?
}

## Gewenste status (export, plan, apply, diff)

export-header-title = Gewenste status van het beleid { $policy } (geschreven door mscommerce export).
export-header-tenant = Tenant { $tenant }, geëxporteerd op { $time } door { $account }.
export-header-edit = Wijzig de waarden, dan: mscommerce plan -f BESTAND (wat zou veranderen), mscommerce apply -f BESTAND (wijzigen); mscommerce diff -f BESTAND meldt afwijkingen.
export-header-values = Waarden: Enabled, Disabled, OnlyTrialsWithoutPaymentMethod (alleen producten met een proefversie zonder betaalmethode); aanbiedingstypen: Enabled of Disabled.
export-header-default = default_value is de standaardwaarde voor producten die later aan de catalogus worden toegevoegd.
export-header-unlisted = Producten en aanbiedingstypen die niet vermeld staan blijven zoals ze zijn, tenzij default_for_unlisted = "Enabled" of "Disabled" is ingesteld; diff meldt ze.
export-done = { $count ->
    [one] De standaardwaarde, { $count } product en { $offerTypes } aanbiedingstypen van { $tenant } zijn geëxporteerd naar { $path }.
   *[other] De standaardwaarde, { $count } producten en { $offerTypes } aanbiedingstypen van { $tenant } zijn geëxporteerd naar { $path }.
}

error-file-read = Kan { $path } niet lezen: { $message }
error-file-write = Kan { $path } niet schrijven: { $message }
error-file-exists = { $path } bestaat al: kies een ander bestand of voeg --force toe om het te vervangen.
error-file-invalid-at = { $path } is geen geldig gewenste-statusbestand (regel { $line }, kolom { $column }).
error-file-invalid = { $path } is geen geldig gewenste-statusbestand.
error-file-alias-conflict = Het bestand vermeldt { $legacy }, een oude id van { $current }, en { $current } zelf met een andere waarde: houd er één van.
desired-syntax = Syntaxis: { $message }
desired-unknown-key = Onbekende sleutel { $key }. Hier toegestaan: { $allowed }.
desired-wrong-type = { $key } moet { $expected } zijn.
desired-expected-integer = een geheel getal
desired-expected-string = een tekenreeks tussen aanhalingstekens
desired-expected-table = een tabel
desired-expected-entry = een waarde tussen aanhalingstekens, of een tabel met value (en name)
desired-expected-comment = een tekenreeks of een lijst van tekenreeksen
desired-bad-value = { $key }: { $value } is hier niet toegestaan. Toegestane waarden: { $allowed }.
desired-bad-product-id = { $id } is geen product-id: gebruik 1 tot 64 letters, cijfers, "-" of "_".
desired-bad-offer-type = { $id } is geen aanbiedingstype: gebruik 1 tot 64 letters, cijfers, "-" of "_".
desired-duplicate = { $key } staat er twee keer in.
desired-version = Versie { $found } is onbekend: deze mscommerce leest versie 1.
desired-unknown-policy = Er is geen beleid { $policy }: het bekende beleid is AllowSelfServicePurchase.
desired-missing-value = { $key } heeft geen waarde: voeg value = "Enabled", "Disabled" of "OnlyTrialsWithoutPaymentMethod" toe.

plan-default-name = (standaardwaarde voor nieuwe producten)
plan-offer-type = (aanbiedingstype)
plan-offer-type-name = (aanbiedingstype) { $name }
plan-no-changes = Geen wijzigingen: de tenant komt al overeen met { $file }.
plan-summary = { $count ->
    [one] Plan: { $count } te wijzigen; { $inPlace } al goed. Pas het toe met { $command }.
   *[other] Plan: { $count } te wijzigen; { $inPlace } al goed. Pas het toe met { $command }.
}
plan-what-if = { $count ->
    [one] WhatIf: { $count } zou veranderen; { $inPlace } al goed. Er is niets gewijzigd.
   *[other] WhatIf: { $count } zouden veranderen; { $inPlace } al goed. Er is niets gewijzigd.
}
apply-done = { $count ->
    [one] Toegepast: { $count } wijziging in één transactie; { $inPlace } al goed.
   *[other] Toegepast: { $count } wijzigingen in één transactie; { $inPlace } al goed.
} Dit geldt voor toekomstige aankopen en proefversies, niet voor bestaande abonnementen.
plan-left-alone = { $count ->
    [one] Niet in het bestand, gelaten zoals het is: { $items }
   *[other] Niet in het bestand, gelaten zoals ze zijn: { $items }
}
plan-not-in-tenant = { $count ->
    [one] In het bestand maar niet in deze tenant (uit de handel genomen of onbekend), overgeslagen: { $items }
   *[other] In het bestand maar niet in deze tenant (uit de handel genomen of onbekend), overgeslagen: { $items }
}
apply-confirm = { $count ->
    [one] Deze wijziging toepassen op { $where }?
   *[other] Deze { $count } wijzigingen toepassen op { $where }?
}
apply-confirm-tenants = { $count ->
    [one] { $count } wijziging in { $tenants } tenants toepassen?
   *[other] { $count } wijzigingen in { $tenants } tenants toepassen?
}

column-drift = Afwijking
column-tenant-value = Tenant
column-file-value = Bestand
drift-kind-default = standaardwaarde gewijzigd
drift-kind-changed = gewijzigd
drift-kind-unlisted = niet in het bestand
drift-kind-missing = niet in de tenant
diff-in-sync = In orde: de tenant komt overeen met { $file }.
diff-drifted = { $count ->
    [one] Afwijking: de tenant verschilt op { $count } plaats van { $file }.
   *[other] Afwijking: de tenant verschilt op { $count } plaatsen van { $file }.
}

## Audit

column-time = Tijd (UTC)
column-actor = Wie
column-target = Wat
column-change = Wijziging
column-user = Gebruiker
column-product = Product
column-kind = Soort
column-quantity = Aantal
column-requester = Aanvrager
column-status = Status
column-decided-by = Beslist door
column-url = URL
column-events = Gebeurtenissen
column-event = Gebeurtenis
column-attempts = Pogingen
column-last-answer = Laatste antwoord
audit-actor-app = app { $id }
audit-result-succeeded = gewijzigd
audit-result-refused = geweigerd ({ $reason })

error-output = fout: de uitvoer kon niet worden geschreven ({ $message }) en is verloren. Controleer of het doelbestand of de doelschijf voldoende ruimte heeft en beschrijfbaar is, en voer de opdracht opnieuw uit.

## The operator's commands (admin)
admin-column-tenant-id = Tenant-id
admin-column-domain = Domein
admin-column-name = Naam
admin-column-upn = UPN
admin-column-object-id = Object-id
admin-column-roles = Rollen
admin-column-client-id = Client-id
admin-column-permissions = Machtigingen
admin-column-redirect-uris = Omleidings-URI's
admin-tenant-added = Tenant { $domain } toegevoegd met id { $id }
admin-user-added = Gebruiker { $upn } toegevoegd aan tenant { $tenant }
admin-password-once = Wachtwoord (eenmalig getoond): { $password }
admin-password-reset = Wachtwoord van { $upn } opnieuw ingesteld
admin-roles-set = Rollen van { $upn } ingesteld
admin-app-added = App { $client } toegevoegd aan tenant { $tenant }
admin-secret-once = Clientgeheim (eenmalig getoond): { $secret }
admin-secret-reset = Clientgeheim van { $client } (eenmalig getoond): { $secret }
admin-no-such-tenant = er is geen tenant '{ $tenant }'; toon de tenants met `mscommerce admin tenant list`
admin-stdin-password-unreadable = kan het wachtwoord niet van stdin lezen
admin-stdin-password-empty = het wachtwoord op stdin is leeg
admin-stdin-secret-unreadable = kan het geheim niet van stdin lezen
admin-stdin-secret-empty = het geheim op stdin is leeg
admin-no-randomness = geen bron van willekeur beschikbaar
admin-cannot-hash = kan het geheim niet hashen: { $reason }
admin-weak-secret = Geweigerd: { $reason }. Kies een sterker wachtwoord of geheim, laat --password-stdin / --secret-stdin weg om er een te laten genereren, of voeg --allow-weak toe als het echt moet.
admin-not-a-role = '{ $role }' is geen directoryrol; gebruik global-admin, billing-admin, global-reader of user
admin-not-a-upn = '{ $upn }' is geen user principal name (naam@domein)
admin-not-a-permission = '{ $permission }' is geen app-machtiging; gebruik { $read }, { $readWrite } of, voor een webwinkel, { $evaluate }
admin-not-a-redirect-uri = '{ $uri }' kan geen omleidings-URI zijn: geef een absoluut https://-adres zonder #fragment (http:// alleen op localhost, 127.0.0.1 of [::1])
admin-not-a-duration = '{ $value }' is geen duur; gebruik een geheel getal en een eenheid, zoals 0s, 15m, 2h of 1d
admin-cannot-read-file = kan { $path } niet lezen
admin-cannot-create-dir = kan { $dir } niet aanmaken
admin-data-dir-restricted = { $path } is nu alleen nog toegankelijk voor de eigenaar: andere gebruikers konden het lezen
admin-cannot-write = kan niet naar stdout schrijven: { $reason }
admin-cannot-add-tenant = kan tenant { $domain } niet toevoegen: { $reason }
admin-cannot-add-user = kan gebruiker { $upn } niet toevoegen: { $reason }
admin-cannot-reset-password = kan het wachtwoord van { $upn } niet opnieuw instellen: { $reason }
admin-cannot-set-roles = kan de rollen van { $upn } niet instellen: { $reason }
admin-cannot-add-app = kan app { $client } niet toevoegen: { $reason }
admin-cannot-reset-secret = kan het geheim van { $client } niet opnieuw instellen: { $reason }
admin-cannot-open-keys = kan de ondertekeningssleutels niet openen: { $reason }
admin-cannot-rotate-key = kan de ondertekeningssleutel niet vervangen: { $reason }
serve-cannot-listen = kan niet luisteren op { $addr }
admin-keys-rotated = De nieuwe ondertekeningssleutel { $kid } is actief; draaiende servers nemen hem vanzelf over. De oude sleutel blijft gepubliceerd tot de tokens die ermee zijn ondertekend, verlopen zijn.
admin-catalog-column-product-id = PRODUCT-ID
admin-catalog-column-trial = PROEF
admin-catalog-column-retired = UIT DE HANDEL
admin-catalog-column-name = NAAM
admin-catalog-column-legacy-ids = OUDE ID'S
admin-yes = ja
admin-no = nee
admin-catalog-added = { $product } ({ $name }) is aan de catalogus toegevoegd; elke tenant krijgt het met zijn eigen standaardwaarde voor nieuwe producten.
admin-catalog-renamed = { $product } is hernoemd naar { $name }
admin-catalog-retired = { $product } is uit de handel genomen: lijsten laten het weg en het beleid ervan verandert niet meer; lezen op id werkt nog steeds.
admin-catalog-retired-already = { $product } was al uit de handel genomen
admin-catalog-mapped = Aanvragen die { $legacy } noemen, werken nu op { $product }
admin-catalog-cannot-add = kan { $product } niet toevoegen: { $reason }
admin-catalog-cannot-rename = kan { $product } niet hernoemen: { $reason }
admin-catalog-cannot-retire = kan { $product } niet uit de handel nemen: { $reason }
admin-catalog-cannot-map = kan { $legacy } niet aan { $product } koppelen: { $reason }
admin-catalog-no-such-product = dat product bestaat niet; toon de producten met `mscommerce admin catalog list`
admin-catalog-bad-name = een productnaam heeft 1 tot 256 tekens, zonder stuurtekens
admin-audit-intact = tenant { $tenant }: { $count ->
    [one] { $count } vermelding
   *[other] { $count } vermeldingen
}, keten intact, kop { $head }
admin-audit-broken = tenant { $tenant }: GEBROKEN: { $report }
admin-audit-unreadable = een vermelding na vermelding { $after } kan niet worden teruggelezen ({ $reason }): ze is gewijzigd
admin-audit-broken-summary = { $broken } van { $count } tenantjournalen zijn gebroken: ze zijn buiten de service om gewijzigd
admin-audit-all-intact = { $count ->
    [one] { $count } tenantjournaal gecontroleerd: intact.
   *[other] { $count } tenantjournalen gecontroleerd: alle intact.
}
admin-audit-head-found = de bewaarde kop { $head } is item { $entry }: het journaal bevat die nog, { $count ->
    [one] en sindsdien is er één item bijgekomen
   *[other] en sindsdien zijn er { $count } items bijgekomen
}
admin-audit-head-missing = de bewaarde kop { $head } staat niet in het journaal: sinds die werd bewaard, zijn er items aan het eind verwijderd of is het herschreven. Zet de database terug vanuit een eerdere back-up en zoek uit wie toegang had tot het bestand
admin-audit-not-a-hash = '{ $value }' is geen kop-hash: geef de 64 hexadecimale cijfers die audit verify na 'head' toonde

## Startregels van serve
serve-started = mscommerce { $version } biedt de licentie-API aan
serve-listening = Luistert op { $url }
serve-metrics = Metrics voor Prometheus op { $url }
serve-data-postgres = Gegevens: PostgreSQL
serve-data-sqlite = Gegevens: SQLite in { $dir }
serve-demo-directory = Demodirectory: tenants contoso.example en fabrikam.example, wachtwoord demo-password voor
serve-demo-no-role = geen rol
serve-demo-apps = apps contoso-automation (lezen en schrijven) en contoso-reporting (lezen), geheim demo-secret
serve-sign-in = Aanmelden: mscommerce connect --endpoint { $url } --tenant { $tenant }
serve-your-domain = UW-DOMEIN
serve-stop = Stoppen met Ctrl+C.

request-status-pending = open
request-status-approved = goedgekeurd
request-status-denied = afgewezen
request-status-expired = verlopen
license-request-filed = Licentie aangevraagd voor { $product }: aanvraag { $id }. Een beheerder keurt die goed of wijst die af; bekijk de status met mscommerce get-license-requests.
license-request-approved = Aanvraag van { $requester } voor { $product } goedgekeurd. Wijs de licentie toe waar licenties worden toegewezen.
license-request-denied = Aanvraag van { $requester } voor { $product } afgewezen.
webhook-added = Webhook geregistreerd op { $url } voor { $events }. Leveringen zijn ondertekend met het geheim (Standard Webhooks); controleer ze bij de ontvanger.
webhook-secret = Ondertekeningsgeheim (eenmalig getoond; bewaar het waar de ontvanger het kan lezen): { $secret }
webhook-removed = Webhook { $id } verwijderd; er wordt niets meer naartoe gestuurd.
webhook-replayed = Levering { $id } wordt opnieuw verstuurd.
webhook-no-secret = --secret-stdin las niets: geef het geheim (whsec_...) via stdin, of laat de optie weg om er een te laten genereren.

## connect --browser

connect-browser-opened = Meld u aan in de browser die net is geopend. Is er geen geopend, open dan dit adres: { $url }
connect-browser-open = Open dit adres in een browser op deze computer om u aan te melden: { $url }
connect-browser-page-done = Aangemeld bij mscommerce. U kunt deze pagina sluiten en teruggaan naar de opdrachtregel.
connect-browser-page-failed = De aanmelding is niet voltooid. Ga terug naar de opdrachtregel: daar staat wat er gebeurde.
error-browser-declined = De aanmelding is in de browser geweigerd.
error-browser-timed-out = Niemand heeft de aanmelding binnen { $minutes } minuten in de browser voltooid.
error-browser-refused = De identiteitsprovider heeft de aanmelding geweigerd ({ $error }): { $description }
error-browser-forged = De tokens horen niet bij deze aanmelding (hun nonce wijkt af), dus ze zijn niet bewaard.
error-browser-listener = Kan niet op een loopbackpoort op het antwoord van de browser wachten ({ $message }): meld u in plaats daarvan aan met --device-code.
help-arg-browser = Aanmelden in de browser van deze computer (autorisatiecode met PKCE; het antwoord komt terug op een loopbackpoort); werkt met meervoudige verificatie
hint-tenant-not-found = Er is hier geen tenant { $tenant }: controleer de spelling (een domein zoals contoso.com, of de tenant-id) en maak dan verbinding met de juiste: { $command }
hint-tenant-needed = Geef uw tenant op (het domein, zoals contoso.com, of de id): { $command }
warning-language-unsupported = mscommerce heeft geen berichten in { $asked }, dus ze zijn in het Engels. Beschikbaar: { $available } (--lang of MSCOMMERCE_LANG).
hint-speaks-http = Dit adres spreekt gewoon http, geen https: maak verbinding met --endpoint { $endpoint }
hint-speaks-https = Dit adres spreekt https, geen gewoon http: maak verbinding met --endpoint { $endpoint }
