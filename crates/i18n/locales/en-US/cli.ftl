### mscommerce CLI — en-US (the reference catalog: every other locale has exactly these messages,
### attributes and placeables). Policy values, product names, ids and commands are data: they stay
### as they are in every language.

## Help

help-about = Self-service purchase policies of Microsoft 365 tenants: the policy service and its command line (every MSCommerce cmdlet, on any OS).
help-usage-heading = Usage:
help-heading-options = Options
help-heading-commands = Commands
help-arg-help = Print help
help-arg-version = Print version
help-exit-codes =
    Exit codes:
      0  success
      2  usage: bad arguments, unreadable credential file
      3  sign-in: not signed in, sign-in refused or expired (HTTP 401), unreadable token cache
      4  forbidden: the account or app lacks the role or permission (HTTP 403)
      5  not found: no such policy, product or offer type (HTTP 404)
      6  invalid request: the service refused a value (HTTP 400)
      7  service or network: service failure or overload (HTTP 5xx, 429), network or TLS failure
      8  drift: diff found the tenant no longer matches the file
      9  conflict: someone changed a value since it was read (HTTP 412), or the request is decided or pending already (HTTP 409); nothing was changed
     10  output lost: the result could not be written (a full disk, say)
     11  outcome unknown: a change was sent and no answer came (Ctrl+C, --timeout); check with audit
    130  interrupted (Ctrl+C) before anything was changed
      With --all-profiles or --profiles: the worst of the tenants' codes (any failure outranks drift).

