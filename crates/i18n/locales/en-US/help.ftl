# The help of the commands whose texts are not in cli.ftl: the operator's (serve, admin), the
# sub-subcommands (profile, webhook), completion, man and help. Ids: help-cmd-{path} for a
# command, help-arg-{path}-{option} for an option, where {path} is the subcommand names joined
# by "-". The operator's commands share help-arg-operator-{option}.

## Shared by every command

help-arg-timeout = Give up on the whole command after this long (30s, 2m, …) [default: no limit]
help-heading-arguments = Arguments
help-default = [default: { $value }]
help-possible-values = [possible values: { $values }]
help-env = [env: { $name }]
help-cmd-help = Print this help, or the help of the given subcommand
help-cmd-completion = Print the completion script for a shell, e.g. mscommerce completion bash > /etc/bash_completion.d/mscommerce
help-arg-completion-shell = The shell: bash, zsh, fish, powershell or elvish
help-cmd-man = Print the man page (roff), e.g. mscommerce man > /usr/local/share/man/man1/mscommerce.1

## The client's sub-subcommands

help-cmd-profile-list = Every profile: tenant, account, service, and which one is current
help-cmd-profile-use = Make this profile the one commands use without --profile
help-arg-profile-use-name = The profile's name (see profile list)
help-cmd-profile-show = One profile's details (the current one unless named); never its tokens
help-arg-profile-show-name = The profile's name [default: the current one]
help-arg-update-product-policy-yes = Answer yes to the question that --all and --confirm ask (for scripts, which have no terminal to answer on)
help-cmd-webhook-add = Register an https endpoint; its signing secret is shown once
help-arg-webhook-add-url = Where deliveries are sent (https, to a public address)
help-arg-webhook-add-events = Only these events, comma-separated [default: all]
help-arg-webhook-add-secret-stdin = Read the signing secret (whsec_…) from stdin instead of having one generated
help-cmd-webhook-list = The tenant's endpoints
help-cmd-webhook-remove = Remove an endpoint (its pending deliveries go with it)
help-arg-webhook-remove-id = The endpoint's id (see webhook list)
help-cmd-webhook-deliveries = An endpoint's deliveries, newest first, with their outcome
help-arg-webhook-deliveries-id = The endpoint's id (see webhook list)
help-arg-webhook-deliveries-top = At most this many deliveries
help-cmd-webhook-replay = Send a delivery again
help-arg-webhook-replay-id = The endpoint's id (see webhook list)
help-arg-webhook-replay-delivery = The delivery's id (see webhook deliveries)

## serve

