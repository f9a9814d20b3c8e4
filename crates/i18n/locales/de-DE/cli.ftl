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
      8  Abweichung: diff hat festgestellt, dass der Mandant nicht mehr der Datei entspricht
      9  Konflikt: jemand hat einen Wert seit dem Lesen geändert (HTTP 412), oder die Anfrage ist schon entschieden oder offen (HTTP 409); es wurde nichts geändert
     10  Ausgabe verloren: das Ergebnis konnte nicht geschrieben werden (z. B. volles Laufwerk)
     11  Ergebnis unbekannt: eine Änderung wurde gesendet, aber es kam keine Antwort (Strg+C, --timeout); mit audit prüfen
    130  unterbrochen (Strg+C), bevor etwas geändert wurde
      Mit --all-profiles oder --profiles: der schlechteste Code der Mandanten (jeder Fehler wiegt schwerer als eine Abweichung).

help-arg-endpoint = Der Lizenzierungsdienst [Standard: https://licensing.m365.microsoft.com]
help-arg-token = Dieses Zugriffstoken statt des angemeldeten Profils verwenden (wie -Token); „-“ liest es von stdin
help-arg-profile = Die zu verwendende Anmeldung; mehrere können nebeneinander bestehen [Standard: die aktuelle]
help-arg-output = Ausgabe von Lesebefehlen: table für Menschen, json oder csv für Skripte
help-arg-lang = Sprache der Meldungen: en-US, zh-TW, fr-FR, nl-NL, de-DE [Standard: aus MSCOMMERCE_LANG, LC_ALL, LC_MESSAGES, LANG]
help-arg-verbose = Jede Anforderung auf stderr anzeigen (Methode, URL, Status, Korrelations- und Anforderungs-IDs); niemals Tokens oder Geheimnisse
help-arg-wide = Tabellen: jede Spalte und jede Zelle vollständig, ungeachtet der Breite (standardmäßig passen sie sich dem Terminal an)

help-cmd-connect = Anmelden und die Tokens in einem Profil speichern (Connect-MSCommerce)
help-cmd-disconnect = Die Tokens des Profils vergessen
help-cmd-whoami = Wer angemeldet ist: Konto oder App, Mandant, Rollen oder Berechtigungen, Ablauf
help-cmd-profile = Die nebeneinander gespeicherten Anmeldungen: auflisten, die von Befehlen verwendete wählen, eine anzeigen
help-cmd-get-policies = Die Richtlinien auflisten (Get-MSCommercePolicies)
help-cmd-get-policy = Eine Richtlinie anzeigen (Get-MSCommercePolicy)
help-cmd-get-product-policies = Die Richtlinie jedes Produkts oder Angebotstyps auflisten (Get-MSCommerceProductPolicies)
help-cmd-get-product-policy = Die Richtlinie eines Produkts oder Angebotstyps anzeigen (Get-MSCommerceProductPolicy)
help-cmd-update-product-policy = Die Richtlinie eines Produkts oder Angebotstyps ändern, oder mit --all aller auf einmal (Update-MSCommerceProductPolicy)
help-cmd-update-policy = Den Standardwert des Mandanten für später in den Katalog aufgenommene Produkte ändern
help-cmd-export = Die Richtlinie des Mandanten als Sollzustandsdatei (TOML oder JSON) schreiben: den Standardwert und jedes Produkt und jeden Angebotstyp
help-cmd-plan = Zeigen, was das Anwenden einer Sollzustandsdatei ändern würde (aktuell → Soll), ohne etwas zu ändern
help-cmd-apply = Den Mandanten an eine Sollzustandsdatei angleichen: eine atomare Änderung, jeder Wert gegen das Gelesene geprüft (If-Match)
help-cmd-diff = Prüfen, ob der Mandant noch einer Sollzustandsdatei entspricht; Exitcode 8 bei Abweichung
help-cmd-audit = Das Überwachungsprotokoll auflisten: wer was wann geändert hat, und abgelehnte Änderungen (neueste zuerst)
help-cmd-get-self-service-purchases = Die von Storefronts erfassten Käufe und Testversionen des Mandanten auflisten: wer was wann in welcher Menge gekauft oder begonnen hat (neueste zuerst)
help-cmd-request-license = Die Administratoren des Mandanten um eine Lizenz für ein Produkt bitten; sie genehmigen oder lehnen ab
help-cmd-get-license-requests = Lizenzanfragen auflisten: Ihre eigenen, oder alle des Mandanten, wenn Sie darüber entscheiden (Globaler, Abrechnungs-, Lizenz- oder Benutzeradministrator)
help-cmd-approve-license-request = Eine offene Lizenzanfrage genehmigen (Globaler, Abrechnungs-, Lizenz- oder Benutzeradministrator); wird protokolliert
help-cmd-deny-license-request = Eine offene Lizenzanfrage ablehnen (Globaler, Abrechnungs-, Lizenz- oder Benutzeradministrator); wird protokolliert
help-cmd-webhook = Webhooks: einem System Ihrer Wahl mitteilen, was geschah (Richtlinie geändert, Testversion begonnen, Kauf getätigt, Lizenzanfrage gestellt oder entschieden): add, list, remove, deliveries, replay

help-arg-tenant = Mandant: ein Domänenname oder eine Mandanten-ID [Standard: organizations; für Apps erforderlich]
help-arg-authority = Der Identitätsanbieter [Standard: login.microsoftonline.com für den Microsoft-Dienst, sonst die Adresse des Endpunkts selbst]
help-arg-device-code = Mit einem Gerätecode anmelden (Standard): die angezeigte Adresse öffnen und den Code eingeben
help-arg-username = Als dieser Benutzer mit einem Kennwort anmelden: im Terminal verdeckt abgefragt oder mit --password-stdin von stdin gelesen (wie -AdminAccount; mit mehrstufiger Authentifizierung nicht möglich)
help-arg-password-stdin = Das Kennwort aus der ersten Zeile von stdin lesen
help-arg-client-id = Als App anmelden (Clientanmeldeinformationen) mit dieser Client-ID; das Geheimnis kommt aus MSCOMMERCE_CLIENT_SECRET, --client-secret-file oder --certificate
help-arg-client-secret-file = Eine Datei, deren erste Zeile der geheime Clientschlüssel der App ist (ein Geheimnis nie als Argument übergeben)
help-arg-certificate = Eine PEM-Datei mit dem Zertifikat der App (und seinem privaten Schlüssel, sofern --certificate-key nicht angegeben ist)
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
help-arg-update-product-policy-all = Alle Produkte, in einer Anforderung und einer Transaktion
help-arg-all-offer-types = Alle Angebotstypen (mit --all: Produkte und Angebotstypen in derselben Transaktion)
help-arg-except = Mit --all oder --all-offer-types: diese Produkte oder Angebotstypen unverändert lassen (IDs durch Kommas getrennt)
help-arg-default-value = Der Standardwert für später in den Katalog aufgenommene Produkte (bestehende Produkte behalten ihre Werte)
help-arg-all-profiles = Für jedes angemeldete Profil ausführen (je ein Mandant), mit einem Bericht pro Mandant
help-arg-profiles = Für diese Profile ausführen (durch Kommas getrennt), mit einem Bericht pro Mandant
help-arg-file = Die Sollzustandsdatei (TOML oder JSON; „-“ liest die Standardeingabe)
help-arg-export-file = Wohin die Datei geschrieben wird [Standard: Standardausgabe]; „-“ ist die Standardausgabe
help-arg-format = Das Dateiformat: toml (für Menschen) oder json [Standard: nach der Dateiendung, sonst json mit --output json, sonst toml]
help-arg-force = Die Datei ersetzen, falls sie existiert
help-arg-yes = Ohne Rückfrage anwenden
help-arg-apply-what-if = Den Plan zeigen, ohne etwas zu ändern
help-arg-audit-product-id = Nur Einträge zu diesem Produkt
help-arg-audit-offer-type = Nur Einträge zu diesem Angebotstyp
help-arg-actor = Nur Einträge dieses Benutzers (Anmeldename oder Objekt-ID) oder dieser App (App-ID)
help-arg-since = Nur Einträge ab diesem Zeitpunkt: RFC 3339 (2026-11-20T09:00:00Z), ein Datum (UTC) oder ein Alter wie 30m, 24h, 7d
help-arg-until = Nur Einträge vor diesem Zeitpunkt (dieselben Formate wie --since)
help-arg-top = Höchstens so viele Einträge, neueste zuerst
help-arg-audit-all = Alle Einträge (alle Seiten)
help-arg-get-self-service-purchases-product-id = Nur Einträge dieses Produkts (eine alte ID findet die ihres Produkts)
help-arg-user = Nur Einträge dieses Benutzers: Anmeldename oder Objekt-ID
help-arg-kind = Nur Einträge dieser Art
help-arg-get-self-service-purchases-top = Höchstens so viele Einträge, neueste zuerst
help-arg-get-self-service-purchases-all = Alle Einträge (alle Seiten)
help-arg-request-license-product-id = Das benötigte Produkt (z. B. CFQ7TTC0H9MP)
help-arg-message = Eine Nachricht: warum Sie es brauchen, oder an den Anfragenden
help-arg-status = Nur Anfragen in diesem Zustand
help-arg-get-license-requests-product-id = Nur Anfragen für dieses Produkt
help-arg-requester = Nur Anfragen dieses Benutzers: Anmeldename oder Objekt-ID
help-arg-get-license-requests-all = Alle Anfragen (alle Seiten)
help-arg-get-license-requests-top = Höchstens so viele Anfragen, neueste zuerst
help-arg-id = Die ID der Anfrage, wie get-license-requests sie zeigt

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
error-tenants-without-all = --profiles und --all-profiles sind nur zusammen mit --all oder --all-offer-types möglich. Um ein Produkt in vielen Mandanten zu ändern, tragen Sie es in eine Sollzustandsdatei ein und führen Sie apply --profiles aus.
error-password-typed-empty = Das Kennwort ist leer: Geben Sie es bei der Abfrage ein (es wird beim Tippen nicht angezeigt), oder rufen Sie connect ohne --username auf, um sich mit einem Gerätecode anzumelden.
error-password-stdin-terminal = --password-stdin liest das Kennwort aus einer Pipe, aber stdin ist ein Terminal, in dem es beim Tippen sichtbar wäre: Lassen Sie --password-stdin weg, dann wird es verdeckt abgefragt.
error-password-no-terminal = Es gibt kein Terminal, um das Kennwort abzufragen: Übergeben Sie es per Pipe und ergänzen Sie --password-stdin, z. B. printf '%s\n' "$PASSWORD" | mscommerce connect --username ... --password-stdin
connect-password-prompt = Kennwort für { $upn }:
error-app-needs-tenant = Eine App meldet sich bei genau einem Mandanten an: Geben Sie --tenant mit dessen Domänennamen oder Mandanten-ID an.
error-no-target = Geben Sie das Ziel an: --product-id oder --offer-type (oder --all, --all-offer-types für alle auf einmal).
error-except-without-all = --except ist nur zusammen mit --all oder --all-offer-types möglich.
error-except-unknown = --except nennt { $id }, das weder ein Produkt noch ein Angebotstyp dieses Mandanten ist.
error-offer-type-value = Für Angebotstypen sind nur Enabled oder Disabled zulässig, nicht { $value }: Lassen Sie --all-offer-types weg oder wählen Sie einen anderen Wert.
error-profiles-with-token = --all-profiles und --profiles verwenden die angemeldeten Profile; sie können nicht zusammen mit --token verwendet werden.
error-profiles-with-profile = Verwenden Sie --profile für einen Mandanten oder --profiles / --all-profiles für mehrere, nicht beides.
error-time = { $value } ist kein Zeitpunkt für { $arg }: Verwenden Sie RFC 3339 (2026-11-20T09:00:00Z), ein Datum (2026-11-20, UTC) oder ein Alter (30m, 24h, 7d, 2w).
error-apply-stdin-needs-yes = Die Datei kommt von der Standardeingabe, daher kann die Antwort auf die Rückfrage nicht ebenfalls von dort kommen: Fügen Sie --yes hinzu, um sie anzuwenden (oder --what-if, um den Plan zu sehen).
error-no-answer = Es gibt kein Terminal für die Rückfrage, und auf der Standardeingabe kam keine Antwort, daher wurde nichts geändert: Fügen Sie { $flag } hinzu, um ohne Rückfrage fortzufahren.
error-device-code-no-terminal = Es gibt kein Terminal, auf dem ein Gerätecode angezeigt werden kann, daher könnte niemand diese Anmeldung abschließen: Fügen Sie --device-code hinzu, um trotzdem zu warten, oder melden Sie sich mit --username und --password-stdin oder als App mit --client-id an.
where-profile = { $tenant } (Profil { $profile }, { $account })
where-token = { $tenant } ({ $account })
error-batch-too-large = { $changes } Änderungen passen nicht in eine Transaktion (höchstens { $max }): Teilen Sie die Datei auf.
error-no-value = Geben Sie den neuen Wert an: --enabled true|false oder --value Enabled|Disabled|OnlyTrialsWithoutPaymentMethod.
error-profile-endpoint-mismatch = Das Profil { $profile } ist bei { $profileEndpoint } angemeldet, nicht bei { $endpoint }. Lassen Sie --endpoint weg, oder melden Sie sich in einem anderen Profil bei { $endpoint } an: { $command }

error-forbidden-read = Zugriff verweigert (HTTP 403 Forbidden): Zum Lesen der Richtlinien für Self-Service-Käufe ist ein Konto mit der Rolle Globaler Administrator (früher Unternehmensadministrator), Abrechnungsadministrator oder Globaler Leser erforderlich.
error-forbidden-write = Zugriff verweigert (HTTP 403 Forbidden): Zum Ändern der Richtlinien für Self-Service-Käufe ist ein Konto mit der Rolle Globaler Administrator (früher Unternehmensadministrator) oder Abrechnungsadministrator erforderlich. Ein Globaler Leser darf sie nur lesen.
forbidden-signed-in-as = Sie sind als { $account } (Mandant { $tenant }) mit diesen Rollen angemeldet: { $roles }.
forbidden-what-to-do = Was Sie tun können:
forbidden-reconnect = {"  "}• sich mit einem Konto neu anmelden, das eine dieser Rollen hat: { $command }
forbidden-ask-admin = {"  "}• oder Ihre IT-Administration bitten, Ihnen eine dieser Rollen zuzuweisen: { $roles }.
error-forbidden-app = Zugriff verweigert (HTTP 403 Forbidden): Die App { $app } braucht die Anwendungsberechtigung { $permission } { $access }.
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
error-conflict = Jemand anderes hat { $target } seit dem Lesen geändert, daher wurde nichts geändert.
conflict-what-to-do = Sehen Sie sich den aktuellen Zustand an und führen Sie den Befehl erneut aus (für eine Datei: mscommerce plan -f DATEI, dann apply).
error-batch-refused = Der Dienst hat es abgelehnt, { $target } zu ändern (HTTP { $status }), daher wurde nichts geändert.
error-invalid-value = Der Dienst hat den Wert { $value } für { $target } abgelehnt (HTTP { $status }).
invalid-allowed-values = Zulässige Werte: { $values }
error-busy = Der Dienst ist überlastet (HTTP { $status }) und war es nach { $attempts } Versuchen immer noch. Versuchen Sie es in einigen Minuten erneut.
error-service = Im Dienst ist ein Fehler aufgetreten (HTTP { $status }). Versuchen Sie es erneut; wenn der Fehler weiterhin auftritt, geben Sie die IDs unten an den Betreiber des Dienstes weiter.
error-unexpected-answer = { $url } hat eine Antwort geliefert, die nicht von der Lizenzierungs-API stammt (HTTP { $status }): Stimmt --endpoint?

error-network-dns = Der Host von { $url } wurde nicht gefunden: Prüfen Sie --endpoint und Ihr Netzwerk oder Ihren Proxy.
error-network-connect = Unter { $url } antwortet nichts: Läuft der Dienst, und stimmt die Adresse?
error-network-tls = Die sichere Verbindung zu { $url } ist fehlgeschlagen: Das Zertifikat ist nicht vertrauenswürdig oder für diesen Namen ungültig.
error-network-timeout = { $url } hat nicht rechtzeitig geantwortet: Prüfen Sie Ihr Netzwerk, und versuchen Sie es erneut.
error-network-redirect = { $url } hat mit einer Umleitung geantwortet, und mscommerce folgt nie Umleitungen (Tokens dürfen nirgendwo anders hingelangen): Prüfen Sie --endpoint und --authority.
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
error-endpoint-scheme = { $value }: Nur https ist erlaubt (oder http zu diesem Computer), damit Tokens nie im Klartext über ein Netzwerk übertragen werden.
error-endpoint-extra = { $value } darf weder Benutzername, Kennwort, Abfrage noch Fragment enthalten.
error-timeout-value = --timeout { $value } ist keine Dauer: Verwenden Sie eine ganze Zahl und eine Einheit, etwa 30s oder 2m.
stopped-interrupted = Unterbrochen
stopped-timeout = Keine Antwort innerhalb von --timeout { $timeout }
stopped-write = { $why }, während eine Änderung unterwegs war: Sie wurde vielleicht übernommen, vielleicht nicht.
stopped-check = Sehen Sie nach, was geändert wurde: { $command }
stopped-read = Unterbrochen; es wurde nichts geändert.
stopped-read-timeout = Keine Antwort innerhalb von --timeout { $timeout }; es wurde nichts geändert. Versuchen Sie es erneut oder geben Sie mehr Zeit.
error-endpoint-version = { $value } endet mit der API-Version. Geben Sie die Adresse des Dienstes ohne sie an: --endpoint { $without } (jeder Befehl fügt /v1.0 selbst hinzu).
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
whoami-token-cache = Tokencache
profile-current = Aktuell
profile-authority = Identitätsanbieter
profile-cache = Tokencache
profile-none = Kein Profil ist angemeldet. Melden Sie sich mit mscommerce connect an.
profile-now-current = { $profile } ist jetzt das aktuelle Profil: Befehle verwenden es ohne --profile.

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
target-default = den Standardwert für neue Produkte
target-license-request = die Lizenzanfrage { $id }
target-something = einen Wert
what-if-change = Was wäre, wenn: Die Richtlinie { $policy } für { $target } würde von { $from } auf { $to } geändert werden. Es wurde nichts geändert.
what-if-no-change = Was wäre, wenn: Die Richtlinie { $policy } für { $target } ist bereits { $from }; es würde sich nichts ändern.
confirm-change = Die Richtlinie { $policy } für { $target } in { $where } von { $from } auf { $to } ändern?
confirm-prompt = [j/N]
confirm-yes-answers = j, ja, y, yes
confirm-cancelled = Es wurde nichts geändert.
update-done = Die Richtlinie { $policy } für { $target } ist jetzt { $value }. Sie gilt für künftige Käufe und Testversionen, nicht für bestehende Abonnements.
update-default-done = Der Standardwert von { $policy } für später in den Katalog aufgenommene Produkte ist jetzt { $value }. Bestehende Produkte behalten ihre Werte.

## Mehrere Mandanten (--all-profiles, --profiles)

tenant-heading = == { $profile }: { $tenant } ==
column-profile = Profil
column-tenant = Mandant
column-result = Ergebnis
column-exit-code = Exit
summary-failed = fehlgeschlagen ({ $reason })
exit-name-usage = Aufruf
exit-name-sign-in = Anmeldung
exit-name-forbidden = verboten
exit-name-not-found = nicht gefunden
exit-name-invalid = ungültige Anforderung
exit-name-service = Dienst oder Netzwerk
exit-name-drift = Abweichung
exit-name-conflict = Konflikt
exit-name-unknown = Ergebnis unbekannt
exit-name-interrupted = unterbrochen
summary-items = { $count ->
    [one] { $count } Eintrag
   *[other] { $count } Einträge
}
summary-default = Standard { $value }
summary-no-changes = nichts zu ändern
summary-to-change = { $count ->
    [one] { $count } Änderung
   *[other] { $count } Änderungen
}
summary-applied = { $count ->
    [one] { $count } geändert
   *[other] { $count } geändert
}
summary-in-sync = übereinstimmend
summary-drift = { $count ->
    [one] abgewichen: { $count } Unterschied
   *[other] abgewichen: { $count } Unterschiede
}
progress-reading = Lesen
progress-applying = Anwenden

## Alle auf einmal (update-product-policy --all)

column-name = Name
column-id = ID
column-current = Aktuell
column-desired = Soll
bulk-done = { $count ->
    [one] { $count } in einer Transaktion auf { $value } geändert; { $unchanged } bereits { $value }; { $excepted } unverändert gelassen (--except).
   *[other] { $count } in einer Transaktion auf { $value } geändert; { $unchanged } bereits { $value }; { $excepted } unverändert gelassen (--except).
} Das gilt für künftige Käufe und Testversionen, nicht für bestehende Abonnements.
bulk-what-if = { $count ->
    [one] Was wäre, wenn: { $count } Eintrag würde auf { $value } geändert werden; { $unchanged } bereits { $value }; { $excepted } unverändert gelassen (--except). Es wurde nichts geändert.
   *[other] Was wäre, wenn: { $count } Einträge würden auf { $value } geändert werden; { $unchanged } bereits { $value }; { $excepted } unverändert gelassen (--except). Es wurde nichts geändert.
}
bulk-excepted = Unverändert gelassen: { $items }
bulk-confirm = { $count ->
    [one] Diesen Eintrag in { $where } auf { $value } ändern?
   *[other] Diese { $count } Einträge in { $where } auf { $value } ändern?
}
bulk-confirm-tenants = { $count ->
    [one] 1 Eintrag in { $tenants } Mandanten auf { $value } ändern?
   *[other] { $count } Einträge in { $tenants } Mandanten auf { $value } ändern?
}

## Sollzustand (export, plan, apply, diff)

export-header-title = Sollzustand der Richtlinie { $policy } (geschrieben von mscommerce export).
export-header-tenant = Mandant { $tenant }, exportiert am { $time } von { $account }.
export-header-edit = Ändern Sie die Werte, dann: mscommerce plan -f DATEI (was sich ändern würde), mscommerce apply -f DATEI (ändern); mscommerce diff -f DATEI meldet Abweichungen.
export-header-values = Werte: Enabled, Disabled, OnlyTrialsWithoutPaymentMethod (nur Produkte mit einer Testversion ohne Zahlungsmethode); Angebotstypen: Enabled oder Disabled.
export-header-default = default_value ist der Standardwert für später in den Katalog aufgenommene Produkte.
export-header-unlisted = Nicht aufgeführte Produkte und Angebotstypen bleiben unverändert, sofern nicht default_for_unlisted = "Enabled" oder "Disabled" gesetzt ist; diff meldet sie.
export-done = { $count ->
    [one] Der Standardwert, { $count } Produkt und { $offerTypes } Angebotstypen von { $tenant } wurden nach { $path } exportiert.
   *[other] Der Standardwert, { $count } Produkte und { $offerTypes } Angebotstypen von { $tenant } wurden nach { $path } exportiert.
}

error-file-read = { $path } kann nicht gelesen werden: { $message }
error-file-write = { $path } kann nicht geschrieben werden: { $message }
error-file-exists = { $path } existiert bereits: Wählen Sie eine andere Datei oder fügen Sie --force hinzu, um sie zu ersetzen.
error-file-invalid-at = { $path } ist keine gültige Sollzustandsdatei (Zeile { $line }, Spalte { $column }).
error-file-invalid = { $path } ist keine gültige Sollzustandsdatei.
error-file-alias-conflict = Die Datei führt { $legacy }, eine alte ID von { $current }, und { $current } selbst mit einem anderen Wert auf: behalten Sie einen der beiden.
desired-syntax = Syntax: { $message }
desired-unknown-key = Unbekannter Schlüssel { $key }. Hier erlaubt: { $allowed }.
desired-wrong-type = { $key } muss { $expected } sein.
desired-expected-integer = eine ganze Zahl
desired-expected-string = eine Zeichenfolge in Anführungszeichen
desired-expected-table = eine Tabelle
desired-expected-entry = ein Wert in Anführungszeichen oder eine Tabelle mit value (und name)
desired-expected-comment = eine Zeichenfolge oder eine Liste von Zeichenfolgen
desired-bad-value = { $key }: { $value } ist hier nicht erlaubt. Erlaubte Werte: { $allowed }.
desired-bad-product-id = { $id } ist keine Produkt-ID: Verwenden Sie 1 bis 64 Buchstaben, Ziffern, „-“ oder „_“.
desired-bad-offer-type = { $id } ist kein Angebotstyp: Verwenden Sie 1 bis 64 Buchstaben, Ziffern, „-“ oder „_“.
desired-duplicate = { $key } ist doppelt angegeben.
desired-version = Version { $found } ist unbekannt: Diese Version von mscommerce liest Version 1.
desired-unknown-policy = Es gibt keine Richtlinie { $policy }: Die bekannte Richtlinie ist AllowSelfServicePurchase.
desired-missing-value = { $key } hat keinen Wert: Fügen Sie value = "Enabled", "Disabled" oder "OnlyTrialsWithoutPaymentMethod" hinzu.

plan-default-name = (Standardwert für neue Produkte)
plan-offer-type = (Angebotstyp)
plan-offer-type-name = (Angebotstyp) { $name }
plan-no-changes = Keine Änderungen: Der Mandant entspricht bereits { $file }.
plan-summary = { $count ->
    [one] Plan: { $count } zu ändern; { $inPlace } bereits richtig. Wenden Sie ihn mit { $command } an.
   *[other] Plan: { $count } zu ändern; { $inPlace } bereits richtig. Wenden Sie ihn mit { $command } an.
}
plan-what-if = { $count ->
    [one] Was wäre, wenn: { $count } Eintrag würde sich ändern; { $inPlace } bereits richtig. Es wurde nichts geändert.
   *[other] Was wäre, wenn: { $count } Einträge würden sich ändern; { $inPlace } bereits richtig. Es wurde nichts geändert.
}
apply-done = { $count ->
    [one] Angewendet: { $count } Änderung in einer Transaktion; { $inPlace } bereits richtig.
   *[other] Angewendet: { $count } Änderungen in einer Transaktion; { $inPlace } bereits richtig.
} Das gilt für künftige Käufe und Testversionen, nicht für bestehende Abonnements.
plan-left-alone = { $count ->
    [one] Nicht in der Datei, unverändert gelassen: { $items }
   *[other] Nicht in der Datei, unverändert gelassen: { $items }
}
plan-not-in-tenant = { $count ->
    [one] In der Datei, aber nicht in diesem Mandanten (eingestellt oder unbekannt), ausgelassen: { $items }
   *[other] In der Datei, aber nicht in diesem Mandanten (eingestellt oder unbekannt), ausgelassen: { $items }
}
apply-confirm = { $count ->
    [one] Diese Änderung auf { $where } anwenden?
   *[other] Diese { $count } Änderungen auf { $where } anwenden?
}
apply-confirm-tenants = { $count ->
    [one] { $count } Änderung in { $tenants } Mandanten anwenden?
   *[other] { $count } Änderungen in { $tenants } Mandanten anwenden?
}

column-drift = Abweichung
column-tenant-value = Mandant
column-file-value = Datei
drift-kind-default = Standardwert geändert
drift-kind-changed = geändert
drift-kind-unlisted = nicht in der Datei
drift-kind-missing = nicht im Mandanten
diff-in-sync = Übereinstimmend: Der Mandant entspricht { $file }.
diff-drifted = { $count ->
    [one] Abweichung: der Mandant weicht an { $count } Stelle von { $file } ab.
   *[other] Abweichung: der Mandant weicht an { $count } Stellen von { $file } ab.
}

## Überwachung

column-time = Zeit (UTC)
column-actor = Wer
column-target = Was
column-change = Änderung
column-user = Benutzer
column-product = Produkt
column-kind = Art
column-quantity = Anzahl
column-requester = Anfragender
column-status = Status
column-decided-by = Entschieden von
column-url = URL
column-events = Ereignisse
column-event = Ereignis
column-attempts = Versuche
column-last-answer = Letzte Antwort
audit-actor-app = App { $id }
audit-result-succeeded = geändert
audit-result-refused = abgelehnt ({ $reason })

error-output = Fehler: Die Ausgabe konnte nicht geschrieben werden ({ $message }) und ist verloren. Prüfen Sie, ob die Zieldatei bzw. das Ziellaufwerk genügend Platz hat und beschreibbar ist, und führen Sie den Befehl erneut aus.

## The operator's commands (admin)
admin-column-tenant-id = Mandanten-ID
admin-column-domain = Domäne
admin-column-name = Name
admin-column-upn = UPN
admin-column-object-id = Objekt-ID
admin-column-roles = Rollen
admin-column-client-id = Client-ID
admin-column-permissions = Berechtigungen
admin-column-redirect-uris = Umleitungs-URIs
admin-tenant-added = Mandant { $domain } mit der ID { $id } hinzugefügt
admin-user-added = Benutzer { $upn } zum Mandanten { $tenant } hinzugefügt
admin-password-once = Kennwort (wird nur einmal angezeigt): { $password }
admin-password-reset = Kennwort von { $upn } zurückgesetzt
admin-roles-set = Rollen von { $upn } festgelegt
admin-app-added = App { $client } zum Mandanten { $tenant } hinzugefügt
admin-secret-once = Geheimer Clientschlüssel (wird nur einmal angezeigt): { $secret }
admin-secret-reset = Geheimer Clientschlüssel von { $client } (wird nur einmal angezeigt): { $secret }
admin-no-such-tenant = es gibt keinen Mandanten „{ $tenant }“; die Mandanten zeigt `mscommerce admin tenant list`
admin-stdin-password-unreadable = das Kennwort kann nicht von stdin gelesen werden
admin-stdin-password-empty = das Kennwort auf stdin ist leer
admin-stdin-secret-unreadable = der geheime Schlüssel kann nicht von stdin gelesen werden
admin-stdin-secret-empty = der geheime Schlüssel auf stdin ist leer
admin-no-randomness = keine Zufallsquelle verfügbar
admin-cannot-hash = der geheime Wert kann nicht gehasht werden: { $reason }
admin-weak-secret = Abgelehnt: { $reason }. Wählen Sie ein stärkeres, lassen Sie --password-stdin / --secret-stdin weg, um ein erzeugtes zu erhalten, oder fügen Sie --allow-weak hinzu, wenn es sein muss.
admin-not-a-role = „{ $role }“ ist keine Verzeichnisrolle; verwenden Sie global-admin, billing-admin, global-reader oder user
admin-not-a-upn = „{ $upn }“ ist kein Benutzerprinzipalname (name@domäne)
admin-not-a-permission = „{ $permission }“ ist keine App-Berechtigung; verwenden Sie { $read }, { $readWrite } oder, für eine Storefront, { $evaluate }
admin-not-a-redirect-uri = „{ $uri }“ kann kein Umleitungs-URI sein: Geben Sie eine absolute https://-Adresse ohne #Fragment an (http:// nur für localhost, 127.0.0.1 oder [::1])
admin-not-a-duration = „{ $value }“ ist keine Dauer; verwenden Sie eine ganze Zahl und eine Einheit, etwa 0s, 15m, 2h oder 1d
admin-cannot-read-file = { $path } kann nicht gelesen werden
admin-cannot-create-dir = { $dir } kann nicht angelegt werden
admin-data-dir-restricted = { $path } ist jetzt nur noch für den Eigentümer zugänglich: andere Benutzer konnten es lesen
admin-cannot-write = in stdout kann nicht geschrieben werden: { $reason }
admin-cannot-add-tenant = Mandant { $domain } kann nicht hinzugefügt werden: { $reason }
admin-cannot-add-user = Benutzer { $upn } kann nicht hinzugefügt werden: { $reason }
admin-cannot-reset-password = das Kennwort von { $upn } kann nicht zurückgesetzt werden: { $reason }
admin-cannot-set-roles = die Rollen von { $upn } können nicht festgelegt werden: { $reason }
admin-cannot-add-app = App { $client } kann nicht hinzugefügt werden: { $reason }
admin-cannot-reset-secret = der geheime Schlüssel von { $client } kann nicht zurückgesetzt werden: { $reason }
admin-cannot-open-keys = die Signaturschlüssel können nicht geöffnet werden: { $reason }
admin-cannot-rotate-key = der Signaturschlüssel kann nicht gewechselt werden: { $reason }
serve-cannot-listen = auf { $addr } kann nicht gelauscht werden
admin-keys-rotated = Der neue Signaturschlüssel { $kid } ist aktiv; laufende Server übernehmen ihn von selbst. Der alte Schlüssel bleibt veröffentlicht, bis die damit signierten Token abgelaufen sind.
admin-catalog-column-product-id = PRODUKT-ID
admin-catalog-column-trial = TESTVERSION
admin-catalog-column-retired = EINGESTELLT
admin-catalog-column-name = NAME
admin-catalog-column-legacy-ids = ALTE IDS
admin-yes = ja
admin-no = nein
admin-catalog-added = { $product } ({ $name }) wurde dem Katalog hinzugefügt; jeder Mandant hat es mit seinem eigenen Standardwert für neue Produkte.
admin-catalog-renamed = { $product } wurde in { $name } umbenannt
admin-catalog-retired = { $product } wurde eingestellt: Listen lassen es aus, und seine Richtlinie ändert sich nicht mehr; das Lesen über die ID funktioniert weiterhin.
admin-catalog-retired-already = { $product } war bereits eingestellt
admin-catalog-mapped = Anfragen, die { $legacy } nennen, wirken jetzt auf { $product }
admin-catalog-cannot-add = { $product } kann nicht hinzugefügt werden: { $reason }
admin-catalog-cannot-rename = { $product } kann nicht umbenannt werden: { $reason }
admin-catalog-cannot-retire = { $product } kann nicht eingestellt werden: { $reason }
admin-catalog-cannot-map = { $legacy } kann nicht { $product } zugeordnet werden: { $reason }
admin-catalog-no-such-product = dieses Produkt gibt es nicht; die Produkte zeigt `mscommerce admin catalog list`
admin-catalog-bad-name = ein Produktname hat 1 bis 256 Zeichen, ohne Steuerzeichen
admin-audit-intact = Mandant { $tenant }: { $count ->
    [one] { $count } Eintrag
   *[other] { $count } Einträge
}, Kette intakt, Kopf { $head }
admin-audit-broken = Mandant { $tenant }: BESCHÄDIGT: { $report }
admin-audit-unreadable = ein Eintrag nach Eintrag { $after } kann nicht zurückgelesen werden ({ $reason }): er wurde verändert
admin-audit-broken-summary = { $broken } von { $count } Mandantenjournalen sind beschädigt: Sie wurden außerhalb des Dienstes geändert
admin-audit-all-intact = { $count ->
    [one] { $count } Mandantenjournal geprüft: intakt.
   *[other] { $count } Mandantenjournale geprüft: alle intakt.
}
admin-audit-head-found = der aufbewahrte Kopf { $head } ist Eintrag { $entry }: das Journal enthält ihn noch, { $count ->
    [one] seither kam ein Eintrag hinzu
   *[other] seither kamen { $count } Einträge hinzu
}
admin-audit-head-missing = der aufbewahrte Kopf { $head } ist nicht im Journal: seit er aufbewahrt wurde, wurden Einträge am Ende entfernt oder das Journal neu geschrieben. Stellen Sie die Datenbank aus einer früheren Sicherung wieder her und klären Sie, wer Zugriff auf die Datei hatte
admin-audit-not-a-hash = „{ $value }“ ist kein Kopf-Hash: geben Sie die 64 Hexadezimalziffern an, die audit verify nach „head“ ausgegeben hat

## Startzeilen von serve
serve-started = mscommerce { $version } stellt die Lizenzierungs-API bereit
serve-listening = Lauscht auf { $url }
serve-metrics = Metriken für Prometheus unter { $url }
serve-data-postgres = Daten: PostgreSQL
serve-data-sqlite = Daten: SQLite in { $dir }
serve-demo-directory = Demoverzeichnis: Mandanten contoso.example und fabrikam.example, Kennwort demo-password für
serve-demo-no-role = keine Rolle
serve-demo-apps = Apps contoso-automation (Lesen und Schreiben) und contoso-reporting (Lesen), geheimer Schlüssel demo-secret
serve-sign-in = Anmelden: mscommerce connect --endpoint { $url } --tenant { $tenant }
serve-your-domain = IHRE-DOMAIN
serve-stop = Beenden mit Strg+C.

request-status-pending = offen
request-status-approved = genehmigt
request-status-denied = abgelehnt
request-status-expired = abgelaufen
license-request-filed = Lizenz für { $product } angefragt: Anfrage { $id }. Ein Administrator genehmigt oder lehnt sie ab; den Stand zeigt mscommerce get-license-requests.
license-request-approved = Anfrage von { $requester } für { $product } genehmigt. Weisen Sie die Lizenz dort zu, wo Lizenzen zugewiesen werden.
license-request-denied = Anfrage von { $requester } für { $product } abgelehnt.
webhook-added = Webhook für { $events } unter { $url } registriert. Zustellungen sind mit seinem Geheimnis signiert (Standard Webhooks); prüfen Sie sie beim Empfänger.
webhook-secret = Signaturgeheimnis (nur jetzt angezeigt; bewahren Sie es für den Empfänger auf): { $secret }
webhook-removed = Webhook { $id } entfernt; es wird nichts mehr dorthin gesendet.
webhook-replayed = Zustellung { $id } wird erneut gesendet.
webhook-no-secret = --secret-stdin hat nichts gelesen: Geben Sie das Geheimnis (whsec_...) über stdin an, oder lassen Sie die Option weg, um eines erzeugen zu lassen.

## connect --browser

connect-browser-opened = Melden Sie sich in dem Browser an, der sich gerade geöffnet hat. Falls sich keiner geöffnet hat, öffnen Sie diese Adresse: { $url }
connect-browser-open = Öffnen Sie diese Adresse in einem Browser auf diesem Rechner, um sich anzumelden: { $url }
connect-browser-page-done = Bei mscommerce angemeldet. Sie können diese Seite schließen und zur Befehlszeile zurückkehren.
connect-browser-page-failed = Die Anmeldung wurde nicht abgeschlossen. Kehren Sie zur Befehlszeile zurück: Dort steht, was geschehen ist.
error-browser-declined = Die Anmeldung wurde im Browser abgelehnt.
error-browser-timed-out = Niemand hat die Anmeldung innerhalb von { $minutes } Minuten im Browser abgeschlossen.
error-browser-refused = Der Identitätsanbieter hat die Anmeldung abgelehnt ({ $error }): { $description }
error-browser-forged = Die Tokens gehören nicht zu dieser Anmeldung (ihre Nonce weicht ab) und wurden daher nicht gespeichert.
error-browser-listener = Auf einem Loopback-Port kann nicht auf die Antwort des Browsers gewartet werden ({ $message }): Melden Sie sich stattdessen mit --device-code an.
help-arg-browser = Im Browser dieses Rechners anmelden (Autorisierungscode mit PKCE; die Antwort kommt über einen Loopback-Port zurück); funktioniert mit mehrstufiger Authentifizierung
hint-tenant-not-found = Hier gibt es keinen Mandanten { $tenant }: Prüfen Sie die Schreibweise (eine Domäne wie contoso.com oder die Mandanten-ID) und verbinden Sie sich dann mit dem richtigen: { $command }
hint-tenant-needed = Geben Sie Ihren Mandanten an (seine Domäne, etwa contoso.com, oder seine ID): { $command }
warning-language-unsupported = mscommerce hat keine Meldungen in { $asked }, daher sind sie auf Englisch. Verfügbar: { $available } (--lang oder MSCOMMERCE_LANG).
hint-speaks-http = Diese Adresse spricht einfaches http, nicht https: Verbinden Sie sich mit --endpoint { $endpoint }
hint-speaks-https = Diese Adresse spricht https, nicht einfaches http: Verbinden Sie sich mit --endpoint { $endpoint }
