## Anmeldeseite mit Gerätecode (/devicelogin).

device-title = Bei mscommerce anmelden
device-intro = Geben Sie den Code ein, den das Programm anzeigt, das Sie zur Anmeldung auffordert, dann Ihr Konto und Ihr Kennwort.
device-code-label = Code
device-username-label = Konto (benutzer@domäne)
device-password-label = Kennwort
device-sign-in = Anmelden
device-decline = Ablehnen
device-hint = Fahren Sie nur fort, wenn Sie diese Anmeldung selbst gestartet haben. Geben Sie nie einen Code ein, den Ihnen jemand geschickt hat.
device-approved = Sie sind als { $user } angemeldet. Das anfragende Programm kann jetzt fortfahren.
device-declined = Die Anmeldung wurde abgelehnt. Das anfragende Programm erfährt es.
device-close-window = Sie können dieses Fenster schließen.
device-bad-credentials = { $attempts ->
    [one] Konto oder Kennwort ist falsch. Sie haben noch einen Versuch.
   *[other] Konto oder Kennwort ist falsch. Sie haben noch { $attempts } Versuche.
}
device-too-many-attempts = Zu viele falsche Kennwörter: Dieser Code ist nicht mehr verwendbar. Starten Sie die Anmeldung neu, um einen neuen Code zu erhalten.
device-wrong-tenant = Dieser Code gilt für das Verzeichnis { $tenant }. Melden Sie sich mit einem Konto dieses Verzeichnisses an.
device-account-disabled = Dieses Konto ist deaktiviert. Wenden Sie sich an Ihren Administrator.
device-unknown-code = Dieser Code ist nicht gültig: vielleicht vertippt, abgelaufen oder schon verwendet. Prüfen Sie ihn oder starten Sie die Anmeldung neu, um einen neuen Code zu erhalten.
device-unavailable = Der Anmeldedienst kann gerade nicht antworten. Versuchen Sie es gleich noch einmal.
device-idp-off = Dieser Dienst hat keine eingebaute Anmeldung; melden Sie sich beim Identitätsanbieter Ihrer Organisation an.
