### mscommerce CLI — de-DE. Richtlinienwerte, Produktnamen, IDs und Befehle sind Daten: Sie werden nicht
### übersetzt.

## Help

help-about = Richtlinien für Self-Service-Käufe von Microsoft 365-Mandanten: der Richtliniendienst und seine Befehlszeile (alle MSCommerce-Cmdlets, auf jedem Betriebssystem).
help-usage-heading = Verwendung:
help-heading-options = Optionen
help-heading-commands = Befehle
help-arg-help = Hilfe anzeigen
help-arg-version = Version anzeigen
help-exit-codes =
    Exitcodes:
      0  Erfolg
      2  Aufruf: falsche Argumente, unlesbare Anmeldeinformationsdatei
      3  Anmeldung: nicht angemeldet, Anmeldung abgelehnt oder abgelaufen (HTTP 401), unlesbarer Tokencache
      4  verboten: dem Konto oder der App fehlt die Rolle oder Berechtigung (HTTP 403)
      5  nicht gefunden: keine solche Richtlinie, kein solches Produkt oder kein solcher Angebotstyp (HTTP 404)
      6  ungültige Anforderung: der Dienst hat einen Wert abgelehnt (HTTP 400)
      7  Dienst oder Netzwerk: Dienstfehler oder Überlastung (HTTP 5xx, 429), Netzwerk- oder TLS-Fehler