help-arg-endpoint = The licensing service [default: https://licensing.m365.microsoft.com]
help-arg-token = Use this access token instead of the signed-in profile (like -Token); "-" reads it from stdin
help-arg-profile = The sign-in to use; several can live side by side [default: the current one]
help-arg-output = Output of reads: table for people, json or csv for scripts
help-arg-lang = Language of messages: en-US, zh-TW, fr-FR, nl-NL, de-DE [default: from MSCOMMERCE_LANG, LC_ALL, LC_MESSAGES, LANG]
help-arg-verbose = Show each request (method, URL, status, correlation and request ids) on stderr; never tokens or secrets
help-arg-wide = Tables: every column and every cell whole, however wide (by default they fit the terminal)

help-cmd-connect = Sign in and keep the tokens in a profile (Connect-MSCommerce)
help-cmd-disconnect = Forget the tokens of the profile
help-cmd-whoami = Who is signed in: account or app, tenant, roles or permissions, expiry
help-cmd-profile = The sign-ins kept side by side: list them, pick the one commands use, show one
help-cmd-get-policies = List the policies (Get-MSCommercePolicies)
help-cmd-get-policy = Show one policy (Get-MSCommercePolicy)
help-cmd-get-product-policies = List the policy of every product or offer type (Get-MSCommerceProductPolicies)
help-cmd-get-product-policy = Show the policy of one product or offer type (Get-MSCommerceProductPolicy)
help-cmd-update-product-policy = Change the policy of one product or offer type, or of all at once with --all (Update-MSCommerceProductPolicy)
help-cmd-update-policy = Change the tenant's default for products added to the catalog later
help-cmd-export = Write the tenant's policy as a desired-state file (TOML or JSON): the default and every product and offer type
help-cmd-plan = Show what applying a desired-state file would change (current → desired), and change nothing
help-cmd-apply = Make the tenant match a desired-state file: one atomic change, each value checked against what was read (If-Match)
help-cmd-diff = Check that the tenant still matches a desired-state file; exit code 8 when it drifted
help-cmd-audit = List the audit journal: who changed what and when, and refused changes (newest first)
help-cmd-get-self-service-purchases = List the purchases and trials storefronts recorded for the tenant: who bought or started what, when, how many (newest first)
help-cmd-request-license = Ask the tenant's admins for a license for a product; they approve or deny it
help-cmd-get-license-requests = List license requests: your own, or all of the tenant's if you decide them (Global, Billing, License or User Administrator)
help-cmd-approve-license-request = Approve a pending license request (Global, Billing, License or User Administrator); journaled
help-cmd-deny-license-request = Deny a pending license request (Global, Billing, License or User Administrator); journaled
help-cmd-webhook = Webhooks: tell a system of yours what happened (policy changed, trial started, purchase made, license request filed or decided): add, list, remove, deliveries, replay

help-arg-tenant = Tenant: a domain name or tenant id [default: organizations; required for apps]
help-arg-authority = The identity provider [default: login.microsoftonline.com for the Microsoft service, else the endpoint's own address]
help-arg-device-code = Sign in with a device code (the default): open the address shown and enter the code
help-arg-username = Sign in as this user with a password: asked for on the terminal without showing it, or read from stdin with --password-stdin (like -AdminAccount; impossible with multi-factor authentication)
help-arg-password-stdin = Read the password from the first line of stdin
help-arg-client-id = Sign in as an app (client credentials) with this client id; the secret comes from MSCOMMERCE_CLIENT_SECRET, --client-secret-file or --certificate
help-arg-client-secret-file = A file whose first line is the app's client secret (never pass a secret as an argument)
help-arg-certificate = A PEM file with the app's certificate (and its private key, unless --certificate-key is given)
help-arg-certificate-key = The certificate's private key (PEM), when it is not in the --certificate file
help-arg-all = Forget every profile
help-arg-policy-id = The policy
help-arg-scope = Products or offer types
help-arg-get-product-policies-value = Only those with this value
help-arg-name = Only those whose name or id contains this text (any case)
help-arg-product-id = The product id (e.g. CFQ7TTC0H9MP); a legacy id acts on the current product
help-arg-offer-type = The offer type (e.g. SaaS)
help-arg-enabled = true = Enabled, false = Disabled
help-arg-value = The new value
help-arg-what-if = Show what would change, and change nothing
help-arg-confirm = Ask before changing
help-arg-update-product-policy-all = Every product, in one request and one transaction
help-arg-all-offer-types = Every offer type (with --all: products and offer types in the same transaction)
help-arg-except = With --all or --all-offer-types: leave these products or offer types as they are (comma-separated ids)
help-arg-default-value = The default for products added to the catalog later (existing products keep their values)
help-arg-all-profiles = Run against every signed-in profile (one tenant each), with a report per tenant
help-arg-profiles = Run against these profiles (comma-separated), with a report per tenant
help-arg-file = The desired-state file (TOML or JSON; "-" reads stdin)
help-arg-export-file = Where to write the file [default: stdout]; "-" is stdout
help-arg-format = The file's format: toml (for people) or json [default: from the file's extension, else json with --output json, else toml]
help-arg-force = Replace the file if it exists
help-arg-yes = Apply without asking
help-arg-apply-what-if = Show the plan, and change nothing
help-arg-audit-product-id = Only entries about this product
help-arg-audit-offer-type = Only entries about this offer type
help-arg-actor = Only entries by this user (sign-in name or object id) or app (app id)
help-arg-since = Only entries from this time on: RFC 3339 (2026-11-20T09:00:00Z), a date (UTC), or an age such as 30m, 24h, 7d
help-arg-until = Only entries before this time (same forms as --since)
help-arg-top = At most this many entries, newest first
help-arg-audit-all = Every entry (all pages)
help-arg-get-self-service-purchases-product-id = Only records of this product (a legacy id finds its product's)
help-arg-user = Only this user's records: sign-in name or object id
help-arg-kind = Only records of this kind
help-arg-get-self-service-purchases-top = At most this many records, newest first
help-arg-get-self-service-purchases-all = Every record (all pages)
help-arg-request-license-product-id = The product you need (e.g. CFQ7TTC0H9MP)
help-arg-message = A message: why you need it, or for the requester
help-arg-status = Only requests in this state
help-arg-get-license-requests-product-id = Only requests for this product
help-arg-requester = Only this user's requests: sign-in name or object id
help-arg-get-license-requests-all = Every request (all pages)
help-arg-get-license-requests-top = At most this many requests, newest first
help-arg-id = The request's id, as get-license-requests shows it

## Usage errors

usage-invalid-value = { $value } is not a valid value for { $arg }.
usage-missing-value = { $arg } needs a value.
usage-possible-values = Possible values: { $values }
usage-unknown-argument = Unknown option { $arg }.
usage-unknown-command = Unknown command { $command }.
usage-did-you-mean = Did you mean { $suggestion }?
usage-missing-required = Missing: { $args }
usage-conflict = { $arg } cannot be used with { $other }.
usage-missing-command = Which command? See the list below.
usage-more-info = For more information, add --help.

## Failures (stderr)

error-line = error: { $message }
failure-ids = Correlation id: { $correlation } · request id: { $request } (give them to support)
failure-correlation = Correlation id: { $correlation } (give it to support)
service-said = The service said: { $reason }
identity-provider-said = The identity provider said: { $reason }
technical-detail = Details: { $message }
list-none = none
list-separator = { ", " }
word-or = or
placeholder-tenant = <tenant>
access-read = to read policies
access-write = to change policies
connect-again = Connect again: { $command }
connect-first = Connect first: { $command }

error-runtime = Cannot start: { $message }
error-stdin = Cannot read stdin: { $message }
error-token-empty = The token given with --token is empty.
error-token-not-jwt = The token given with --token is not a JWT access token.
error-password-empty = No password on stdin: pipe it in, e.g. printf '%s\n' "$PASSWORD" | mscommerce connect --username ... --password-stdin
error-tenants-without-all = --profiles and --all-profiles go with --all or --all-offer-types. To change one product in many tenants, write it in a desired-state file and run apply --profiles.
error-password-typed-empty = The password is empty: type it at the prompt (it is not shown as you type), or run connect without --username for a device code.
error-password-stdin-terminal = --password-stdin reads the password from a pipe, and stdin is a terminal, where it would be shown as you type: leave out --password-stdin to be asked for it without echo.
error-password-no-terminal = There is no terminal to ask for the password on: pipe it in and add --password-stdin, e.g. printf '%s\n' "$PASSWORD" | mscommerce connect --username ... --password-stdin
connect-password-prompt = Password for { $upn }:
error-app-needs-tenant = An app signs in to one tenant: add --tenant with its domain name or tenant id.
error-no-target = Say which: --product-id or --offer-type (or --all, --all-offer-types for all at once).
error-except-without-all = --except only goes with --all or --all-offer-types.
error-except-unknown = --except names { $id }, which is not a product or offer type of this tenant.
error-offer-type-value = Offer types take only Enabled or Disabled, not { $value }: leave out --all-offer-types, or choose another value.
error-profiles-with-token = --all-profiles and --profiles use the signed-in profiles; they cannot be used with --token.
error-profiles-with-profile = Use --profile for one tenant, or --profiles / --all-profiles for many, not both.
error-time = { $value } is not a time for { $arg }: use RFC 3339 (2026-11-20T09:00:00Z), a date (2026-11-20, UTC), or an age (30m, 24h, 7d, 2w).
error-apply-stdin-needs-yes = The file comes from stdin, so the answer to the question cannot: add --yes to apply it (or --what-if to see the plan).
error-no-answer = There is no terminal to ask on and no answer came on stdin, so nothing was changed: add { $flag } to go ahead without the question.
error-device-code-no-terminal = There is no terminal to show a device code on, so nobody could finish this sign-in: add --device-code to wait for it anyway, or sign in with --username and --password-stdin, or as an app with --client-id.
where-profile = { $tenant } (profile { $profile }, { $account })
where-token = { $tenant } ({ $account })
error-batch-too-large = { $changes } changes do not fit in one transaction (at most { $max }): split the file.
error-no-value = Say the new value: --enabled true|false or --value Enabled|Disabled|OnlyTrialsWithoutPaymentMethod.
error-profile-endpoint-mismatch = The profile { $profile } is signed in to { $profileEndpoint }, not { $endpoint }. Leave out --endpoint, or sign in to { $endpoint } in another profile: { $command }

error-forbidden-read = Access denied (HTTP 403 Forbidden): reading self-service purchase policies needs a Global Administrator (formerly Company Administrator), Billing Administrator or Global Reader account.
error-forbidden-write = Access denied (HTTP 403 Forbidden): changing self-service purchase policies needs a Global Administrator (formerly Company Administrator) or Billing Administrator account. A Global Reader may only read them.
forbidden-signed-in-as = You are signed in as { $account } (tenant { $tenant }) with the roles: { $roles }.
forbidden-what-to-do = What to do:
forbidden-reconnect = {"  "}• reconnect with an account that has one of those roles: { $command }
forbidden-ask-admin = {"  "}• or ask your IT administrator to assign you one of these roles: { $roles }.
error-forbidden-app = Access denied (HTTP 403 Forbidden): the app { $app } needs the application permission { $permission } { $access }.
forbidden-app-has = The app has: { $permissions }.
forbidden-app-grant = {"  "}• ask an administrator to grant { $app } the application permission { $permission } (with admin consent),
forbidden-app-reconnect = {"  "}• then connect again so the new token carries it: { $command }

error-sign-in-expired = Your sign-in has expired or was refused by the service. Connect again: { $command }
error-token-refused = The service refused the token given with --token: it has expired or was not issued for this service. Get a new token, or sign in: { $command }

error-product-not-found = No product { $product } in the policy { $policy }.
error-offer-type-not-found = No offer type { $offerType } in the policy { $policy }.
error-policy-not-found = No policy { $policy }.
not-found-closest = The closest ones:
not-found-list-all = To list them all: { $command }
not-found-known-policies = Known policies: { $policies }

error-invalid-request = The service refused the request as invalid (HTTP { $status }).
error-conflict = { $target } was changed by someone else since it was read, so nothing was changed.
conflict-what-to-do = Look at the current state and run the command again (for a file: mscommerce plan -f FILE, then apply).
error-batch-refused = The service refused the change of { $target } (HTTP { $status }), so nothing was changed.
error-invalid-value = The service refused the value { $value } for { $target } (HTTP { $status }).
invalid-allowed-values = Allowed values: { $values }
error-busy = The service is overloaded (HTTP { $status }) and still was after { $attempts } attempts. Try again in a few minutes.
error-service = The service failed (HTTP { $status }). Try again; if it keeps failing, give the ids below to the service's operator.
error-unexpected-answer = { $url } gave an answer that is not the licensing API's (HTTP { $status }): is --endpoint right?

error-network-dns = The host of { $url } was not found: check --endpoint and your network or proxy.
error-network-connect = Nothing answers at { $url }: is the service running, and is the address right?
error-network-tls = The secure connection to { $url } failed: its certificate is not trusted or not valid for that name.
error-network-timeout = { $url } did not answer in time: check your network, then try again.
error-network-redirect = { $url } answered with a redirect, which mscommerce never follows (tokens must not go elsewhere): check --endpoint and --authority.
error-network-other = The connection to { $url } failed.

error-sign-in-refused = The identity provider refused the sign-in ({ $error }).
hint-invalid-grant = Check the user name and password. An account with multi-factor authentication cannot sign in with a password: use a device code instead: { $command }
hint-invalid-client = Check the app's client id and its secret or certificate, and that the app exists in this tenant.
error-device-declined = The sign-in was declined.
error-device-expired = The code expired before the sign-in was completed.
error-device-bad-code = The identity provider no longer knows this sign-in code.
error-not-connected = Not signed in (profile { $profile }).
not-connected-known = Signed-in profiles: { $profiles } (choose one with --profile)
error-sign-in-cannot-renew = The sign-in of profile { $profile } has expired and cannot be renewed.
error-cache-corrupt = The token cache { $path } cannot be read; your sign-ins are lost.
error-cache-io = The token cache { $path } cannot be used.
error-no-config-dir = No configuration directory for the token cache: set MSCOMMERCE_CONFIG_DIR.
error-profile-name = { $name } is not a profile name: use 1 to 64 letters, digits, ".", "-" or "_".

error-credential-read = Cannot read { $path }: { $message }
error-credential-empty = { $path } is empty.
error-no-certificate = { $path } holds no certificate (-----BEGIN CERTIFICATE-----).
error-no-private-key = { $path } holds no RSA private key: add it to the file, or give it with --certificate-key.
error-bad-key = The private key in { $path } cannot be used: { $message }
error-no-secret = No client secret: set MSCOMMERCE_CLIENT_SECRET, or give --client-secret-file or --certificate (never the secret itself as an argument).
error-sign-assertion = Cannot sign the client assertion: { $message }
error-endpoint-url = { $value } is not a URL.
error-endpoint-scheme = { $value }: only https is allowed (or http to this machine), so tokens never cross a network in clear text.
error-endpoint-extra = { $value } must not contain a user name, password, query or fragment.
error-timeout-value = --timeout { $value } is not a duration: use a whole number and a unit, such as 30s or 2m.
stopped-interrupted = Interrupted
stopped-timeout = No answer within --timeout { $timeout }
stopped-write = { $why } while a change was on its way: it may or may not have been applied.
stopped-check = See what was changed with: { $command }
stopped-read = Interrupted; nothing was changed.
stopped-read-timeout = No answer within --timeout { $timeout }; nothing was changed. Try again, or give more time.
error-endpoint-version = { $value } ends with the API version. Give the service's address without it: --endpoint { $without } (every command adds /v1.0 itself).
error-tenant = { $value } is not a tenant: use a domain name, a tenant id, organizations or common.

## Sign-in

connect-device-code = To sign in, open { $url } in a browser and enter the code { $code } (valid { $minutes } minutes). Waiting for you to finish…
connect-done-user = Connected as { $account } to tenant { $tenant } (profile { $profile }).
connect-done-app = Connected as the app { $account } to tenant { $tenant } (profile { $profile }).
connect-cache-replaced = The unreadable token cache { $path } was replaced.
disconnect-done = Signed out: { $profiles }.
disconnect-nothing = Nothing to forget: no profile was signed in.

whoami-profile = Profile
whoami-token-given = (token given with --token)
whoami-endpoint = Service
whoami-kind = Signed in as
whoami-kind-user = user
whoami-kind-app = app
whoami-account = Account
whoami-app = App (client id)
whoami-tenant = Tenant
whoami-roles = Roles
whoami-permissions = Permissions
whoami-expires = Token expires
whoami-expired = expired
whoami-token-cache = Token cache
profile-current = Current
profile-authority = Identity provider
profile-cache = Token cache
profile-none = No profile is signed in. Sign in with mscommerce connect.
profile-now-current = { $profile } is now the current profile: commands use it without --profile.

role-global-administrator = Global Administrator
role-billing-administrator = Billing Administrator
role-global-reader = Global Reader
role-user = User

## Results

column-policy-id = PolicyId
column-description = Description
column-default-value = DefaultValue
column-product-name = ProductName
column-product-id = ProductId
column-policy-value = PolicyValue
column-offer-type = OfferType
list-empty = Nothing matches.

target-product = { $name } ({ $id })
target-offer-type = the offer type { $id } ({ $name })
target-product-id = the product { $id }
target-offer-type-id = the offer type { $id }
target-default = the default for new products
target-license-request = the license request { $id }
target-something = a value
what-if-change = What if: the policy { $policy } of { $target } would change from { $from } to { $to }. Nothing was changed.
what-if-no-change = What if: the policy { $policy } of { $target } is already { $from }; nothing would change.
confirm-change = Change the policy { $policy } of { $target } from { $from } to { $to } in { $where }?
confirm-prompt = [y/N]
confirm-yes-answers = y, yes
confirm-cancelled = Nothing was changed.
update-done = The policy { $policy } of { $target } is now { $value }. It applies to future purchases and trials, not to existing subscriptions.
update-default-done = The default of { $policy } for products added to the catalog later is now { $value }. Existing products keep their values.

## Several tenants (--all-profiles, --profiles)

tenant-heading = == { $profile }: { $tenant } ==
column-profile = Profile
column-tenant = Tenant
column-result = Result
column-exit-code = Exit
summary-failed = failed ({ $reason })
exit-name-usage = usage
exit-name-sign-in = sign-in
exit-name-forbidden = forbidden
exit-name-not-found = not found
exit-name-invalid = invalid request
exit-name-service = service or network
exit-name-drift = drift
exit-name-conflict = conflict
exit-name-unknown = outcome unknown
exit-name-interrupted = interrupted
summary-items = { $count ->
    [one] 1 item
   *[other] { $count } items
}
summary-default = default { $value }
summary-no-changes = nothing to change
summary-to-change = { $count ->
    [one] 1 change
   *[other] { $count } changes
}
summary-applied = { $count ->
    [one] 1 changed
   *[other] { $count } changed
}
summary-in-sync = in sync
summary-drift = { $count ->
    [one] drifted: 1 difference
   *[other] drifted: { $count } differences
}
progress-reading = Reading
progress-applying = Applying

## All at once (update-product-policy --all)

column-name = Name
column-id = Id
column-current = Current
column-desired = Desired
bulk-done = { $count ->
    [one] 1 changed to { $value } in one transaction; { $unchanged } already { $value }; { $excepted } left as they are (--except).
   *[other] { $count } changed to { $value } in one transaction; { $unchanged } already { $value }; { $excepted } left as they are (--except).
} It applies to future purchases and trials, not to existing subscriptions.
bulk-what-if = { $count ->
    [one] What if: 1 would change to { $value }; { $unchanged } already { $value }; { $excepted } left as they are (--except). Nothing was changed.
   *[other] What if: { $count } would change to { $value }; { $unchanged } already { $value }; { $excepted } left as they are (--except). Nothing was changed.
}
bulk-excepted = Left as they are: { $items }
bulk-confirm = { $count ->
    [one] Change 1 to { $value } in { $where }?
   *[other] Change these { $count } to { $value } in { $where }?
}
bulk-confirm-tenants = { $count ->
    [one] Change 1 to { $value } in { $tenants } tenants?
   *[other] Change { $count } to { $value } in { $tenants } tenants?
}

## Desired state (export, plan, apply, diff)

export-header-title = Desired state of the policy { $policy } (written by mscommerce export).
export-header-tenant = Tenant { $tenant }, exported { $time } by { $account }.
export-header-edit = Edit the values, then: mscommerce plan -f FILE (what would change), mscommerce apply -f FILE (change it); mscommerce diff -f FILE reports drift.
export-header-values = Values: Enabled, Disabled, OnlyTrialsWithoutPaymentMethod (only products with a trial without payment method); offer types: Enabled or Disabled.
export-header-default = default_value is the default for products added to the catalog later.
export-header-unlisted = Products and offer types not listed are left as they are, unless default_for_unlisted = "Enabled" or "Disabled" is set; diff reports them.
export-done = { $count ->
    [one] Exported the default, 1 product and { $offerTypes } offer types of { $tenant } to { $path }.
   *[other] Exported the default, { $count } products and { $offerTypes } offer types of { $tenant } to { $path }.
}

error-file-read = Cannot read { $path }: { $message }
error-file-write = Cannot write { $path }: { $message }
error-file-exists = { $path } exists already: choose another file, or add --force to replace it.
error-file-invalid-at = { $path } is not a valid desired-state file (line { $line }, column { $column }).
error-file-invalid = { $path } is not a valid desired-state file.
error-file-alias-conflict = The file lists { $legacy }, an old id of { $current }, and { $current } itself with another value: keep one of them.
desired-syntax = Syntax: { $message }
desired-unknown-key = Unknown key { $key }. Allowed here: { $allowed }.
desired-wrong-type = { $key } must be { $expected }.
desired-expected-integer = a whole number
desired-expected-string = a string in quotes
desired-expected-table = a table
desired-expected-entry = a value in quotes, or a table with value (and name)
desired-expected-comment = a string or a list of strings
desired-bad-value = { $key }: { $value } is not allowed here. Allowed values: { $allowed }.
desired-bad-product-id = { $id } is not a product id: use 1 to 64 letters, digits, "-" or "_".
desired-bad-offer-type = { $id } is not an offer type: use 1 to 64 letters, digits, "-" or "_".
desired-duplicate = { $key } is given twice.
desired-version = Version { $found } is not known: this mscommerce reads version 1.
desired-unknown-policy = There is no policy { $policy }: the known policy is AllowSelfServicePurchase.
desired-missing-value = { $key } has no value: add value = "Enabled", "Disabled" or "OnlyTrialsWithoutPaymentMethod".

plan-default-name = (default for new products)
plan-offer-type = (offer type)
plan-offer-type-name = (offer type) { $name }
plan-no-changes = No changes: the tenant already matches { $file }.
plan-summary = { $count ->
    [one] Plan: 1 to change; { $inPlace } already right. Apply it with { $command }.
   *[other] Plan: { $count } to change; { $inPlace } already right. Apply it with { $command }.
}
plan-what-if = { $count ->
    [one] What if: 1 would change; { $inPlace } already right. Nothing was changed.
   *[other] What if: { $count } would change; { $inPlace } already right. Nothing was changed.
}
apply-done = { $count ->
    [one] Applied: 1 change in one transaction; { $inPlace } already right.
   *[other] Applied: { $count } changes in one transaction; { $inPlace } already right.
} It applies to future purchases and trials, not to existing subscriptions.
plan-left-alone = { $count ->
    [one] Not in the file, left as it is: { $items }
   *[other] Not in the file, left as they are: { $items }
}
plan-not-in-tenant = { $count ->
    [one] In the file but not in this tenant (retired or unknown), left out: { $items }
   *[other] In the file but not in this tenant (retired or unknown), left out: { $items }
}
apply-confirm = { $count ->
    [one] Apply this change to { $where }?
   *[other] Apply these { $count } changes to { $where }?
}
apply-confirm-tenants = { $count ->
    [one] Apply 1 change in { $tenants } tenants?
   *[other] Apply { $count } changes in { $tenants } tenants?
}

column-drift = Drift
column-tenant-value = Tenant
column-file-value = File
drift-kind-default = default changed
drift-kind-changed = changed
drift-kind-unlisted = not in the file
drift-kind-missing = not in the tenant
diff-in-sync = In sync: the tenant matches { $file }.
diff-drifted = { $count ->
    [one] Drift: the tenant differs from { $file } in 1 place.
   *[other] Drift: the tenant differs from { $file } in { $count } places.
}

## Audit

column-time = Time (UTC)
column-actor = Who
column-target = What
column-change = Change
column-user = User
column-product = Product
column-kind = Kind
column-quantity = Quantity
column-requester = Requester
column-status = Status
column-decided-by = Decided by
column-url = URL
column-events = Events
column-event = Event
column-attempts = Attempts
column-last-answer = Last answer
audit-actor-app = app { $id }
audit-result-succeeded = changed
audit-result-refused = refused ({ $reason })

error-output = error: the output could not be written ({ $message }), so it is lost. Check that the file or disk it goes to has space and is writable, then run the command again.

## The operator's commands (admin)
admin-column-tenant-id = Tenant ID
admin-column-domain = Domain
admin-column-name = Name
admin-column-upn = UPN
admin-column-object-id = Object ID
admin-column-roles = Roles
admin-column-client-id = Client ID
admin-column-permissions = Permissions
admin-column-redirect-uris = Redirect URIs
admin-tenant-added = Added tenant { $domain } with id { $id }
admin-user-added = Added user { $upn } to tenant { $tenant }
admin-password-once = Password (shown once): { $password }
admin-password-reset = Password of { $upn } reset
admin-roles-set = Roles of { $upn } set
admin-app-added = Added app { $client } to tenant { $tenant }
admin-secret-once = Client secret (shown once): { $secret }
admin-secret-reset = Client secret of { $client } (shown once): { $secret }
admin-no-such-tenant = there is no tenant '{ $tenant }'; list them with `mscommerce admin tenant list`
admin-stdin-password-unreadable = cannot read the password from stdin
admin-stdin-password-empty = the password on stdin is empty
admin-stdin-secret-unreadable = cannot read the secret from stdin
admin-stdin-secret-empty = the secret on stdin is empty
admin-no-randomness = no randomness available
admin-cannot-hash = cannot hash the secret: { $reason }
admin-weak-secret = Refused: { $reason }. Choose a stronger one, leave out --password-stdin / --secret-stdin to get a generated one, or add --allow-weak if you must.
admin-not-a-role = '{ $role }' is not a directory role; use global-admin, billing-admin, global-reader or user
admin-not-a-upn = '{ $upn }' is not a user principal name (name@domain)
admin-not-a-permission = '{ $permission }' is not an app permission; use { $read }, { $readWrite } or, for a storefront, { $evaluate }
admin-not-a-redirect-uri = '{ $uri }' cannot be a redirect URI: give an absolute https:// address without a #fragment (http:// only on localhost, 127.0.0.1 or [::1])
admin-not-a-duration = '{ $value }' is not a duration; use a whole number and a unit, such as 0s, 15m, 2h or 1d
admin-cannot-read-file = cannot read { $path }
admin-cannot-create-dir = cannot create { $dir }
admin-data-dir-restricted = restricted { $path } to its owner: other users could read it
admin-cannot-write = cannot write to stdout: { $reason }
admin-cannot-add-tenant = cannot add tenant { $domain }: { $reason }
admin-cannot-add-user = cannot add user { $upn }: { $reason }
admin-cannot-reset-password = cannot reset the password of { $upn }: { $reason }
admin-cannot-set-roles = cannot set the roles of { $upn }: { $reason }
admin-cannot-add-app = cannot add app { $client }: { $reason }
admin-cannot-reset-secret = cannot reset the secret of { $client }: { $reason }
admin-cannot-open-keys = cannot open the signing keys: { $reason }
admin-cannot-rotate-key = cannot rotate the signing key: { $reason }
serve-cannot-listen = cannot listen on { $addr }
admin-keys-rotated = New signing key { $kid } is active; running servers pick it up on their own. The old key stays published until the tokens it signed have expired.
# The catalog list keeps its upper-case headings: scripts written against it look for them.
admin-catalog-column-product-id = PRODUCT ID
admin-catalog-column-trial = TRIAL
admin-catalog-column-retired = RETIRED
admin-catalog-column-name = NAME
admin-catalog-column-legacy-ids = LEGACY IDS
admin-yes = yes
admin-no = no
admin-catalog-added = Added { $product } ({ $name }) to the catalog; every tenant has it at its own default for new products.
admin-catalog-renamed = Renamed { $product } to { $name }
admin-catalog-retired = Retired { $product }: lists leave it out and its policy no longer changes; reading it by id still works.
admin-catalog-retired-already = { $product } was retired already
admin-catalog-mapped = Requests naming { $legacy } now act on { $product }
admin-catalog-cannot-add = cannot add { $product }: { $reason }
admin-catalog-cannot-rename = cannot rename { $product }: { $reason }
admin-catalog-cannot-retire = cannot retire { $product }: { $reason }
admin-catalog-cannot-map = cannot map { $legacy } to { $product }: { $reason }
admin-catalog-no-such-product = there is no such product; list them with `mscommerce admin catalog list`
admin-catalog-bad-name = a product name is 1 to 256 characters, without control characters
# $tenant is the tenant id, with its domain in parentheses when it has one.
admin-audit-intact = tenant { $tenant }: { $count } entries, chain intact, head { $head }
admin-audit-broken = tenant { $tenant }: BROKEN: { $report }
admin-audit-unreadable = an entry after entry { $after } cannot be read back ({ $reason }): it was altered
admin-audit-broken-summary = { $broken } of { $count } tenant journals are broken: they were changed outside the service
admin-audit-all-intact = Verified { $count } tenant journals: all intact.
admin-audit-head-found = the kept head { $head } is entry { $entry }: the journal still holds it, { $count ->
    [one] with one entry added since
   *[other] with { $count } entries added since
}
admin-audit-head-missing = the kept head { $head } is not in the journal: entries were removed from its end, or it was rewritten, since that head was kept. Restore the database from a backup taken before, and find out who had access to the file
admin-audit-not-a-hash = '{ $value }' is not a head hash: give the 64 hexadecimal digits that audit verify printed after 'head'

## serve's start lines
serve-started = mscommerce { $version } is serving the licensing API
# Tests and scripts find the URL after this line's text, in en-US.
serve-listening = Listening on { $url }
serve-metrics = Metrics for Prometheus on { $url }
serve-data-postgres = Data: PostgreSQL
serve-data-sqlite = Data: SQLite in { $dir }
serve-demo-directory = Demo directory: tenants contoso.example and fabrikam.example, password demo-password for
serve-demo-no-role = no role
serve-demo-apps = apps contoso-automation (read-write) and contoso-reporting (read), secret demo-secret
serve-sign-in = Sign in: mscommerce connect --endpoint { $url } --tenant { $tenant }
serve-your-domain = YOUR-DOMAIN
serve-stop = Stop with Ctrl+C.

request-status-pending = pending
request-status-approved = approved
request-status-denied = denied
request-status-expired = expired
license-request-filed = Asked for { $product }: request { $id }. An admin will approve or deny it; see where it stands with mscommerce get-license-requests.
license-request-approved = Approved { $requester }'s request for { $product }. Assign the license where licenses are assigned.
license-request-denied = Denied { $requester }'s request for { $product }.
webhook-added = Webhook registered at { $url } for { $events }. Deliveries are signed with its secret (Standard Webhooks); check them on the receiving side.
webhook-secret = Signing secret (shown once; keep it where the receiver can read it): { $secret }
webhook-removed = Webhook { $id } removed; nothing more is sent to it.
webhook-replayed = Delivery { $id } will be sent again.
webhook-no-secret = --secret-stdin read nothing: give the secret (whsec_...) on stdin, or leave the option out to get one generated.

## connect --browser

connect-browser-opened = Sign in in the browser that just opened. If none did, open this address: { $url }
connect-browser-open = Open this address in a browser on this machine to sign in: { $url }
connect-browser-page-done = Signed in to mscommerce. You can close this page and go back to the command line.
connect-browser-page-failed = The sign-in did not complete. Go back to the command line: it says what happened.
error-browser-declined = The sign-in was declined in the browser.
error-browser-timed-out = Nobody finished the sign-in in the browser within { $minutes } minutes.
error-browser-refused = The identity provider refused the sign-in ({ $error }): { $description }
error-browser-forged = The tokens did not answer this sign-in (their nonce differs), so they were not kept.
error-browser-listener = Cannot listen on a loopback port for the browser's answer ({ $message }): sign in with --device-code instead.
help-arg-browser = Sign in in this machine's browser (authorization code with PKCE; the answer comes back on a loopback port); works with multi-factor authentication
hint-tenant-not-found = There is no tenant { $tenant } here: check its spelling (a domain such as contoso.com, or the tenant id), then connect with the right one: { $command }
hint-tenant-needed = Name your tenant (its domain, such as contoso.com, or its id): { $command }
warning-language-unsupported = mscommerce has no messages in { $asked }, so they are in English. Available: { $available } (--lang or MSCOMMERCE_LANG).
hint-speaks-http = This address speaks plain http, not https: connect with --endpoint { $endpoint }
hint-speaks-https = This address speaks https, not plain http: connect with --endpoint { $endpoint }
