# Die Hilfe der Befehle, deren Texte nicht in cli.ftl stehen: die des Betreibers (serve, admin),
# die Unter-Unterbefehle (profile, webhook), completion, man und help. IDs: help-cmd-{Pfad} für
# einen Befehl, help-arg-{Pfad}-{Option} für eine Option; {Pfad} sind die Namen der Unterbefehle,
# mit "-" verbunden. Die Befehle des Betreibers teilen help-arg-operator-{Option}.

## Von jedem Befehl geteilt

help-arg-timeout = Den gesamten Befehl nach dieser Zeit abbrechen (30s, 2m, …) [Standard: unbegrenzt]
help-heading-arguments = Argumente
help-default = [Standard: { $value }]
help-possible-values = [mögliche Werte: { $values }]
help-env = [Umgebungsvariable: { $name }]
help-cmd-help = Diese Hilfe anzeigen oder die Hilfe des angegebenen Unterbefehls
help-cmd-completion = Das Vervollständigungsskript für eine Shell ausgeben, z. B. mscommerce completion bash > /etc/bash_completion.d/mscommerce
help-arg-completion-shell = Die Shell: bash, zsh, fish, powershell oder elvish
help-cmd-man = Die Man-Page (roff) ausgeben, z. B. mscommerce man > /usr/local/share/man/man1/mscommerce.1

## Die Unter-Unterbefehle des Clients

help-cmd-profile-list = Jedes Profil: Mandant, Konto, Dienst und welches das aktuelle ist
help-cmd-profile-use = Dieses Profil zu dem machen, das Befehle ohne --profile verwenden
help-arg-profile-use-name = Der Name des Profils (siehe profile list)
help-cmd-profile-show = Die Angaben eines Profils (des aktuellen, wenn keines genannt ist); nie seine Tokens
help-arg-profile-show-name = Der Name des Profils [Standard: das aktuelle]
help-arg-update-product-policy-yes = Die Frage, die --all und --confirm stellen, mit Ja beantworten (für Skripte, die kein Terminal zum Antworten haben)
help-cmd-webhook-add = Einen https-Endpunkt registrieren; sein Signaturgeheimnis wird einmal angezeigt
help-arg-webhook-add-url = Wohin Zustellungen gesendet werden (https, an eine öffentliche Adresse)
help-arg-webhook-add-events = Nur diese Ereignisse, durch Kommas getrennt [Standard: alle]
help-arg-webhook-add-secret-stdin = Das Signaturgeheimnis (whsec_…) von stdin lesen, statt eines erzeugen zu lassen
help-cmd-webhook-list = Die Endpunkte des Mandanten
help-cmd-webhook-remove = Einen Endpunkt entfernen (seine ausstehenden Zustellungen werden mit entfernt)
help-arg-webhook-remove-id = Die ID des Endpunkts (siehe webhook list)
help-cmd-webhook-deliveries = Die Zustellungen eines Endpunkts, neueste zuerst, mit ihrem Ergebnis
help-arg-webhook-deliveries-id = Die ID des Endpunkts (siehe webhook list)
help-arg-webhook-deliveries-top = Höchstens so viele Zustellungen
help-cmd-webhook-replay = Eine Zustellung erneut senden
help-arg-webhook-replay-id = Die ID des Endpunkts (siehe webhook list)
help-arg-webhook-replay-delivery = Die ID der Zustellung (siehe webhook deliveries)

## serve