help-arg-endpoint = Der Lizenzierungsdienst [Standard: https://licensing.m365.microsoft.com]
help-arg-token = Dieses Zugriffstoken statt des angemeldeten Profils verwenden (wie -Token); „-“ liest es von stdin
help-arg-profile = Die zu verwendende Anmeldung; mehrere können nebeneinander bestehen [Standard: die aktuelle]
help-arg-output = Ausgabe von Lesebefehlen: table für Menschen, json oder csv für Skripte
help-arg-lang = Sprache der Meldungen: en-US, zh-TW, fr-FR, nl-NL, de-DE [Standard: aus MSCOMMERCE_LANG, LC_ALL, LC_MESSAGES, LANG]
help-arg-verbose = Jede Anforderung auf stderr anzeigen (Methode, URL, Status, Korrelations- und Anforderungs-IDs); niemals Tokens oder Geheimnisse

help-cmd-connect = Anmelden und die Tokens in einem Profil speichern (Connect-MSCommerce)
help-cmd-disconnect = Die Tokens des Profils vergessen
help-cmd-whoami = Wer angemeldet ist: Konto oder App, Mandant, Rollen oder Berechtigungen, Ablauf
help-cmd-get-policies = Die Richtlinien auflisten (Get-MSCommercePolicies)
help-cmd-get-policy = Eine Richtlinie anzeigen (Get-MSCommercePolicy)
help-cmd-get-product-policies = Die Richtlinie jedes Produkts oder Angebotstyps auflisten (Get-MSCommerceProductPolicies)
help-cmd-get-product-policy = Die Richtlinie eines Produkts oder Angebotstyps anzeigen (Get-MSCommerceProductPolicy)
help-cmd-update-product-policy = Die Richtlinie eines Produkts oder Angebotstyps ändern (Update-MSCommerceProductPolicy)

help-arg-tenant = Mandant: ein Domänenname oder eine Mandanten-ID [Standard: organizations; für Apps erforderlich]
help-arg-authority = Der Identitätsanbieter [Standard: login.microsoftonline.com für den Microsoft-Dienst, sonst die Adresse des Endpunkts selbst]
help-arg-device-code = Mit einem Gerätecode anmelden (Standard): die angezeigte Adresse öffnen und den Code eingeben
help-arg-username = Als dieser Benutzer mit einem Kennwort von stdin anmelden (wie -AdminAccount; mit mehrstufiger Authentifizierung nicht möglich)
help-arg-password-stdin = Das Kennwort aus der ersten Zeile von stdin lesen
help-arg-client-id = Als App anmelden (Clientanmeldeinformationen) mit dieser Client-ID; das Geheimnis kommt aus MSCOMMERCE_CLIENT_SECRET, --client-secret-file oder --certificate
help-arg-client-secret-file = Eine Datei, deren erste Zeile der geheime Clientschlüssel der App ist (ein Geheimnis nie als Argument übergeben)
help-arg-certificate = Eine PEM-Datei mit dem Zertifikat der App (und seinem privaten Schlüssel, außer --certificate-key ist angegeben)
help-arg-certificate-key = Der private Schlüssel des Zertifikats (PEM), wenn er nicht in der --certificate-Datei steht
help-arg-all = Alle Profile vergessen
help-arg-policy-id = Die Richtlinie
help-arg-scope = Produkte oder Angebotstypen
help-arg-get-product-policies-value = Nur die mit diesem Wert
help-arg-name = Nur die, deren Name oder ID diesen Text enthält (ohne Beachtung der Groß-/Kleinschreibung)
help-arg-product-id = Die Produkt-ID (z. B. CFQ7TTC0H9MP); eine alte ID wirkt auf das aktuelle Produkt
help-arg-offer-type = Der Angebotstyp (z. B. SaaS)
help-arg-enabled = true = Enabled, false = Disabled
help-arg-value = Der neue Wert
help-arg-what-if = Zeigen, was sich ändern würde, ohne etwas zu ändern
help-arg-confirm = Vor dem Ändern nachfragen

## Usage errors

usage-invalid-value = { $value } ist kein gültiger Wert für { $arg }.
usage-missing-value = { $arg } braucht einen Wert.
usage-possible-values = Mögliche Werte: { $values }
usage-unknown-argument = Unbekannte Option { $arg }.
usage-unknown-command = Unbekannter Befehl { $command }.
usage-did-you-mean = Meinten Sie { $suggestion }?
usage-missing-required = Es fehlt: { $args }
usage-conflict = { $arg } kann nicht zusammen mit { $other } verwendet werden.
usage-missing-command = Welcher Befehl? Siehe die Liste unten.
usage-more-info = Weitere Informationen mit --help.

## Failures (stderr)

error-line = Fehler: { $message }
failure-ids = Korrelations-ID: { $correlation } · Anforderungs-ID: { $request } (für den Support)
failure-correlation = Korrelations-ID: { $correlation } (für den Support)
service-said = Antwort des Dienstes: { $reason }
identity-provider-said = Antwort des Identitätsanbieters: { $reason }
technical-detail = Details: { $message }
list-none = keine
list-separator = { ", " }
word-or = oder
placeholder-tenant = <Mandant>
access-read = zum Lesen von Richtlinien
access-write = zum Ändern von Richtlinien
connect-again = Melden Sie sich erneut an: { $command }
connect-first = Melden Sie sich zuerst an: { $command }

error-runtime = Start nicht möglich: { $message }
error-stdin = stdin kann nicht gelesen werden: { $message }
error-token-empty = Das mit --token angegebene Token ist leer.
error-token-not-jwt = Das mit --token angegebene Token ist kein JWT-Zugriffstoken.
error-password-empty = Kein Kennwort auf stdin: Übergeben Sie es per Pipe, z. B. printf '%s\n' "$PASSWORD" | mscommerce connect --username ... --password-stdin
error-app-needs-tenant = Eine App meldet sich bei genau einem Mandanten an: Geben Sie --tenant mit dessen Domänennamen oder Mandanten-ID an.
error-no-target = Geben Sie an, was: --product-id oder --offer-type.
error-no-value = Geben Sie den neuen Wert an: --enabled true|false oder --value Enabled|Disabled|OnlyTrialsWithoutPaymentMethod.
error-profile-endpoint-mismatch = Das Profil { $profile } ist bei { $profileEndpoint } angemeldet, nicht bei { $endpoint }. Lassen Sie --endpoint weg, oder melden Sie sich in einem anderen Profil bei { $endpoint } an: { $command }

error-forbidden-read = Zugriff verweigert: Zum Lesen der Richtlinien für Self-Service-Käufe ist ein Konto mit der Rolle Globaler Administrator (früher Unternehmensadministrator), Abrechnungsadministrator oder Globaler Leser erforderlich.
error-forbidden-write = Zugriff verweigert: Zum Ändern der Richtlinien für Self-Service-Käufe ist ein Konto mit der Rolle Globaler Administrator (früher Unternehmensadministrator) oder Abrechnungsadministrator erforderlich. Ein Globaler Leser darf sie nur lesen.
forbidden-signed-in-as = Sie sind als { $account } (Mandant { $tenant }) mit diesen Rollen angemeldet: { $roles }.
forbidden-what-to-do = Was Sie tun können:
forbidden-reconnect = {"  "}• sich mit einem Konto neu anmelden, das eine dieser Rollen hat: { $command }
forbidden-ask-admin = {"  "}• oder Ihre IT-Administration bitten, Ihnen eine dieser Rollen zuzuweisen: { $roles }.
error-forbidden-app = Zugriff verweigert: Die App { $app } braucht die Anwendungsberechtigung { $permission } { $access }.
forbidden-app-has = Die App hat: { $permissions }.
forbidden-app-grant = {"  "}• eine Administratorin oder einen Administrator bitten, { $app } die Anwendungsberechtigung { $permission } zu erteilen (mit Administratorzustimmung),
forbidden-app-reconnect = {"  "}• sich dann neu anmelden, damit das neue Token sie enthält: { $command }

error-sign-in-expired = Ihre Anmeldung ist abgelaufen oder wurde vom Dienst abgelehnt. Melden Sie sich erneut an: { $command }
error-token-refused = Der Dienst hat das mit --token angegebene Token abgelehnt: Es ist abgelaufen oder nicht für diesen Dienst ausgestellt. Besorgen Sie ein neues Token, oder melden Sie sich an: { $command }

error-product-not-found = Kein Produkt { $product } in der Richtlinie { $policy }.
error-offer-type-not-found = Kein Angebotstyp { $offerType } in der Richtlinie { $policy }.
error-policy-not-found = Keine Richtlinie { $policy }.
not-found-closest = Die ähnlichsten:
not-found-list-all = Um alle aufzulisten: { $command }
not-found-known-policies = Bekannte Richtlinien: { $policies }

error-invalid-request = Der Dienst hat die Anforderung als ungültig abgelehnt (HTTP { $status }).
error-invalid-value = Der Dienst hat den Wert { $value } für { $target } abgelehnt (HTTP { $status }).
invalid-allowed-values = Zulässige Werte: { $values }
error-busy = Der Dienst ist überlastet (HTTP { $status }) und war es nach { $attempts } Versuchen immer noch. Versuchen Sie es in einigen Minuten erneut.
error-service = Der Dienst ist fehlgeschlagen (HTTP { $status }). Versuchen Sie es erneut; wenn der Fehler bleibt, geben Sie die IDs unten an den Betreiber des Dienstes weiter.
error-unexpected-answer = { $url } hat eine Antwort geliefert, die nicht von der Lizenzierungs-API stammt (HTTP { $status }): Stimmt --endpoint?

error-network-dns = Der Host von { $url } wurde nicht gefunden: Prüfen Sie --endpoint und Ihr Netzwerk oder Ihren Proxy.
error-network-connect = Unter { $url } antwortet nichts: Läuft der Dienst, und stimmt die Adresse?
error-network-tls = Die sichere Verbindung zu { $url } ist fehlgeschlagen: Das Zertifikat ist nicht vertrauenswürdig oder für diesen Namen ungültig.
error-network-timeout = { $url } hat nicht rechtzeitig geantwortet: Prüfen Sie Ihr Netzwerk, und versuchen Sie es erneut.
error-network-redirect = { $url } hat mit einer Umleitung geantwortet, und mscommerce folgt nie Umleitungen (Tokens dürfen nirgendwo anders hin): Prüfen Sie --endpoint und --authority.
error-network-other = Die Verbindung zu { $url } ist fehlgeschlagen.

error-sign-in-refused = Der Identitätsanbieter hat die Anmeldung abgelehnt ({ $error }).
hint-invalid-grant = Prüfen Sie Benutzername und Kennwort. Ein Konto mit mehrstufiger Authentifizierung kann sich nicht mit Kennwort anmelden: Verwenden Sie stattdessen einen Gerätecode: { $command }
hint-invalid-client = Prüfen Sie die Client-ID der App und ihr Geheimnis oder Zertifikat, und ob die App in diesem Mandanten existiert.
error-device-declined = Die Anmeldung wurde abgelehnt.
error-device-expired = Der Code ist abgelaufen, bevor die Anmeldung abgeschlossen war.
error-device-bad-code = Der Identitätsanbieter kennt diesen Anmeldecode nicht mehr.
error-not-connected = Nicht angemeldet (Profil { $profile }).
not-connected-known = Angemeldete Profile: { $profiles } (mit --profile auswählen)
error-sign-in-cannot-renew = Die Anmeldung des Profils { $profile } ist abgelaufen und kann nicht erneuert werden.
error-cache-corrupt = Der Tokencache { $path } ist unlesbar; Ihre Anmeldungen sind verloren.
error-cache-io = Der Tokencache { $path } ist nicht verwendbar.
error-no-config-dir = Kein Konfigurationsverzeichnis für den Tokencache: Setzen Sie MSCOMMERCE_CONFIG_DIR.
error-profile-name = { $name } ist kein Profilname: Verwenden Sie 1 bis 64 Buchstaben, Ziffern, „.“, „-“ oder „_“.

error-credential-read = { $path } kann nicht gelesen werden: { $message }
error-credential-empty = { $path } ist leer.
error-no-certificate = { $path } enthält kein Zertifikat (-----BEGIN CERTIFICATE-----).
error-no-private-key = { $path } enthält keinen privaten RSA-Schlüssel: Fügen Sie ihn der Datei hinzu, oder geben Sie ihn mit --certificate-key an.
error-bad-key = Der private Schlüssel in { $path } ist nicht verwendbar: { $message }
error-no-secret = Kein geheimer Clientschlüssel: Setzen Sie MSCOMMERCE_CLIENT_SECRET, oder geben Sie --client-secret-file oder --certificate an (nie das Geheimnis selbst als Argument).
error-sign-assertion = Die Clientassertion kann nicht signiert werden: { $message }
error-endpoint-url = { $value } ist keine URL.
error-endpoint-scheme = { $value }: Nur https ist erlaubt (oder http zu diesem Computer), damit Tokens nie im Klartext über ein Netzwerk gehen.
error-endpoint-extra = { $value } darf weder Benutzername, Kennwort, Abfrage noch Fragment enthalten.
error-tenant = { $value } ist kein Mandant: Verwenden Sie einen Domänennamen, eine Mandanten-ID, organizations oder common.

## Sign-in

connect-device-code = Öffnen Sie zum Anmelden { $url } in einem Browser, und geben Sie den Code { $code } ein (gültig { $minutes } Minuten). Warten auf Ihre Anmeldung…
connect-done-user = Als { $account } mit dem Mandanten { $tenant } verbunden (Profil { $profile }).
connect-done-app = Als App { $account } mit dem Mandanten { $tenant } verbunden (Profil { $profile }).
connect-cache-replaced = Der unlesbare Tokencache { $path } wurde ersetzt.
disconnect-done = Abgemeldet: { $profiles }.
disconnect-nothing = Nichts zu vergessen: Es war kein Profil angemeldet.

whoami-profile = Profil
whoami-token-given = (mit --token angegebenes Token)
whoami-endpoint = Dienst
whoami-kind = Angemeldet als
whoami-kind-user = Benutzer
whoami-kind-app = App
whoami-account = Konto
whoami-app = App (Client-ID)
whoami-tenant = Mandant
whoami-roles = Rollen
whoami-permissions = Berechtigungen
whoami-expires = Token läuft ab
whoami-expired = abgelaufen

role-global-administrator = Globaler Administrator
role-billing-administrator = Abrechnungsadministrator
role-global-reader = Globaler Leser
role-user = Benutzer

## Results

column-policy-id = Richtlinien-ID
column-description = Beschreibung
column-default-value = Standardwert
column-product-name = Produktname
column-product-id = Produkt-ID
column-policy-value = Richtlinienwert
column-offer-type = Angebotstyp
list-empty = Keine Treffer.

target-product = { $name } ({ $id })
target-offer-type = den Angebotstyp { $id } ({ $name })
target-product-id = das Produkt { $id }
target-offer-type-id = den Angebotstyp { $id }
what-if-change = WhatIf: Die Richtlinie { $policy } für { $target } würde von { $from } zu { $to } geändert. Es wurde nichts geändert.
what-if-no-change = WhatIf: Die Richtlinie { $policy } für { $target } ist bereits { $from }; es würde sich nichts ändern.
confirm-change = Die Richtlinie { $policy } für { $target } von { $from } zu { $to } ändern?
confirm-prompt = [j/N]
confirm-yes-answers = j, ja, y, yes
confirm-cancelled = Es wurde nichts geändert.
update-done = Die Richtlinie { $policy } für { $target } ist jetzt { $value }. Sie gilt für künftige Käufe und Testversionen, nicht für bestehende Abonnements.
