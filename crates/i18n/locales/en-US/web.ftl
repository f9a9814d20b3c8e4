## Device sign-in page of the built-in identity provider (/devicelogin).

device-title = Sign in to mscommerce
device-intro = Enter the code shown by the program that asked you to sign in, then your account and password.
device-code-label = Code
device-username-label = Account (user@domain)
device-password-label = Password
device-sign-in = Sign in
device-decline = Decline
device-hint = Only continue if you started this sign-in yourself. Never enter a code someone sent you.
device-approved = You are signed in as { $user }. The program that asked can continue now.
device-declined = The sign-in was declined. The program that asked will be told so.
device-close-window = You can close this window.
device-bad-credentials = { $attempts ->
    [one] The account or password is wrong. You have one more attempt.
   *[other] The account or password is wrong. You have { $attempts } more attempts.
}
device-too-many-attempts = Too many wrong passwords: this code can no longer be used. Start the sign-in again to get a new code.
device-wrong-tenant = This code is for the directory { $tenant }. Sign in with an account of that directory.
device-account-disabled = This account is disabled. Ask your administrator.
device-unknown-code = This code is not valid: it may be mistyped, expired or already used. Check it, or start the sign-in again to get a new code.
device-unavailable = The sign-in service cannot answer right now. Try again in a moment.
device-idp-off = This service has no built-in sign-in; sign in with your organization's identity provider.
