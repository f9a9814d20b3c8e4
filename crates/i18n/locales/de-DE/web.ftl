### Webseiten des Dienstes (Gerätecode-Anmeldeseite des integrierten Identitätsanbieters) — de-DE.

device-title = Bei mscommerce anmelden
device-intro = Geben Sie den Code ein, den die Befehlszeile anzeigt, dann Benutzername und Kennwort des Kontos.
device-code-label = Code
device-username-label = Benutzername
device-password-label = Kennwort
device-sign-in = Anmelden
device-decline = Ablehnen
device-hint = Fahren Sie nur fort, wenn Sie diese Anmeldung selbst gestartet haben (mscommerce connect). Geben Sie nie einen Code ein, den Ihnen jemand geschickt hat.
device-approved = Als { $user } angemeldet. Sie können zur Befehlszeile zurückkehren.
device-declined = Die Anmeldung wurde abgelehnt. Die Befehlszeile wartet nicht mehr.
device-close-window = Sie können dieses Fenster schließen.
device-bad-credentials = Falscher Benutzername oder falsches Kennwort. { $attempts ->
        [one] Noch ein Versuch.
       *[other] Noch { $attempts } Versuche.
    }
device-too-many-attempts = Zu viele Versuche: Dieser Code funktioniert nicht mehr. Beginnen Sie erneut mit mscommerce connect.
sign-in-locked = Dieses Konto ist vorübergehend gesperrt: Von diesem Gerät oder Netzwerk wurden zu viele falsche Kennwörter versucht. Versuchen Sie es in { $minutes ->
        [one] einer Minute
       *[other] { $minutes } Minuten
    } erneut, oder bitten Sie einen Administrator, das Kennwort zurückzusetzen, falls es erraten worden sein könnte.
