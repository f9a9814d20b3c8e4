# De help van de opdrachten waarvan de teksten niet in cli.ftl staan: die van de beheerder van
# de dienst (serve, admin), de sub-subopdrachten (profile, webhook), completion, man en help.
# Id's: help-cmd-{pad} voor een opdracht, help-arg-{pad}-{optie} voor een optie; {pad} zijn de
# namen van de subopdrachten, verbonden met "-". De beheerdersopdrachten delen
# help-arg-operator-{optie}.

## Gedeeld door elke opdracht

help-arg-timeout = De hele opdracht afbreken na deze tijd (30s, 2m, …) [standaard: geen limiet]
help-heading-arguments = Argumenten
help-default = [standaard: { $value }]
help-possible-values = [mogelijke waarden: { $values }]
help-env = [omgevingsvariabele: { $name }]
help-cmd-help = Deze help tonen, of de help van de opgegeven subopdracht
help-cmd-completion = Het aanvullingsscript voor een shell tonen, bijv. mscommerce completion bash > /etc/bash_completion.d/mscommerce
help-arg-completion-shell = De shell: bash, zsh, fish, powershell of elvish
help-cmd-man = De manpagina (roff) tonen, bijv. mscommerce man > /usr/local/share/man/man1/mscommerce.1

## De sub-subopdrachten van de client

help-cmd-profile-list = Elk profiel: tenant, account, service, en welk profiel het huidige is
help-cmd-profile-use = Dit profiel het profiel maken dat opdrachten zonder --profile gebruiken
help-arg-profile-use-name = De naam van het profiel (zie profile list)
help-cmd-profile-show = De gegevens van één profiel (het huidige als er geen wordt genoemd); nooit de tokens
help-arg-profile-show-name = De naam van het profiel [standaard: het huidige]
help-arg-update-product-policy-yes = De vraag die --all en --confirm stellen met ja beantwoorden (voor scripts, die geen terminal hebben om te antwoorden)
help-cmd-webhook-add = Een https-eindpunt registreren; het ondertekeningsgeheim wordt één keer getoond
help-arg-webhook-add-url = Waar leveringen naartoe worden gestuurd (https, naar een openbaar adres)
help-arg-webhook-add-events = Alleen deze gebeurtenissen, gescheiden door komma's [standaard: alle]
help-arg-webhook-add-secret-stdin = Het ondertekeningsgeheim (whsec_…) van stdin lezen in plaats van er een te laten genereren
help-cmd-webhook-list = De eindpunten van de tenant
help-cmd-webhook-remove = Een eindpunt verwijderen (de openstaande leveringen worden ook verwijderd)
help-arg-webhook-remove-id = De id van het eindpunt (zie webhook list)
help-cmd-webhook-deliveries = De leveringen van een eindpunt, nieuwste eerst, met hun resultaat
help-arg-webhook-deliveries-id = De id van het eindpunt (zie webhook list)
help-arg-webhook-deliveries-top = Maximaal dit aantal leveringen
help-cmd-webhook-replay = Een levering opnieuw versturen
help-arg-webhook-replay-id = De id van het eindpunt (zie webhook list)
help-arg-webhook-replay-delivery = De id van de levering (zie webhook deliveries)

## serve

