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
device-wrong-tenant = Dieses Konto gehört nicht zum Mandanten { $tenant }, für den die Anmeldung gestartet wurde.
device-account-disabled = Dieses Konto ist deaktiviert.
device-unknown-code = Dieser Code ist unbekannt oder abgelaufen. Beginnen Sie erneut mit mscommerce connect.
device-unavailable = Die Anmeldung ist gerade nicht möglich. Versuchen Sie es gleich noch einmal.
device-idp-off = Der integrierte Identitätsanbieter ist für diesen Dienst ausgeschaltet.
device-prompt = Dieser Code meldet { $app } beim Verzeichnis { $tenant } an. Fahren Sie nur fort, wenn Sie das selbst gestartet haben.