help-cmd-serve = Run the policy service: the licensing API, the built-in identity provider, the admin page, health checks
help-arg-operator-config = A TOML configuration file (options win over MSCOMMERCE_* variables, which win over the file)
help-arg-operator-data-dir = Where the SQLite database and the signing keys live [default: the platform's data directory]
help-arg-operator-database-url = Use PostgreSQL (postgres://…) instead of SQLite in the data directory
help-arg-serve-listen = The address to listen on [default: 127.0.0.1:8080]; port 0 picks a free port
help-arg-serve-public-url = The address clients reach this service at (the issuer of its tokens) [default: http://ADDR]
help-arg-serve-demo = Seed the fixed demo directory (contoso.example, fabrikam.example); loopback only
help-arg-serve-log-json = Log JSON lines instead of text (on stderr)
help-arg-serve-tls-cert = Serve HTTPS with this certificate (PEM, followed by its chain); reloaded when the file changes
help-arg-serve-tls-key = The certificate's private key (PEM)
help-arg-serve-metrics-listen = Serve Prometheus metrics at http://ADDR/metrics, on a listener of their own [default: none]
help-arg-serve-trusted-proxies = A proxy (address or network) whose X-Forwarded-For names the client, for smart lockout, the sign-in throttles and the journal; repeat it or separate with commas [default: none]
help-arg-serve-allow-private-webhooks = Let webhooks go to plain http and to loopback, private and link-local addresses (labs and tests; never on a shared network)

## admin

help-cmd-admin = Operator commands on the data directory or the database: tenants, users, apps, keys, the catalog, the audit journal
help-cmd-admin-tenant = The tenants of the built-in directory
help-cmd-admin-tenant-add = Add a tenant
help-arg-admin-tenant-add-domain = Its domain name, e.g. contoso.com
help-arg-admin-tenant-add-name = Its display name [default: the domain]
help-arg-admin-tenant-add-id = Its tenant id (a GUID) [default: a new one]; give the Entra ID tenant id to mirror a tenant
help-cmd-admin-tenant-list = List the tenants
help-cmd-admin-user = The users of the built-in directory
help-cmd-admin-user-add = Add a user; the password is read from stdin with --password-stdin, else generated and printed once
help-arg-admin-user-add-upn = The user principal name; its domain names the tenant unless --tenant is given
help-arg-admin-user-add-name = The display name [default: the part of the user principal name before @]
help-arg-admin-user-add-tenant = The tenant's domain or id [default: the domain of the user principal name]
help-arg-admin-user-add-roles = A directory role, repeatable: global-admin, billing-admin, global-reader, license-admin, user-admin (or a role template id)
help-arg-admin-user-add-password-stdin = Read the password from the first line of stdin instead of generating one
help-arg-admin-user-add-allow-weak = Accept a password from stdin that the password policy refuses (at least 12 characters, not a common password)
help-cmd-admin-user-reset-password = Set a new password (from stdin with --password-stdin, else generated and printed once)
help-arg-admin-user-reset-password-upn = The user principal name
help-arg-admin-user-reset-password-password-stdin = Read the new password from the first line of stdin instead of generating one
help-arg-admin-user-reset-password-allow-weak = Accept a password from stdin that the password policy refuses
help-cmd-admin-user-set-roles = Replace a user's directory roles
help-arg-admin-user-set-roles-upn = The user principal name
help-arg-admin-user-set-roles-roles = A directory role, repeatable; none at all leaves the user without a role
help-cmd-admin-user-list = List the users
help-arg-admin-user-list-tenant = Only this tenant's users (domain or id)
help-cmd-admin-app = The apps (client credentials) of the built-in directory
help-cmd-admin-app-add = Add an app; it gets a generated secret (printed once) unless --certificate is given
help-arg-admin-app-add-name = Its display name
help-arg-admin-app-add-tenant = The tenant's domain or id
help-arg-admin-app-add-client-id = Its client id [default: a new GUID]
help-arg-admin-app-add-permissions = An app permission, repeatable: Policy.Read.AllowSelfServicePurchase, Policy.ReadWrite.AllowSelfServicePurchase or SelfServicePurchase.Evaluate.All (or their app role ids)
help-arg-admin-app-add-storefront = A storefront: grants SelfServicePurchase.Evaluate.All, purchase decisions for every tenant (and nothing of its own tenant's policies)
help-arg-admin-app-add-certificate = A PEM certificate (or public key) whose signed client assertions the app may use instead of a secret
help-arg-admin-app-add-redirect-uris = Where the authorization code flow may send the app's users back, repeatable: a web application that signs users in here (https, or http on localhost)
help-arg-admin-app-add-secret-stdin = Read the secret from stdin instead of generating one
help-arg-admin-app-add-allow-weak = Accept a secret from stdin that the password policy refuses
help-cmd-admin-app-reset-secret = Give an app a new generated secret (printed once)
help-arg-admin-app-reset-secret-tenant = The tenant's domain or id
help-arg-admin-app-reset-secret-client-id = The app's client id
help-cmd-admin-app-list = List the apps
help-arg-admin-app-list-tenant = Only this tenant's apps (domain or id)
help-cmd-admin-keys = The identity provider's signing keys
help-cmd-admin-keys-rotate = Make a new signing key active; the old one stays published until its tokens expire. Running servers notice within seconds
help-arg-admin-keys-rotate-retire-after = How long the old key stays published and accepted: 65m by default (the tokens it signed stay valid); 0s retires it at once (a leaked key: every token it signed is refused from then on). Forms: 30s, 15m, 2h, 1d
help-cmd-admin-catalog = The product catalog that all tenants share
help-cmd-admin-catalog-add = Add a product; every tenant gets it at its own default for new products
help-arg-admin-catalog-add-product-id = Its product id, e.g. CFQ7TTC0ABCD (1 to 64 letters, digits, - or _)
help-arg-admin-catalog-add-name = Its name, as lists show it
help-arg-admin-catalog-add-trial-without-payment-method = It offers a trial without a payment method (so OnlyTrialsWithoutPaymentMethod applies to it)
help-arg-admin-catalog-add-legacy-ids = An older id that should act on this product, repeatable
help-cmd-admin-catalog-rename = Rename a product, in every tenant
help-arg-admin-catalog-rename-product-id = The product's id
help-arg-admin-catalog-rename-name = Its new name
help-cmd-admin-catalog-retire = Retire a product: left out of lists, its policy frozen; reading it by id still works
help-arg-admin-catalog-retire-product-id = The product's id
help-cmd-admin-catalog-map-legacy = Make requests that name an old id (or a retired product's id) act on a current product
help-arg-admin-catalog-map-legacy-legacy-id = The old id
help-arg-admin-catalog-map-legacy-product-id = The current product's id
help-cmd-admin-catalog-list = List every product, retired ones included
help-cmd-admin-audit = The tenants' audit journals
help-cmd-admin-audit-verify = Check every tenant's hash chain (or one tenant's) and report the first broken link of each; exits 1 when a chain is broken. Prints each chain's head hash: keep it elsewhere to detect later a journal rewritten from the start or cut at the end
help-arg-admin-audit-verify-tenant = The tenant's domain or id [default: every tenant]
help-arg-admin-audit-verify-expect-head = A head hash printed by an earlier verify of this tenant and kept elsewhere: it must still be in the chain (entries added since are fine), or the journal was cut back or rewritten since; exits 1 then