help-cmd-serve = De beleidsservice uitvoeren: de licentie-API, de ingebouwde identiteitsprovider, de beheerpagina, statuscontroles
help-arg-operator-config = Een TOML-configuratiebestand (opties gaan voor MSCOMMERCE_*-variabelen, die voor het bestand gaan)
help-arg-operator-data-dir = Waar de SQLite-database en de ondertekeningssleutels staan [standaard: de gegevensmap van het platform]
help-arg-operator-database-url = PostgreSQL (postgres://…) gebruiken in plaats van SQLite in de gegevensmap
help-arg-serve-listen = Het adres waarop wordt geluisterd [standaard: 127.0.0.1:8080]; poort 0 kiest een vrije poort
help-arg-serve-public-url = Het adres waarop clients deze service bereiken (de uitgever van de tokens) [standaard: http://ADRES]
help-arg-serve-demo = De vaste demodirectory aanmaken (contoso.example, fabrikam.example); alleen op loopback
help-arg-serve-log-json = JSON-regels loggen in plaats van tekst (op stderr)
help-arg-serve-tls-cert = HTTPS aanbieden met dit certificaat (PEM, gevolgd door de keten); opnieuw geladen als het bestand verandert
help-arg-serve-tls-key = De persoonlijke sleutel van het certificaat (PEM)
help-arg-serve-metrics-listen = Prometheus-metrieken aanbieden op http://ADRES/metrics, op een eigen listener [standaard: geen]
help-arg-serve-trusted-proxies = Een proxy (adres of netwerk) waarvan X-Forwarded-For de client noemt, voor slimme vergrendeling, de aanmeldingsbeperking en het logboek; herhaalbaar of gescheiden door komma's [standaard: geen]
help-arg-serve-allow-private-webhooks = Webhooks toestaan naar gewoon http en naar loopback-, privé- en link-local-adressen (labs en tests; nooit op een gedeeld netwerk)

## admin

help-cmd-admin = Beheerdersopdrachten op de gegevensmap of de database: tenants, gebruikers, apps, sleutels, de catalogus, het auditlogboek
help-cmd-admin-tenant = De tenants van de ingebouwde directory
help-cmd-admin-tenant-add = Een tenant toevoegen
help-arg-admin-tenant-add-domain = De domeinnaam, bijv. contoso.com
help-arg-admin-tenant-add-name = De weergavenaam [standaard: het domein]
help-arg-admin-tenant-add-id = De tenant-id (een GUID) [standaard: een nieuwe]; geef de tenant-id van Entra ID op om een tenant te spiegelen
help-cmd-admin-tenant-list = De tenants weergeven
help-cmd-admin-user = De gebruikers van de ingebouwde directory
help-cmd-admin-user-add = Een gebruiker toevoegen; het wachtwoord wordt met --password-stdin van stdin gelezen, anders gegenereerd en eenmalig getoond
help-arg-admin-user-add-upn = De user principal name; het domein ervan bepaalt de tenant, tenzij --tenant is opgegeven
help-arg-admin-user-add-name = De weergavenaam [standaard: het deel van de user principal name vóór @]
help-arg-admin-user-add-tenant = Het domein of de id van de tenant [standaard: het domein van de user principal name]
help-arg-admin-user-add-roles = Een directoryrol, herhaalbaar: global-admin, billing-admin, global-reader, license-admin, user-admin (of een id van een rolsjabloon)
help-arg-admin-user-add-password-stdin = Het wachtwoord lezen van de eerste regel van stdin in plaats van er een te genereren
help-arg-admin-user-add-allow-weak = Een wachtwoord van stdin accepteren dat het wachtwoordbeleid weigert (minstens 12 tekens, geen veelgebruikt wachtwoord)
help-cmd-admin-user-reset-password = Een nieuw wachtwoord instellen (met --password-stdin van stdin, anders gegenereerd en eenmalig getoond)
help-arg-admin-user-reset-password-upn = De user principal name
help-arg-admin-user-reset-password-password-stdin = Het nieuwe wachtwoord lezen van de eerste regel van stdin in plaats van er een te genereren
help-arg-admin-user-reset-password-allow-weak = Een wachtwoord van stdin accepteren dat het wachtwoordbeleid weigert
help-cmd-admin-user-set-roles = De directoryrollen van een gebruiker vervangen
help-arg-admin-user-set-roles-upn = De user principal name
help-arg-admin-user-set-roles-roles = Een directoryrol, herhaalbaar; geeft u er geen op, dan heeft de gebruiker geen rol
help-cmd-admin-user-list = De gebruikers weergeven
help-arg-admin-user-list-tenant = Alleen de gebruikers van deze tenant (domein of id)
help-cmd-admin-app = De apps (clientreferenties) van de ingebouwde directory
help-cmd-admin-app-add = Een app toevoegen; die krijgt een gegenereerd geheim (eenmalig getoond), tenzij --certificate is opgegeven
help-arg-admin-app-add-name = De weergavenaam
help-arg-admin-app-add-tenant = Het domein of de id van de tenant
help-arg-admin-app-add-client-id = De client-id [standaard: een nieuwe GUID]
help-arg-admin-app-add-permissions = Een app-machtiging, herhaalbaar: Policy.Read.AllowSelfServicePurchase, Policy.ReadWrite.AllowSelfServicePurchase of SelfServicePurchase.Evaluate.All (of de id's van hun app-rollen)
help-arg-admin-app-add-storefront = Een webwinkel (storefront): krijgt SelfServicePurchase.Evaluate.All, aankoopbeslissingen voor elke tenant (maar geen toegang tot het beleid van de eigen tenant)
help-arg-admin-app-add-certificate = Een PEM-certificaat (of openbare sleutel) waarvan de app de ondertekende clientassertions mag gebruiken in plaats van een geheim
help-arg-admin-app-add-redirect-uris = Waarheen de autorisatiecodestroom de gebruikers van de app terug mag sturen, herhaalbaar: een webtoepassing die gebruikers hier aanmeldt (https, of http op localhost)
help-arg-admin-app-add-secret-stdin = Het geheim van stdin lezen in plaats van er een te genereren
help-arg-admin-app-add-allow-weak = Een geheim van stdin accepteren dat het wachtwoordbeleid weigert
help-cmd-admin-app-reset-secret = Een app een nieuw gegenereerd geheim geven (eenmalig getoond)
help-arg-admin-app-reset-secret-tenant = Het domein of de id van de tenant
help-arg-admin-app-reset-secret-client-id = De client-id van de app
help-cmd-admin-app-list = De apps weergeven
help-arg-admin-app-list-tenant = Alleen de apps van deze tenant (domein of id)
help-cmd-admin-keys = De ondertekeningssleutels van de identiteitsprovider
help-cmd-admin-keys-rotate = Een nieuwe ondertekeningssleutel actief maken; de oude blijft gepubliceerd tot de tokens ervan verlopen. Draaiende servers merken het binnen enkele seconden op
help-arg-admin-keys-rotate-retire-after = Hoe lang de oude sleutel gepubliceerd en geaccepteerd blijft: standaard 65m (de tokens die hij ondertekende blijven geldig); 0s trekt hem meteen in (bij een gelekte sleutel: elk token dat hij ondertekende wordt vanaf dan geweigerd). Notaties: 30s, 15m, 2h, 1d
help-cmd-admin-catalog = De productcatalogus die alle tenants delen
help-cmd-admin-catalog-add = Een product toevoegen; elke tenant krijgt het met zijn eigen standaardwaarde voor nieuwe producten
help-arg-admin-catalog-add-product-id = De product-id, bijv. CFQ7TTC0ABCD (1 tot 64 letters, cijfers, - of _)
help-arg-admin-catalog-add-name = De naam, zoals lijsten die tonen
help-arg-admin-catalog-add-trial-without-payment-method = Het biedt een proefversie zonder betaalmethode (daarom geldt OnlyTrialsWithoutPaymentMethod ervoor)
help-arg-admin-catalog-add-legacy-ids = Een oudere id die op dit product moet werken, herhaalbaar
help-cmd-admin-catalog-rename = Een product hernoemen, in elke tenant
help-arg-admin-catalog-rename-product-id = De id van het product
help-arg-admin-catalog-rename-name = De nieuwe naam
help-cmd-admin-catalog-retire = Een product uit de handel nemen: het verdwijnt uit de lijsten en het beleid wordt bevroren; lezen via de id blijft werken
help-arg-admin-catalog-retire-product-id = De id van het product
help-cmd-admin-catalog-map-legacy = Aanvragen die een oude id (of die van een uit de handel genomen product) noemen, laten werken op een huidig product
help-arg-admin-catalog-map-legacy-legacy-id = De oude id
help-arg-admin-catalog-map-legacy-product-id = De id van het huidige product
help-cmd-admin-catalog-list = Alle producten weergeven, ook de producten die uit de handel zijn genomen
help-cmd-admin-audit = De auditlogboeken van de tenants
help-cmd-admin-audit-verify = De hashketen van elke tenant (of van één tenant) controleren en per keten de eerste gebroken schakel melden; eindigt met afsluitcode 1 als een keten gebroken is. Toont de kop-hash van elke keten: bewaar die elders om later een logboek te herkennen dat vanaf het begin herschreven of aan het eind ingekort is
help-arg-admin-audit-verify-tenant = Het domein of de id van de tenant [standaard: elke tenant]
help-arg-admin-audit-verify-expect-head = Een kop-hash die een eerdere verify van deze tenant toonde en die elders bewaard is: hij moet nog in de keten staan (items die sindsdien zijn toegevoegd, zijn geen probleem), anders is het logboek sindsdien ingekort of herschreven; de opdracht eindigt dan met afsluitcode 1