sign-in-throttled = Zu viele fehlgeschlagene Anmeldungen von Ihrer Adresse. Warten Sie { $seconds } Sekunden und versuchen Sie es dann erneut.
device-wrong-tenant = Dieses Konto gehört nicht zum Mandanten { $tenant }, für den die Anmeldung gestartet wurde.
device-account-disabled = Dieses Konto ist deaktiviert.
device-unknown-code = Dieser Code ist unbekannt oder abgelaufen. Beginnen Sie erneut mit mscommerce connect.
device-unavailable = Die Anmeldung ist gerade nicht möglich. Versuchen Sie es gleich noch einmal.
device-idp-off = Der integrierte Identitätsanbieter ist für diesen Dienst ausgeschaltet.
device-prompt = Dieser Code meldet { $app } beim Verzeichnis { $tenant } an. Fahren Sie nur fort, wenn Sie das selbst gestartet haben.
device-prompt-any = Dieser Code meldet { $app } beim Verzeichnis des Kontos an, mit dem Sie sich anmelden. Fahren Sie nur fort, wenn Sie das selbst gestartet haben.
authorize-title = Anmelden
authorize-intro = { $app } bittet Sie, sich bei { $tenant } anzumelden.
authorize-intro-any = { $app } bittet Sie, sich mit dem Konto Ihrer Organisation anzumelden.
authorize-bad-credentials = Falscher Benutzername oder falsches Kennwort. Prüfen Sie beides und versuchen Sie es erneut.
authorize-error-title = Diese Anmeldung kann nicht fortgesetzt werden
authorize-error-hint = Kehren Sie zur Anwendung zurück und beginnen Sie die Anmeldung erneut. Wenn es wieder passiert, geben Sie diese Meldung an Ihre Administration weiter.
authorize-origin = Dieses Anmeldeformular wurde von einer anderen Website gesendet und abgelehnt. Öffnen Sie die Anmeldung erneut aus der Anwendung.
authorize-bad-request = Die Anmeldeanfrage konnte nicht gelesen werden. Kehren Sie zur Anwendung zurück und beginnen Sie erneut.
authorize-form-post-title = Anmeldung läuft…
authorize-form-post-noscript = Skripts sind in diesem Browser deaktiviert: Klicken Sie auf „Weiter“, um zur Anwendung zurückzukehren.
authorize-form-post-continue = Weiter
page-title = Self-Service-Testversionen und -Käufe
page-landing = Melden Sie sich an, um zu sehen und zu ändern, welche Produkte die Personen Ihrer Organisation selbst kaufen oder testen dürfen.
page-sign-in = Anmelden
page-sign-out = Abmelden
page-signed-in-as = Angemeldet als { $user }
page-intro = Legen Sie fest, ob Benutzer Ihrer Organisation diese Produkte selbst kaufen oder testen dürfen.
page-search = Produkte suchen
page-filter = Einstellung
page-filter-all = Alle Einstellungen
page-sort = Sortieren nach
page-sort-name = Name
page-sort-setting = Einstellung
page-apply = Anwenden
page-col-product = Produkt
page-col-setting = Einstellung
page-count = { $count ->
    [one] Ein Produkt
   *[other] { $count } Produkte
}
value-enabled = Zulassen
value-trials = Nur Testversionen zulassen
value-disabled = Nicht zulassen
page-future-only = Eine Änderung gilt nur für künftige Käufe und Testversionen; was bereits gekauft oder begonnen wurde, bleibt unverändert.
page-save = Speichern
page-saved = { $product }: gespeichert als „{ $value }“.
page-conflict = Jemand anderes hat { $product } geändert, während Sie die Seite offen hatten: jetzt „{ $value }“. Prüfen Sie den Wert und speichern Sie erneut, wenn Sie ihn trotzdem ändern möchten.
page-readonly = Sie können diese Einstellungen sehen, aber nicht ändern: Ihre Rolle ist Globaler Leser. Ein Globaler Administrator oder ein Abrechnungsadministrator kann sie ändern.
page-noaccess-title = Sie können Self-Service-Käufe nicht verwalten
page-noaccess-who = Sie sind angemeldet als { $user }.
page-noaccess-roles = Nur diese Rollen dürfen diese Einstellungen ändern: Globaler Administrator, Abrechnungsadministrator. Ein Globaler Leser darf sie sehen.
page-noaccess-how = Bitten Sie einen Globalen Administrator Ihrer Organisation, Ihnen eine dieser Rollen zuzuweisen, und melden Sie sich dann ab und erneut an.
page-csrf = Dieses Formular ist abgelaufen oder stammt nicht von dieser Seite; es wurde abgelehnt und nichts wurde geändert. Laden Sie die Seite neu und versuchen Sie es erneut.
page-session-expired = Ihre Sitzung ist beendet. Melden Sie sich erneut an.
page-bad-request = Das Formular konnte nicht gelesen werden; nichts wurde geändert. Laden Sie die Seite neu und versuchen Sie es erneut.
page-not-found = Dieses Produkt ist nicht im Katalog. Laden Sie die Seite neu, um die aktuelle Liste zu sehen.
page-unavailable = Der Dienst kann gerade nicht antworten; nichts wurde geändert. Versuchen Sie es gleich noch einmal.
page-signin-failed = Die Anmeldung konnte nicht abgeschlossen werden: { $reason } Melden Sie sich erneut an.
page-refused = Diese Änderung wurde abgelehnt: { $reason }
page-language = Sprache
page-default-title = Standard für neue Produkte
page-default-intro = Produkte, die ab jetzt in den Katalog kommen, beginnen mit dieser Einstellung („Nicht zulassen“ statt „Nur Testversionen zulassen“ bei einem Produkt ohne Testversion).
page-default-saved = Neue Produkte beginnen mit „{ $value }“.
page-bulk-title = Ausgewählte Produkte ändern
page-bulk-select = { $product } auswählen
page-bulk-value = Neue Einstellung
page-bulk-save = Für die ausgewählten Produkte speichern
page-bulk-saved = { $count ->
    [one] Ein Produkt gespeichert als „{ $value }“.
   *[other] { $count } Produkte gespeichert als „{ $value }“.
}
page-bulk-none = Wählen Sie zuerst mindestens ein Produkt aus; nichts wurde geändert.
page-journal-title = Überwachungsprotokoll
page-journal-actor = Geändert von
page-journal-from = Von
page-journal-to = Bis
page-journal-time = Zeit
page-journal-change = Änderung
page-journal-result = Ergebnis
page-journal-csv = CSV herunterladen
page-journal-empty = Keine Einträge entsprechen diesen Filtern.
page-journal-older = Ältere Einträge
page-journal-bad-filter = Ein Filter konnte nicht gelesen werden: Das Produkt muss eine Produkt-ID sein (etwa CFQ7TTC0LH18) und die Daten müssen Tage sein (JJJJ-MM-TT). Korrigieren Sie ihn und versuchen Sie es erneut.
page-last-change = Zuletzt geändert
page-never-changed = Nie geändert
page-offer-types = Angebotsarten

