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

help-arg-endpoint = The licensing service [default: https://licensing.m365.microsoft.com]
help-arg-token = Use this access token instead of the signed-in profile (like -Token); "-" reads it from stdin
help-arg-profile = The sign-in to use; several can live side by side [default: the current one]
help-arg-output = Output of reads: table for people, json or csv for scripts
help-arg-lang = Language of messages: en-US, zh-TW, fr-FR, nl-NL, de-DE [default: from MSCOMMERCE_LANG, LC_ALL, LC_MESSAGES, LANG]
help-arg-verbose = Show each request (method, URL, status, correlation and request ids) on stderr; never tokens or secrets

help-cmd-connect = Sign in and keep the tokens in a profile (Connect-MSCommerce)
help-cmd-disconnect = Forget the tokens of the profile
help-cmd-whoami = Who is signed in: account or app, tenant, roles or permissions, expiry
help-cmd-get-policies = List the policies (Get-MSCommercePolicies)
help-cmd-get-policy = Show one policy (Get-MSCommercePolicy)
help-cmd-get-product-policies = List the policy of every product or offer type (Get-MSCommerceProductPolicies)
help-cmd-get-product-policy = Show the policy of one product or offer type (Get-MSCommerceProductPolicy)
help-cmd-update-product-policy = Change the policy of one product or offer type (Update-MSCommerceProductPolicy)

help-arg-tenant = Tenant: a domain name or tenant id [default: organizations; required for apps]
help-arg-authority = The identity provider [default: login.microsoftonline.com for the Microsoft service, else the endpoint's own address]
help-arg-device-code = Sign in with a device code (the default): open the address shown and enter the code
help-arg-username = Sign in as this user with a password read from stdin (like -AdminAccount; impossible with multi-factor authentication)
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
error-app-needs-tenant = An app signs in to one tenant: add --tenant with its domain name or tenant id.
error-no-target = Say which: --product-id or --offer-type.
error-no-value = Say the new value: --enabled true|false or --value Enabled|Disabled|OnlyTrialsWithoutPaymentMethod.
error-profile-endpoint-mismatch = The profile { $profile } is signed in to { $profileEndpoint }, not { $endpoint }. Leave out --endpoint, or sign in to { $endpoint } in another profile: { $command }

error-forbidden-read = Access denied: reading self-service purchase policies needs a Global Administrator (formerly Company Administrator), Billing Administrator or Global Reader account.
error-forbidden-write = Access denied: changing self-service purchase policies needs a Global Administrator (formerly Company Administrator) or Billing Administrator account. A Global Reader may only read them.
forbidden-signed-in-as = You are signed in as { $account } (tenant { $tenant }) with the roles: { $roles }.
forbidden-what-to-do = What to do:
forbidden-reconnect = {"  "}• reconnect with an account that has one of those roles: { $command }
forbidden-ask-admin = {"  "}• or ask your IT administrator to assign you one of these roles: { $roles }.
error-forbidden-app = Access denied: the app { $app } needs the application permission { $permission } { $access }.
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
what-if-change = What if: the policy { $policy } of { $target } would change from { $from } to { $to }. Nothing was changed.
what-if-no-change = What if: the policy { $policy } of { $target } is already { $from }; nothing would change.
confirm-change = Change the policy { $policy } of { $target } from { $from } to { $to }?
confirm-prompt = [y/N]
confirm-yes-answers = y, yes
confirm-cancelled = Nothing was changed.
update-done = The policy { $policy } of { $target } is now { $value }. It applies to future purchases and trials, not to existing subscriptions.
