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
sign-in-locked = This account is locked for now: too many wrong passwords were tried from this device or network. Try again in { $minutes ->
        [one] a minute
       *[other] { $minutes } minutes
    }, or ask an administrator to reset the password if it may have been guessed.
sign-in-throttled = Too many failed sign-ins from your address. Wait { $seconds } seconds, then try again.
device-wrong-tenant = This account does not belong to the tenant { $tenant } that the sign-in was started for.
device-account-disabled = This account is disabled.
device-unknown-code = This code is unknown or has expired. Start again with mscommerce connect.
device-unavailable = Sign-in is unavailable right now. Try again in a moment.
device-idp-off = The built-in identity provider is turned off on this service.
device-prompt = This code signs in { $app } to the directory { $tenant }. Continue only if you started that yourself.
device-prompt-any = This code signs in { $app } to the directory of the account you sign in with. Continue only if you started that yourself.
authorize-title = Sign in
authorize-intro = { $app } asks you to sign in to { $tenant }.
authorize-intro-any = { $app } asks you to sign in with your organization account.
authorize-bad-credentials = Wrong user name or password. Check them and try again.
authorize-error-title = This sign-in cannot continue
authorize-error-hint = Go back to the application and start the sign-in again. If it happens again, give this message to your administrator.
authorize-origin = This sign-in form was sent from another site and was refused. Open the sign-in from the application again.
authorize-bad-request = The sign-in request could not be read. Go back to the application and start again.
authorize-form-post-title = Signing you in…
authorize-form-post-noscript = Script is turned off in this browser: press Continue to go back to the application.
authorize-form-post-continue = Continue
page-title = Self-service trials and purchases
page-landing = Sign in to see and change which products the people in your organization may buy or try on their own.
page-sign-in = Sign in
page-sign-out = Sign out
page-signed-in-as = Signed in as { $user }
page-intro = Choose whether users in your organization can buy or try these products themselves.
page-search = Search products
page-filter = Setting
page-filter-all = All settings
page-sort = Sort by
page-sort-name = Name
page-sort-setting = Setting
page-apply = Apply
page-col-product = Product
page-col-setting = Setting
page-count = { $count ->
    [one] One product
   *[other] { $count } products
}
value-enabled = Allow
value-trials = Allow for trials only
value-disabled = Do not allow
page-future-only = A change affects future purchases and trials only; what people already bought or started stays as it is.
page-save = Save
page-saved = { $product }: saved as “{ $value }”.
page-conflict = Someone else changed { $product } while you were looking: it is now “{ $value }”. Check it and save again if you still want to change it.
page-readonly = You can see these settings but not change them: your role is Global Reader. A Global Administrator or a Billing Administrator can change them.
page-noaccess-title = You cannot manage self-service purchases
page-noaccess-who = You are signed in as { $user }.
page-noaccess-roles = Only these roles may change these settings: Global Administrator, Billing Administrator. A Global Reader may see them.
page-noaccess-how = Ask a Global Administrator of your organization to give you one of these roles, then sign out and sign in again.
page-csrf = This form has expired or did not come from this page, so it was refused and nothing was changed. Reload the page and try again.
page-session-expired = Your session has ended. Sign in again.
page-bad-request = The form could not be read, so nothing was changed. Reload the page and try again.
page-not-found = This product is not in the catalog. Reload the page to see the current list.
page-unavailable = The service cannot answer right now and nothing was changed. Try again in a moment.
page-signin-failed = The sign-in could not be completed: { $reason } Sign in again.
page-refused = This change was refused: { $reason }
page-language = Language
page-default-title = Default for new products
page-default-intro = Products added to the catalog from now on start with this setting (“Do not allow” instead of “Allow for trials only” for a product without a trial).
page-default-saved = New products will start as “{ $value }”.
page-bulk-title = Change the selected products
page-bulk-select = Select { $product }
page-bulk-value = New setting
page-bulk-save = Save for the selected products
page-bulk-saved = { $count ->
    [one] One product saved as “{ $value }”.
   *[other] { $count } products saved as “{ $value }”.
}
page-bulk-none = Select at least one product first; nothing was changed.
page-journal-title = Audit log
page-journal-actor = Changed by
page-journal-from = From
page-journal-to = To
page-journal-time = Time
page-journal-change = Change
page-journal-result = Result
page-journal-csv = Download CSV
page-journal-empty = No entries match these filters.
page-journal-older = Older entries
page-journal-bad-filter = A filter could not be read: the product must be a product id (such as CFQ7TTC0LH18) and the dates must be days (YYYY-MM-DD). Correct it and try again.
page-last-change = Last changed
page-never-changed = Never changed
page-offer-types = Offer types

## Requests and purchases views

page-nav = Views
page-nav-products = Products
page-requests-title = License requests
page-purchases-title = Purchases and trials
page-requests-intro-decider = People in your organization ask here for licenses of products they may not buy or try on their own. Approve or deny each request; the requester sees your decision and your note.
page-requests-intro-user = Ask your organization's admins for a license of a product you may not buy or try yourself, and follow your requests here.
page-request-ask = Ask for a license
page-request-choose = Choose a product
page-request-message = Message
page-request-send = Send the request
page-requests-all = Your organization's requests
page-requests-mine = Your requests
page-request-status = Status
page-request-all = All
page-request-filed = Asked on
page-request-requester = Asked by
page-request-decide = Decision
page-request-note = Note for the requester (optional)
page-request-approve = Approve
page-request-deny = Deny
page-requests-empty = No requests match.
page-request-pending = Pending
page-request-approved = Approved
page-request-denied = Denied
page-request-expired = Expired
page-request-sent = Your request for { $product } was sent to your admins.
page-request-did-approve = You approved the request of { $requester } for { $product }.
page-request-did-deny = You denied the request of { $requester } for { $product }.
page-request-pick = Choose a product from the list, then send the request again.
page-request-message-bad = The message is too long or holds characters that cannot be kept: at most 1000 characters of text, line breaks allowed. Shorten it and send it again.
page-request-gone = This request does not exist (any more). Reload the page to see the current list.
page-requests-app = License requests are for people: an application cannot file or read them.
page-requests-not-decider = Only a Global, Billing, License or User Administrator can approve or deny requests, so nothing was changed.
page-purchases-intro = What storefronts recorded for your organization, newest first: trials started, purchases made, trials converted and subscriptions cancelled.
page-purchases-user = User
page-purchases-kind = What
page-purchases-quantity = Quantity
page-purchases-setting = Setting at the time
page-purchases-empty = No purchases or trials match.
page-purchases-bad-filter = A filter could not be read: the product must be a product id (such as CFQ7TTC0LH18). Correct it and try again.
page-purchase-trialStarted = Trial started
page-purchase-purchaseMade = Purchase made
page-purchase-trialConverted = Trial converted
page-purchase-subscriptionCancelled = Subscription cancelled
page-noaccess-request = Ask for a license of a product