## Ansichten Anfragen und Käufe

page-nav = Ansichten
page-nav-products = Produkte
page-requests-title = Lizenzanfragen
page-purchases-title = Käufe und Testversionen
page-requests-intro-decider = Hier bitten Personen Ihrer Organisation um Lizenzen für Produkte, die sie nicht selbst kaufen oder testen dürfen. Genehmigen oder lehnen Sie jede Anfrage ab; die anfragende Person sieht Ihre Entscheidung und Ihre Notiz.
page-requests-intro-user = Bitten Sie die Administratoren Ihrer Organisation um eine Lizenz für ein Produkt, das Sie nicht selbst kaufen oder testen dürfen, und verfolgen Sie Ihre Anfragen hier.
page-request-ask = Eine Lizenz anfragen
page-request-choose = Produkt auswählen
page-request-message = Nachricht
page-request-send = Anfrage senden
page-requests-all = Die Anfragen Ihrer Organisation
page-requests-mine = Ihre Anfragen
page-request-status = Status
page-request-all = Alle
page-request-filed = Angefragt am
page-request-requester = Angefragt von
page-request-decide = Entscheidung
page-request-note = Notiz für die anfragende Person (optional)
page-request-approve = Genehmigen
page-request-deny = Ablehnen
page-requests-empty = Keine Anfragen gefunden.
page-request-pending = Offen
page-request-approved = Genehmigt
page-request-denied = Abgelehnt
page-request-expired = Abgelaufen
page-request-sent = Ihre Anfrage für { $product } wurde an Ihre Administratoren gesendet.
page-request-did-approve = Sie haben die Anfrage von { $requester } für { $product } genehmigt.
page-request-did-deny = Sie haben die Anfrage von { $requester } für { $product } abgelehnt.
page-request-pick = Wählen Sie ein Produkt aus der Liste und senden Sie die Anfrage erneut.
page-request-message-bad = Die Nachricht ist zu lang oder enthält Zeichen, die nicht gespeichert werden können: höchstens 1000 Zeichen Text, Zeilenumbrüche erlaubt. Kürzen Sie sie und senden Sie sie erneut.
page-request-gone = Diese Anfrage gibt es nicht (mehr). Laden Sie die Seite neu, um die aktuelle Liste zu sehen.
page-requests-app = Lizenzanfragen sind für Personen: Eine Anwendung kann sie weder stellen noch lesen.
page-requests-not-decider = Nur ein Globaler, Abrechnungs-, Lizenz- oder Benutzeradministrator kann Anfragen genehmigen oder ablehnen; es wurde nichts geändert.
page-purchases-intro = Was Storefronts für Ihre Organisation erfasst haben, neueste zuerst: begonnene Testversionen, getätigte Käufe, umgewandelte Testversionen und gekündigte Abonnements.
page-purchases-user = Benutzer
page-purchases-kind = Was
page-purchases-quantity = Anzahl
page-purchases-setting = Einstellung zu dem Zeitpunkt
page-purchases-empty = Keine Käufe oder Testversionen gefunden.
page-purchases-bad-filter = Ein Filter konnte nicht gelesen werden: Das Produkt muss eine Produkt-ID sein (etwa CFQ7TTC0LH18). Korrigieren Sie ihn und versuchen Sie es erneut.
page-purchase-trialStarted = Testversion begonnen
page-purchase-purchaseMade = Kauf getätigt
page-purchase-trialConverted = Testversion umgewandelt
page-purchase-subscriptionCancelled = Abonnement gekündigt
page-noaccess-request = Eine Lizenz für ein Produkt anfragen