help-cmd-serve = Den Richtliniendienst betreiben: die Lizenzierungs-API, den eingebauten Identitätsanbieter, die Verwaltungsseite, Integritätsprüfungen
help-arg-operator-config = Eine TOML-Konfigurationsdatei (Optionen gehen MSCOMMERCE_*-Variablen vor, diese der Datei)
help-arg-operator-data-dir = Wo die SQLite-Datenbank und die Signaturschlüssel liegen [Standard: das Datenverzeichnis der Plattform]
help-arg-operator-database-url = PostgreSQL (postgres://…) statt SQLite im Datenverzeichnis verwenden
help-arg-serve-listen = Die Adresse, auf der der Dienst lauscht [Standard: 127.0.0.1:8080]; Port 0 wählt einen freien Port
help-arg-serve-public-url = Die Adresse, unter der Clients diesen Dienst erreichen (Aussteller seiner Tokens) [Standard: http://ADRESSE]
help-arg-serve-demo = Das feste Demo-Verzeichnis anlegen (contoso.example, fabrikam.example); nur auf Loopback-Adressen
help-arg-serve-log-json = JSON-Zeilen statt Text protokollieren (auf stderr)
help-arg-serve-tls-cert = HTTPS mit diesem Zertifikat anbieten (PEM, gefolgt von seiner Kette); wird neu geladen, wenn sich die Datei ändert
help-arg-serve-tls-key = Der private Schlüssel des Zertifikats (PEM)
help-arg-serve-metrics-listen = Prometheus-Metriken unter http://ADRESSE/metrics anbieten, auf einem eigenen Listener [Standard: keiner]
help-arg-serve-trusted-proxies = Ein Proxy (Adresse oder Netz), dessen X-Forwarded-For den Client benennt, für Smart Lockout, die Anmeldedrosselung und das Protokoll; wiederholbar oder durch Kommas getrennt [Standard: keiner]
help-arg-serve-allow-private-webhooks = Webhooks auch an einfaches http und an Loopback-, private und Link-Local-Adressen erlauben (Labor- und Testumgebungen; nie in einem gemeinsam genutzten Netz)

## admin

help-cmd-admin = Befehle des Betreibers für das Datenverzeichnis oder die Datenbank: Mandanten, Benutzer, Apps, Schlüssel, der Katalog, das Überwachungsprotokoll
help-cmd-admin-tenant = Die Mandanten des eingebauten Verzeichnisses
help-cmd-admin-tenant-add = Einen Mandanten hinzufügen
help-arg-admin-tenant-add-domain = Sein Domänenname, z. B. contoso.com
help-arg-admin-tenant-add-name = Sein Anzeigename [Standard: die Domäne]
help-arg-admin-tenant-add-id = Seine Mandanten-ID (eine GUID) [Standard: eine neue]; geben Sie die Mandanten-ID aus Entra ID an, um einen Mandanten zu spiegeln
help-cmd-admin-tenant-list = Die Mandanten auflisten
help-cmd-admin-user = Die Benutzer des eingebauten Verzeichnisses
help-cmd-admin-user-add = Einen Benutzer hinzufügen; das Kennwort wird mit --password-stdin von stdin gelesen, sonst erzeugt und einmal angezeigt
help-arg-admin-user-add-upn = Der Benutzerprinzipalname; seine Domäne bestimmt den Mandanten, sofern --tenant nicht angegeben ist
help-arg-admin-user-add-name = Der Anzeigename [Standard: der Teil des Benutzerprinzipalnamens vor @]
help-arg-admin-user-add-tenant = Domäne oder ID des Mandanten [Standard: die Domäne des Benutzerprinzipalnamens]
help-arg-admin-user-add-roles = Eine Verzeichnisrolle, wiederholbar: global-admin, billing-admin, global-reader, license-admin, user-admin (oder eine Rollenvorlagen-ID)
help-arg-admin-user-add-password-stdin = Das Kennwort aus der ersten Zeile von stdin lesen, statt eines zu erzeugen
help-arg-admin-user-add-allow-weak = Ein Kennwort von stdin annehmen, das die Kennwortrichtlinie ablehnt (mindestens 12 Zeichen, kein gängiges Kennwort)
help-cmd-admin-user-reset-password = Ein neues Kennwort setzen (mit --password-stdin von stdin, sonst erzeugt und einmal angezeigt)
help-arg-admin-user-reset-password-upn = Der Benutzerprinzipalname
help-arg-admin-user-reset-password-password-stdin = Das neue Kennwort aus der ersten Zeile von stdin lesen, statt eines zu erzeugen
help-arg-admin-user-reset-password-allow-weak = Ein Kennwort von stdin annehmen, das die Kennwortrichtlinie ablehnt
help-cmd-admin-user-set-roles = Die Verzeichnisrollen eines Benutzers ersetzen
help-arg-admin-user-set-roles-upn = Der Benutzerprinzipalname
help-arg-admin-user-set-roles-roles = Eine Verzeichnisrolle, wiederholbar; ohne Angabe hat der Benutzer keine Rolle
help-cmd-admin-user-list = Die Benutzer auflisten
help-arg-admin-user-list-tenant = Nur die Benutzer dieses Mandanten (Domäne oder ID)
help-cmd-admin-app = Die Apps (Clientanmeldeinformationen) des eingebauten Verzeichnisses
help-cmd-admin-app-add = Eine App hinzufügen; sie erhält ein erzeugtes Geheimnis (einmal angezeigt), sofern --certificate nicht angegeben ist
help-arg-admin-app-add-name = Ihr Anzeigename
help-arg-admin-app-add-tenant = Domäne oder ID des Mandanten
help-arg-admin-app-add-client-id = Ihre Client-ID [Standard: eine neue GUID]
help-arg-admin-app-add-permissions = Eine App-Berechtigung, wiederholbar: Policy.Read.AllowSelfServicePurchase, Policy.ReadWrite.AllowSelfServicePurchase oder SelfServicePurchase.Evaluate.All (oder ihre App-Rollen-IDs)
help-arg-admin-app-add-storefront = Eine Storefront: erhält SelfServicePurchase.Evaluate.All, also Kaufentscheidungen für jeden Mandanten (aber keinen Zugriff auf die Richtlinien ihres eigenen Mandanten)
help-arg-admin-app-add-certificate = Ein PEM-Zertifikat (oder öffentlicher Schlüssel), dessen signierte Client-Assertions die App statt eines Geheimnisses verwenden darf
help-arg-admin-app-add-redirect-uris = Wohin der Autorisierungscode-Flow die Benutzer der App zurückschicken darf, wiederholbar: eine Webanwendung, die Benutzer hier anmeldet (https, oder http auf localhost)
help-arg-admin-app-add-secret-stdin = Das Geheimnis von stdin lesen, statt eines zu erzeugen
help-arg-admin-app-add-allow-weak = Ein Geheimnis von stdin annehmen, das die Kennwortrichtlinie ablehnt
help-cmd-admin-app-reset-secret = Einer App ein neues erzeugtes Geheimnis geben (einmal angezeigt)
help-arg-admin-app-reset-secret-tenant = Domäne oder ID des Mandanten
help-arg-admin-app-reset-secret-client-id = Die Client-ID der App
help-cmd-admin-app-list = Die Apps auflisten
help-arg-admin-app-list-tenant = Nur die Apps dieses Mandanten (Domäne oder ID)
help-cmd-admin-keys = Die Signaturschlüssel des Identitätsanbieters
help-cmd-admin-keys-rotate = Einen neuen Signaturschlüssel aktivieren; der alte bleibt veröffentlicht, bis seine Tokens ablaufen. Laufende Server bemerken es innerhalb von Sekunden
help-arg-admin-keys-rotate-retire-after = Wie lange der alte Schlüssel veröffentlicht und akzeptiert bleibt: standardmäßig 65m (die von ihm signierten Tokens bleiben gültig); 0s zieht ihn sofort zurück (bei einem kompromittierten Schlüssel: Jedes von ihm signierte Token wird ab dann abgelehnt). Formate: 30s, 15m, 2h, 1d
help-cmd-admin-catalog = Der Produktkatalog, den alle Mandanten teilen
help-cmd-admin-catalog-add = Ein Produkt hinzufügen; jeder Mandant erhält es mit seinem eigenen Standardwert für neue Produkte
help-arg-admin-catalog-add-product-id = Seine Produkt-ID, z. B. CFQ7TTC0ABCD (1 bis 64 Buchstaben, Ziffern, - oder _)
help-arg-admin-catalog-add-name = Sein Name, wie er in Listen angezeigt wird
help-arg-admin-catalog-add-trial-without-payment-method = Es bietet eine Testversion ohne Zahlungsmethode (daher gilt OnlyTrialsWithoutPaymentMethod dafür)
help-arg-admin-catalog-add-legacy-ids = Eine ältere ID, die auf dieses Produkt wirken soll, wiederholbar
help-cmd-admin-catalog-rename = Ein Produkt umbenennen, in jedem Mandanten
help-arg-admin-catalog-rename-product-id = Die ID des Produkts
help-arg-admin-catalog-rename-name = Sein neuer Name
help-cmd-admin-catalog-retire = Ein Produkt einstellen: Es verschwindet aus Listen, seine Richtlinie wird eingefroren; über die ID lässt es sich weiterhin lesen
help-arg-admin-catalog-retire-product-id = Die ID des Produkts
help-cmd-admin-catalog-map-legacy = Anforderungen, die eine alte ID (oder die eines eingestellten Produkts) nennen, auf ein aktuelles Produkt wirken lassen
help-arg-admin-catalog-map-legacy-legacy-id = Die alte ID
help-arg-admin-catalog-map-legacy-product-id = Die ID des aktuellen Produkts
help-cmd-admin-catalog-list = Alle Produkte auflisten, auch eingestellte
help-cmd-admin-audit = Die Überwachungsprotokolle der Mandanten
help-cmd-admin-audit-verify = Die Hash-Kette jedes Mandanten (oder eines Mandanten) prüfen und je Kette das erste gebrochene Glied melden; endet mit Exitcode 1, wenn eine Kette gebrochen ist. Gibt den Kopf-Hash jeder Kette aus: Bewahren Sie ihn anderswo auf, um später ein von Anfang an neu geschriebenes oder am Ende gekürztes Protokoll zu erkennen
help-arg-admin-audit-verify-tenant = Domäne oder ID des Mandanten [Standard: jeder Mandant]
help-arg-admin-audit-verify-expect-head = Ein Kopf-Hash, den ein früheres verify dieses Mandanten ausgegeben hat und der anderswo aufbewahrt wurde: Er muss noch in der Kette sein (seither hinzugekommene Einträge sind in Ordnung), sonst wurde das Protokoll seitdem gekürzt oder neu geschrieben; der Befehl endet dann mit Exitcode 1
