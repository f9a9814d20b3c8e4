### Web pages of the service (the built-in identity provider's device sign-in page) — en-US.

device-title = Sign in to mscommerce
device-intro = Enter the code that the command line shows, then the account's user name and password.
device-code-label = Code
device-username-label = User name
device-password-label = Password
device-sign-in = Sign in
device-decline = Decline
device-hint = Only continue if you started this sign-in yourself (mscommerce connect). Never enter a code that someone sent you.
device-approved = Signed in as { $user }. You can go back to the command line.
device-declined = The sign-in was declined. The command line stops waiting.
device-close-window = You can close this window.
device-bad-credentials = Wrong user name or password. { $attempts ->
        [one] One attempt left.
       *[other] { $attempts } attempts left.
    }
device-too-many-attempts = Too many attempts: this code no longer works. Start again with mscommerce connect.
device-wrong-tenant = This account does not belong to the tenant { $tenant } that the sign-in was started for.
device-account-disabled = This account is disabled.
device-unknown-code = This code is unknown or has expired. Start again with mscommerce connect.
device-unavailable = Sign-in is unavailable right now. Try again in a moment.
device-idp-off = The built-in identity provider is turned off on this service.
device-prompt = This code signs in { $app } to the directory { $tenant }. Continue only if you started that yourself.
