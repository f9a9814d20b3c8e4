### mscommerce CLI — fr-FR. Les valeurs de stratégie, noms de produits, identifiants et commandes sont
### des données : ils ne se traduisent pas.

## Help

help-about = Stratégies d'achat en libre-service des locataires Microsoft 365 : le service de stratégies et sa ligne de commande (toutes les cmdlets MSCommerce, sur tout système).
help-usage-heading = Utilisation :
help-heading-options = Options
help-heading-commands = Commandes
help-arg-help = Afficher l'aide
help-arg-version = Afficher la version
help-exit-codes =
    Codes de sortie :
      0  succès
      2  utilisation : arguments incorrects, fichier d'identification illisible
      3  connexion : non connecté, connexion refusée ou expirée (HTTP 401), cache de jetons illisible
      4  interdit : le compte ou l'application n'a pas le rôle ou l'autorisation (HTTP 403)
      5  introuvable : stratégie, produit ou type d'offre inexistant (HTTP 404)
      6  requête non valide : le service a refusé une valeur (HTTP 400)
      7  service ou réseau : panne ou surcharge du service (HTTP 5xx, 429), échec réseau ou TLS
      8  dérive : diff a constaté que le locataire ne correspond plus au fichier
      9  conflit : quelqu'un a modifié une valeur depuis sa lecture (HTTP 412), ou la demande est déjà tranchée ou en attente (HTTP 409) ; rien n'a été modifié
     10  sortie perdue : le résultat n'a pas pu être écrit (disque plein, par exemple)
     11  résultat inconnu : une modification a été envoyée sans réponse (Ctrl+C, --timeout) ; vérifiez avec audit
    130  interrompu (Ctrl+C) avant toute modification
      Avec --all-profiles ou --profiles : le pire des codes des locataires (tout échec l'emporte sur la dérive).

help-arg-endpoint = Le service de licences [par défaut : https://licensing.m365.microsoft.com]
help-arg-token = Utiliser ce jeton d'accès au lieu du profil connecté (comme -Token) ; « - » le lit sur l'entrée standard
help-arg-profile = La connexion à utiliser ; plusieurs peuvent coexister [par défaut : la connexion actuelle]
help-arg-output = Format des lectures : table pour les personnes, json ou csv pour les scripts
help-arg-lang = Langue des messages : en-US, zh-TW, fr-FR, nl-NL, de-DE [par défaut : selon MSCOMMERCE_LANG, LC_ALL, LC_MESSAGES, LANG]
help-arg-verbose = Afficher chaque requête (méthode, URL, statut, identifiants de corrélation et de requête) sur stderr ; jamais de jeton ni de secret
help-arg-wide = Tableaux : toutes les colonnes et chaque cellule en entier, quelle que soit la largeur (par défaut, ils tiennent dans le terminal)

help-cmd-connect = Se connecter et conserver les jetons dans un profil (Connect-MSCommerce)
help-cmd-disconnect = Oublier les jetons du profil
help-cmd-whoami = Qui est connecté : compte ou application, locataire, rôles ou autorisations, expiration
help-cmd-profile = Les connexions conservées côte à côte : les lister, choisir celle qu’utilisent les commandes, en afficher une
help-cmd-get-policies = Lister les stratégies (Get-MSCommercePolicies)
help-cmd-get-policy = Afficher une stratégie (Get-MSCommercePolicy)
help-cmd-get-product-policies = Lister la stratégie de chaque produit ou type d'offre (Get-MSCommerceProductPolicies)
help-cmd-get-product-policy = Afficher la stratégie d'un produit ou d'un type d'offre (Get-MSCommerceProductPolicy)
help-cmd-update-product-policy = Modifier la stratégie d'un produit ou d'un type d'offre, ou de tous à la fois avec --all (Update-MSCommerceProductPolicy)
help-cmd-update-policy = Modifier la valeur par défaut du locataire pour les produits ajoutés plus tard au catalogue
help-cmd-export = Écrire la stratégie du locataire dans un fichier d'état souhaité (TOML ou JSON) : la valeur par défaut et chaque produit et type d'offre
help-cmd-plan = Montrer ce que l'application d'un fichier d'état souhaité changerait (actuel → souhaité), sans rien changer
help-cmd-apply = Aligner le locataire sur un fichier d'état souhaité : une seule modification atomique, chaque valeur vérifiée par rapport à ce qui a été lu (If-Match)
help-cmd-diff = Vérifier que le locataire correspond toujours à un fichier d'état souhaité ; code de sortie 8 en cas de dérive
help-cmd-audit = Lister le journal d'audit : qui a modifié quoi et quand, et les modifications refusées (les plus récentes d'abord)
help-cmd-get-self-service-purchases = Lister les achats et essais enregistrés par les boutiques pour le locataire : qui a acheté ou commencé quoi, quand, combien (les plus récents d'abord)
help-cmd-request-license = Demander une licence pour un produit aux administrateurs du locataire ; ils l'approuvent ou la refusent
help-cmd-get-license-requests = Lister les demandes de licence : les vôtres, ou toutes celles du locataire si vous en décidez (administrateur général, de facturation, des licences ou des utilisateurs)
help-cmd-approve-license-request = Approuver une demande de licence en attente (administrateur général, de facturation, des licences ou des utilisateurs) ; journalisé
help-cmd-deny-license-request = Refuser une demande de licence en attente (administrateur général, de facturation, des licences ou des utilisateurs) ; journalisé
help-cmd-webhook = Webhooks : informer un de vos systèmes de ce qui s'est passé (stratégie modifiée, essai commencé, achat effectué, demande de licence déposée ou tranchée) : add, list, remove, deliveries, replay

help-arg-tenant = Locataire : un nom de domaine ou un ID de locataire [par défaut : organizations ; obligatoire pour les applications]
help-arg-authority = Le fournisseur d'identité [par défaut : login.microsoftonline.com pour le service Microsoft, sinon l'adresse du point de terminaison]
help-arg-device-code = Se connecter avec un code d'appareil (par défaut) : ouvrir l'adresse affichée et saisir le code
help-arg-username = Se connecter avec cet utilisateur et un mot de passe : demandé sur le terminal sans l'afficher, ou lu sur l'entrée standard avec --password-stdin (comme -AdminAccount ; impossible avec l'authentification multifacteur)
help-arg-password-stdin = Lire le mot de passe sur la première ligne de l'entrée standard
help-arg-client-id = Se connecter en tant qu'application (informations d'identification du client) avec cet ID client ; le secret vient de MSCOMMERCE_CLIENT_SECRET, de --client-secret-file ou de --certificate
help-arg-client-secret-file = Un fichier dont la première ligne est le secret client de l'application (ne jamais passer un secret en argument)
help-arg-certificate = Un fichier PEM avec le certificat de l'application (et sa clé privée, sauf si --certificate-key est donné)
help-arg-certificate-key = La clé privée du certificat (PEM), si elle n'est pas dans le fichier --certificate
help-arg-all = Oublier tous les profils
help-arg-policy-id = La stratégie
help-arg-scope = Produits ou types d'offre
help-arg-get-product-policies-value = Seulement ceux qui ont cette valeur
help-arg-name = Seulement ceux dont le nom ou l'ID contient ce texte (sans tenir compte de la casse)
help-arg-product-id = L'ID du produit (par ex. CFQ7TTC0H9MP) ; un ancien ID agit sur le produit actuel
help-arg-offer-type = Le type d'offre (par ex. SaaS)
help-arg-enabled = true = Enabled, false = Disabled
help-arg-value = La nouvelle valeur
help-arg-what-if = Montrer ce qui changerait, sans rien changer
help-arg-confirm = Demander avant de modifier
help-arg-update-product-policy-all = Tous les produits, en une seule requête et une seule transaction
help-arg-all-offer-types = Tous les types d'offre (avec --all : produits et types d'offre dans la même transaction)
help-arg-except = Avec --all ou --all-offer-types : laisser ces produits ou types d'offre tels quels (ID séparés par des virgules)
help-arg-default-value = La valeur par défaut des produits ajoutés plus tard au catalogue (les produits existants gardent leur valeur)
help-arg-all-profiles = Exécuter sur chaque profil connecté (un locataire chacun), avec un rapport par locataire
help-arg-profiles = Exécuter sur ces profils (séparés par des virgules), avec un rapport par locataire
help-arg-file = Le fichier d'état souhaité (TOML ou JSON ; « - » lit l'entrée standard)
help-arg-export-file = Où écrire le fichier [par défaut : la sortie standard] ; « - » est la sortie standard
help-arg-format = Le format du fichier : toml (pour les personnes) ou json [par défaut : selon l'extension du fichier, sinon json avec --output json, sinon toml]
help-arg-force = Remplacer le fichier s'il existe
help-arg-yes = Appliquer sans demander
help-arg-apply-what-if = Montrer le plan, sans rien changer
help-arg-audit-product-id = Seulement les entrées concernant ce produit
help-arg-audit-offer-type = Seulement les entrées concernant ce type d'offre
help-arg-actor = Seulement les entrées de cet utilisateur (nom de connexion ou ID d'objet) ou de cette application (ID d'application)
help-arg-since = Seulement les entrées à partir de ce moment : RFC 3339 (2026-11-20T09:00:00Z), une date (UTC) ou une ancienneté comme 30m, 24h, 7d
help-arg-until = Seulement les entrées antérieures à ce moment (mêmes formes que --since)
help-arg-top = Au plus ce nombre d'entrées, les plus récentes d'abord
help-arg-audit-all = Toutes les entrées (toutes les pages)
help-arg-get-self-service-purchases-product-id = Seulement les enregistrements de ce produit (un ancien identifiant trouve ceux de son produit)
help-arg-user = Seulement les enregistrements de cet utilisateur : nom de connexion ou identifiant d'objet
help-arg-kind = Seulement les enregistrements de ce type
help-arg-get-self-service-purchases-top = Au plus ce nombre d'enregistrements, les plus récents d'abord
help-arg-get-self-service-purchases-all = Tous les enregistrements (toutes les pages)
help-arg-request-license-product-id = Le produit dont vous avez besoin (par ex. CFQ7TTC0H9MP)
help-arg-message = Un message : pourquoi vous en avez besoin, ou pour le demandeur
help-arg-status = Seulement les demandes dans cet état
help-arg-get-license-requests-product-id = Seulement les demandes pour ce produit
help-arg-requester = Seulement les demandes de cet utilisateur : nom de connexion ou identifiant d'objet
help-arg-get-license-requests-all = Toutes les demandes (toutes les pages)
help-arg-get-license-requests-top = Au plus ce nombre de demandes, les plus récentes d'abord
help-arg-id = L'identifiant de la demande, tel que get-license-requests l'affiche

## Usage errors

usage-invalid-value = { $value } n'est pas une valeur valide pour { $arg }.
usage-missing-value = { $arg } attend une valeur.
usage-possible-values = Valeurs possibles : { $values }
usage-unknown-argument = Option inconnue { $arg }.
usage-unknown-command = Commande inconnue { $command }.
usage-did-you-mean = Vouliez-vous dire { $suggestion } ?
usage-missing-required = Manquant : { $args }
usage-conflict = { $arg } ne peut pas être utilisé avec { $other }.
usage-missing-command = Quelle commande ? Voir la liste ci-dessous.
usage-more-info = Pour en savoir plus, ajoutez --help.

## Failures (stderr)

error-line = erreur : { $message }
failure-ids = ID de corrélation : { $correlation } · ID de requête : { $request } (à communiquer au support)
failure-correlation = ID de corrélation : { $correlation } (à communiquer au support)
service-said = Réponse du service : { $reason }
identity-provider-said = Réponse du fournisseur d'identité : { $reason }
technical-detail = Détails : { $message }
list-none = aucun
list-separator = { ", " }
word-or = ou
placeholder-tenant = <locataire>
access-read = pour lire les stratégies
access-write = pour modifier les stratégies
connect-again = Reconnectez-vous : { $command }
connect-first = Connectez-vous d'abord : { $command }

error-runtime = Impossible de démarrer : { $message }
error-stdin = Impossible de lire l'entrée standard : { $message }
error-token-empty = Le jeton donné avec --token est vide.
error-token-not-jwt = Le jeton donné avec --token n'est pas un jeton d'accès JWT.
error-password-empty = Aucun mot de passe sur l'entrée standard : transmettez-le par un tube, par ex. printf '%s\n' "$PASSWORD" | mscommerce connect --username ... --password-stdin
error-tenants-without-all = --profiles et --all-profiles ne s'utilisent qu'avec --all ou --all-offer-types. Pour modifier un produit dans plusieurs locataires, inscrivez-le dans un fichier d'état souhaité et lancez apply --profiles.
error-password-typed-empty = Le mot de passe est vide : tapez-le à l'invite (il ne s'affiche pas pendant la saisie), ou lancez connect sans --username pour vous connecter avec un code d'appareil.
error-password-stdin-terminal = --password-stdin lit le mot de passe depuis un tube, or l'entrée standard est un terminal, où il s'afficherait pendant la saisie : retirez --password-stdin pour qu'il soit demandé sans écho.
error-password-no-terminal = Aucun terminal pour demander le mot de passe : transmettez-le par un tube et ajoutez --password-stdin, par ex. printf '%s\n' "$PASSWORD" | mscommerce connect --username ... --password-stdin
connect-password-prompt = Mot de passe de { $upn } :
error-app-needs-tenant = Une application se connecte à un seul locataire : ajoutez --tenant avec son nom de domaine ou son ID de locataire.
error-no-target = Précisez lequel : --product-id ou --offer-type (ou --all, --all-offer-types pour tous à la fois).
error-except-without-all = --except ne s'utilise qu'avec --all ou --all-offer-types.
error-except-unknown = --except désigne { $id }, qui n'est ni un produit ni un type d'offre de ce locataire.
error-offer-type-value = Les types d'offre n'acceptent que Enabled ou Disabled, pas { $value } : retirez --all-offer-types ou choisissez une autre valeur.
error-profiles-with-token = --all-profiles et --profiles utilisent les profils connectés ; ils ne s'utilisent pas avec --token.
error-profiles-with-profile = Utilisez --profile pour un locataire, ou --profiles / --all-profiles pour plusieurs, pas les deux.
error-time = { $value } n'est pas un moment valide pour { $arg } : utilisez RFC 3339 (2026-11-20T09:00:00Z), une date (2026-11-20, UTC) ou une ancienneté (30m, 24h, 7d, 2w).
error-apply-stdin-needs-yes = Le fichier vient de l'entrée standard, la réponse à la question ne peut donc pas en venir : ajoutez --yes pour l'appliquer (ou --what-if pour voir le plan).
error-no-answer = Aucun terminal pour poser la question et aucune réponse sur l'entrée standard, donc rien n'a été modifié : ajoutez { $flag } pour continuer sans la question.
error-device-code-no-terminal = Aucun terminal pour afficher un code d'appareil, donc personne ne pourrait terminer cette connexion : ajoutez --device-code pour l'attendre quand même, ou connectez-vous avec --username et --password-stdin, ou en tant qu'application avec --client-id.
where-profile = { $tenant } (profil { $profile }, { $account })
where-token = { $tenant } ({ $account })
error-batch-too-large = { $changes } modifications ne tiennent pas dans une transaction (au plus { $max }) : scindez le fichier.
error-no-value = Précisez la nouvelle valeur : --enabled true|false ou --value Enabled|Disabled|OnlyTrialsWithoutPaymentMethod.
error-profile-endpoint-mismatch = Le profil { $profile } est connecté à { $profileEndpoint }, pas à { $endpoint }. Omettez --endpoint, ou connectez-vous à { $endpoint } dans un autre profil : { $command }

error-forbidden-read = Accès refusé (HTTP 403 Forbidden) : la lecture des stratégies d'achat en libre-service exige un compte Administrateur général (anciennement Administrateur de l'entreprise), Administrateur de facturation ou Lecteur général.
error-forbidden-write = Accès refusé (HTTP 403 Forbidden) : la modification des stratégies d'achat en libre-service exige un compte Administrateur général (anciennement Administrateur de l'entreprise) ou Administrateur de facturation. Un Lecteur général peut seulement les lire.
forbidden-signed-in-as = Vous êtes connecté en tant que { $account } (locataire { $tenant }) avec les rôles : { $roles }.
forbidden-what-to-do = Que faire :
forbidden-reconnect = {"  "}• reconnectez-vous avec un compte qui a l'un de ces rôles : { $command }
forbidden-ask-admin = {"  "}• ou demandez à votre administrateur informatique de vous attribuer l'un de ces rôles : { $roles }.
error-forbidden-app = Accès refusé (HTTP 403 Forbidden) : l'application { $app } a besoin de l'autorisation d'application { $permission } { $access }.
forbidden-app-has = L'application a : { $permissions }.
forbidden-app-grant = {"  "}• demandez à un administrateur d'accorder à { $app } l'autorisation d'application { $permission } (avec le consentement administrateur),
forbidden-app-reconnect = {"  "}• puis reconnectez-vous pour que le nouveau jeton la contienne : { $command }

error-sign-in-expired = Votre connexion a expiré ou a été refusée par le service. Reconnectez-vous : { $command }
error-token-refused = Le service a refusé le jeton donné avec --token : il a expiré ou n'a pas été émis pour ce service. Obtenez un nouveau jeton, ou connectez-vous : { $command }

error-product-not-found = Aucun produit { $product } dans la stratégie { $policy }.
error-offer-type-not-found = Aucun type d'offre { $offerType } dans la stratégie { $policy }.
error-policy-not-found = Aucune stratégie { $policy }.
not-found-closest = Les plus proches :
not-found-list-all = Pour tous les lister : { $command }
not-found-known-policies = Stratégies connues : { $policies }

error-invalid-request = Le service a refusé la requête comme non valide (HTTP { $status }).
error-conflict = { $target } a été modifié par quelqu'un d'autre depuis sa lecture : rien n'a donc été modifié.
conflict-what-to-do = Consultez l'état actuel et relancez la commande (pour un fichier : mscommerce plan -f FICHIER, puis apply).
error-batch-refused = Le service a refusé la modification de { $target } (HTTP { $status }) : rien n'a donc été modifié.
error-invalid-value = Le service a refusé la valeur { $value } pour { $target } (HTTP { $status }).
invalid-allowed-values = Valeurs autorisées : { $values }
error-busy = Le service est surchargé (HTTP { $status }) et l'était encore après { $attempts } tentatives. Réessayez dans quelques minutes.
error-service = Le service a rencontré une erreur (HTTP { $status }). Réessayez ; si l'erreur persiste, communiquez les identifiants ci-dessous à l'exploitant du service.
error-unexpected-answer = { $url } a donné une réponse qui n'est pas celle de l'API de licences (HTTP { $status }) : --endpoint est-il correct ?

error-network-dns = L'hôte de { $url } est introuvable : vérifiez --endpoint et votre réseau ou proxy.
error-network-connect = Rien ne répond à { $url } : le service est-il démarré et l'adresse est-elle correcte ?
error-network-tls = La connexion sécurisée à { $url } a échoué : son certificat n'est pas approuvé ou n'est pas valide pour ce nom.
error-network-timeout = { $url } n'a pas répondu à temps : vérifiez votre réseau, puis réessayez.
error-network-redirect = { $url } a répondu par une redirection, que mscommerce ne suit jamais (les jetons ne doivent pas partir ailleurs) : vérifiez --endpoint et --authority.
error-network-other = La connexion à { $url } a échoué.

error-sign-in-refused = Le fournisseur d'identité a refusé la connexion ({ $error }).
hint-invalid-grant = Vérifiez le nom d'utilisateur et le mot de passe. Un compte avec l'authentification multifacteur ne peut pas se connecter par mot de passe : utilisez plutôt un code d'appareil : { $command }
hint-invalid-client = Vérifiez l'ID client de l'application et son secret ou son certificat, et que l'application existe dans ce locataire.
error-device-declined = La connexion a été refusée.
error-device-expired = Le code a expiré avant la fin de la connexion.
error-device-bad-code = Le fournisseur d'identité ne connaît plus ce code de connexion.
error-not-connected = Non connecté (profil { $profile }).
not-connected-known = Profils connectés : { $profiles } (choisissez-en un avec --profile)
error-sign-in-cannot-renew = La connexion du profil { $profile } a expiré et ne peut pas être renouvelée.
error-cache-corrupt = Le cache de jetons { $path } est illisible ; vos connexions sont perdues.
error-cache-io = Le cache de jetons { $path } est inutilisable.
error-no-config-dir = Aucun répertoire de configuration pour le cache de jetons : définissez MSCOMMERCE_CONFIG_DIR.
error-profile-name = { $name } n'est pas un nom de profil : utilisez de 1 à 64 lettres, chiffres, « . », « - » ou « _ ».

error-credential-read = Impossible de lire { $path } : { $message }
error-credential-empty = { $path } est vide.
error-no-certificate = { $path } ne contient aucun certificat (-----BEGIN CERTIFICATE-----).
error-no-private-key = { $path } ne contient aucune clé privée RSA : ajoutez-la au fichier, ou donnez-la avec --certificate-key.
error-bad-key = La clé privée de { $path } est inutilisable : { $message }
error-no-secret = Aucun secret client : définissez MSCOMMERCE_CLIENT_SECRET, ou donnez --client-secret-file ou --certificate (jamais le secret lui-même en argument).
error-sign-assertion = Impossible de signer l'assertion client : { $message }
error-endpoint-url = { $value } n'est pas une URL.
error-endpoint-scheme = { $value } : seul https est autorisé (ou http vers cette machine), pour que les jetons ne circulent jamais en clair.
error-endpoint-extra = { $value } ne doit contenir ni nom d'utilisateur, ni mot de passe, ni requête, ni fragment.
error-timeout-value = --timeout { $value } n’est pas une durée : utilisez un nombre entier et une unité, par exemple 30s ou 2m.
stopped-interrupted = Interrompu
stopped-timeout = Pas de réponse dans le délai --timeout { $timeout }
stopped-write = { $why } alors qu’une modification était en cours d’envoi : elle a peut-être été appliquée, peut-être pas.
stopped-check = Voyez ce qui a été modifié avec : { $command }
stopped-read = Interrompu ; rien n’a été modifié.
stopped-read-timeout = Pas de réponse dans le délai --timeout { $timeout } ; rien n’a été modifié. Réessayez, ou accordez plus de temps.
error-endpoint-version = { $value } se termine par la version de l’API. Donnez l’adresse du service sans elle : --endpoint { $without } (chaque commande ajoute /v1.0 elle-même).
error-tenant = { $value } n'est pas un locataire : utilisez un nom de domaine, un ID de locataire, organizations ou common.

## Sign-in

connect-device-code = Pour vous connecter, ouvrez { $url } dans un navigateur et saisissez le code { $code } (valable { $minutes } minutes). En attente de votre connexion…
connect-done-user = Connecté en tant que { $account } au locataire { $tenant } (profil { $profile }).
connect-done-app = Connecté en tant qu'application { $account } au locataire { $tenant } (profil { $profile }).
connect-cache-replaced = Le cache de jetons illisible { $path } a été remplacé.
disconnect-done = Déconnecté : { $profiles }.
disconnect-nothing = Rien à oublier : aucun profil n'était connecté.

whoami-profile = Profil
whoami-token-given = (jeton donné avec --token)
whoami-endpoint = Service
whoami-kind = Connecté en tant que
whoami-kind-user = utilisateur
whoami-kind-app = application
whoami-account = Compte
whoami-app = Application (ID client)
whoami-tenant = Locataire
whoami-roles = Rôles
whoami-permissions = Autorisations
whoami-expires = Expiration du jeton
whoami-expired = expiré
whoami-token-cache = Cache des jetons
profile-current = Actuel
profile-authority = Fournisseur d’identité
profile-cache = Cache des jetons
profile-none = Aucun profil n’est connecté. Connectez-vous avec mscommerce connect.
profile-now-current = { $profile } est désormais le profil actuel : les commandes l’utilisent sans --profile.

role-global-administrator = Administrateur général
role-billing-administrator = Administrateur de facturation
role-global-reader = Lecteur général
role-user = Utilisateur

## Results

column-policy-id = ID de stratégie
column-description = Description
column-default-value = Valeur par défaut
column-product-name = Nom du produit
column-product-id = ID du produit
column-policy-value = Valeur de stratégie
column-offer-type = Type d'offre
list-empty = Aucun élément ne correspond.

target-product = { $name } ({ $id })
target-offer-type = le type d'offre { $id } ({ $name })
target-product-id = le produit { $id }
target-offer-type-id = le type d'offre { $id }
target-default = la valeur par défaut des nouveaux produits
target-license-request = la demande de licence { $id }
target-something = une valeur
what-if-change = WhatIf : la stratégie { $policy } pour { $target } passerait de { $from } à { $to }. Rien n'a été modifié.
what-if-no-change = WhatIf : la stratégie { $policy } pour { $target } est déjà { $from } ; rien ne changerait.
confirm-change = Faire passer la stratégie { $policy } pour { $target } de { $from } à { $to } dans { $where } ?
confirm-prompt = [o/N]
confirm-yes-answers = o, oui, y, yes
confirm-cancelled = Rien n'a été modifié.
update-done = La stratégie { $policy } pour { $target } est maintenant { $value }. Elle s'applique aux futurs achats et essais, pas aux abonnements existants.
update-default-done = La valeur par défaut de { $policy } pour les produits ajoutés plus tard au catalogue est maintenant { $value }. Les produits existants gardent leur valeur.

## Plusieurs locataires (--all-profiles, --profiles)

tenant-heading = == { $profile } : { $tenant } ==
column-profile = Profil
column-tenant = Locataire
column-result = Résultat
column-exit-code = Sortie
summary-failed = échec ({ $reason })
exit-name-usage = utilisation
exit-name-sign-in = connexion
exit-name-forbidden = interdit
exit-name-not-found = introuvable
exit-name-invalid = requête non valide
exit-name-service = service ou réseau
exit-name-drift = dérive
exit-name-conflict = conflit
exit-name-unknown = résultat inconnu
exit-name-interrupted = interrompu
summary-items = { $count ->
    [one] { $count } élément
   *[other] { $count } éléments
}
summary-default = par défaut { $value }
summary-no-changes = rien à modifier
summary-to-change = { $count ->
    [one] { $count } modification
   *[other] { $count } modifications
}
summary-applied = { $count ->
    [one] { $count } modifié
   *[other] { $count } modifiés
}
summary-in-sync = conforme
summary-drift = { $count ->
    [one] dérive : { $count } différence
   *[other] dérive : { $count } différences
}
progress-reading = Lecture
progress-applying = Application

## Tous à la fois (update-product-policy --all)

column-name = Nom
column-id = ID
column-current = Actuel
column-desired = Souhaité
bulk-done = { $count ->
    [one] { $count } passé à { $value } en une transaction ; { $unchanged } déjà à { $value } ; { $excepted } laissés tels quels (--except).
   *[other] { $count } passés à { $value } en une transaction ; { $unchanged } déjà à { $value } ; { $excepted } laissés tels quels (--except).
} Cela s'applique aux futurs achats et essais, pas aux abonnements existants.
bulk-what-if = { $count ->
    [one] WhatIf : { $count } passerait à { $value } ; { $unchanged } déjà à { $value } ; { $excepted } laissés tels quels (--except). Rien n'a été modifié.
   *[other] WhatIf : { $count } passeraient à { $value } ; { $unchanged } déjà à { $value } ; { $excepted } laissés tels quels (--except). Rien n'a été modifié.
}
bulk-excepted = Laissés tels quels : { $items }
bulk-confirm = { $count ->
    [one] Passer cet élément à { $value } dans { $where } ?
   *[other] Passer ces { $count } éléments à { $value } dans { $where } ?
}
bulk-confirm-tenants = { $count ->
    [one] Passer 1 élément à { $value } dans { $tenants } locataires ?
   *[other] Passer { $count } éléments à { $value } dans { $tenants } locataires ?
}

## État souhaité (export, plan, apply, diff)

export-header-title = État souhaité de la stratégie { $policy } (écrit par mscommerce export).
export-header-tenant = Locataire { $tenant }, exporté le { $time } par { $account }.
export-header-edit = Modifiez les valeurs, puis : mscommerce plan -f FICHIER (ce qui changerait), mscommerce apply -f FICHIER (le changer) ; mscommerce diff -f FICHIER signale la dérive.
export-header-values = Valeurs : Enabled, Disabled, OnlyTrialsWithoutPaymentMethod (seulement les produits avec un essai sans moyen de paiement) ; types d'offre : Enabled ou Disabled.
export-header-default = default_value est la valeur par défaut des produits ajoutés plus tard au catalogue.
export-header-unlisted = Les produits et types d'offre non listés restent tels quels, sauf si default_for_unlisted = "Enabled" ou "Disabled" est défini ; diff les signale.
export-done = { $count ->
    [one] La valeur par défaut, { $count } produit et { $offerTypes } types d'offre de { $tenant } ont été exportés dans { $path }.
   *[other] La valeur par défaut, { $count } produits et { $offerTypes } types d'offre de { $tenant } ont été exportés dans { $path }.
}

error-file-read = Impossible de lire { $path } : { $message }
error-file-write = Impossible d'écrire { $path } : { $message }
error-file-exists = { $path } existe déjà : choisissez un autre fichier ou ajoutez --force pour le remplacer.
error-file-invalid-at = { $path } n'est pas un fichier d'état souhaité valide (ligne { $line }, colonne { $column }).
error-file-invalid = { $path } n'est pas un fichier d'état souhaité valide.
error-file-alias-conflict = Le fichier liste { $legacy }, un ancien ID de { $current }, et { $current } lui-même avec une autre valeur : gardez l'un des deux.
desired-syntax = Syntaxe : { $message }
desired-unknown-key = Clé inconnue { $key }. Clés permises ici : { $allowed }.
desired-wrong-type = { $key } doit être { $expected }.
desired-expected-integer = un nombre entier
desired-expected-string = une chaîne entre guillemets
desired-expected-table = une table
desired-expected-entry = une valeur entre guillemets, ou une table avec value (et name)
desired-expected-comment = une chaîne ou une liste de chaînes
desired-bad-value = { $key } : { $value } n'est pas permis ici. Valeurs permises : { $allowed }.
desired-bad-product-id = { $id } n'est pas un ID de produit : utilisez de 1 à 64 lettres, chiffres, « - » ou « _ ».
desired-bad-offer-type = { $id } n'est pas un type d'offre : utilisez de 1 à 64 lettres, chiffres, « - » ou « _ ».
desired-duplicate = { $key } figure deux fois.
desired-version = La version { $found } est inconnue : ce mscommerce lit la version 1.
desired-unknown-policy = Il n'y a pas de stratégie { $policy } : la stratégie connue est AllowSelfServicePurchase.
desired-missing-value = { $key } n'a pas de valeur : ajoutez value = "Enabled", "Disabled" ou "OnlyTrialsWithoutPaymentMethod".

plan-default-name = (valeur par défaut des nouveaux produits)
plan-offer-type = (type d'offre)
plan-offer-type-name = (type d'offre) { $name }
plan-no-changes = Aucune modification : le locataire correspond déjà à { $file }.
plan-summary = { $count ->
    [one] Plan : { $count } à modifier ; { $inPlace } déjà corrects. Appliquez-le avec { $command }.
   *[other] Plan : { $count } à modifier ; { $inPlace } déjà corrects. Appliquez-le avec { $command }.
}
plan-what-if = { $count ->
    [one] WhatIf : { $count } changerait ; { $inPlace } déjà corrects. Rien n'a été modifié.
   *[other] WhatIf : { $count } changeraient ; { $inPlace } déjà corrects. Rien n'a été modifié.
}
apply-done = { $count ->
    [one] Appliqué : { $count } modification en une transaction ; { $inPlace } déjà corrects.
   *[other] Appliqué : { $count } modifications en une transaction ; { $inPlace } déjà corrects.
} Cela s'applique aux futurs achats et essais, pas aux abonnements existants.
plan-left-alone = { $count ->
    [one] Absent du fichier, laissé tel quel : { $items }
   *[other] Absents du fichier, laissés tels quels : { $items }
}
plan-not-in-tenant = { $count ->
    [one] Dans le fichier mais pas dans ce locataire (retiré ou inconnu), ignoré : { $items }
   *[other] Dans le fichier mais pas dans ce locataire (retirés ou inconnus), ignorés : { $items }
}
apply-confirm = { $count ->
    [one] Appliquer cette modification à { $where } ?
   *[other] Appliquer ces { $count } modifications à { $where } ?
}
apply-confirm-tenants = { $count ->
    [one] Appliquer { $count } modification dans { $tenants } locataires ?
   *[other] Appliquer { $count } modifications dans { $tenants } locataires ?
}

column-drift = Dérive
column-tenant-value = Locataire
column-file-value = Fichier
drift-kind-default = valeur par défaut modifiée
drift-kind-changed = modifié
drift-kind-unlisted = absent du fichier
drift-kind-missing = absent du locataire
diff-in-sync = Conforme : le locataire correspond à { $file }.
diff-drifted = { $count ->
    [one] Dérive : le locataire diffère de { $file } en { $count } point.
   *[other] Dérive : le locataire diffère de { $file } en { $count } points.
}

## Audit

column-time = Heure (UTC)
column-actor = Qui
column-target = Quoi
column-change = Modification
column-user = Utilisateur
column-product = Produit
column-kind = Type
column-quantity = Quantité
column-requester = Demandeur
column-status = État
column-decided-by = Décidé par
column-url = URL
column-events = Événements
column-event = Événement
column-attempts = Tentatives
column-last-answer = Dernière réponse
audit-actor-app = application { $id }
audit-result-succeeded = modifié
audit-result-refused = refusé ({ $reason })

error-output = erreur : la sortie n’a pas pu être écrite ({ $message }) et elle est perdue. Vérifiez que le fichier ou le disque de destination a de la place et est accessible en écriture, puis relancez la commande.

## The operator's commands (admin)
admin-column-tenant-id = ID du locataire
admin-column-domain = Domaine
admin-column-name = Nom
admin-column-upn = UPN
admin-column-object-id = ID d’objet
admin-column-roles = Rôles
admin-column-client-id = ID client
admin-column-permissions = Autorisations
admin-column-redirect-uris = URI de redirection
admin-tenant-added = Locataire { $domain } ajouté avec l’ID { $id }
admin-user-added = Utilisateur { $upn } ajouté au locataire { $tenant }
admin-password-once = Mot de passe (affiché une seule fois) : { $password }
admin-password-reset = Mot de passe de { $upn } réinitialisé
admin-roles-set = Rôles de { $upn } définis
admin-app-added = Application { $client } ajoutée au locataire { $tenant }
admin-secret-once = Secret client (affiché une seule fois) : { $secret }
admin-secret-reset = Secret client de { $client } (affiché une seule fois) : { $secret }
admin-no-such-tenant = il n’existe aucun locataire « { $tenant } » ; affichez-les avec `mscommerce admin tenant list`
admin-stdin-password-unreadable = impossible de lire le mot de passe sur stdin
admin-stdin-password-empty = le mot de passe sur stdin est vide
admin-stdin-secret-unreadable = impossible de lire le secret sur stdin
admin-stdin-secret-empty = le secret sur stdin est vide
admin-no-randomness = aucune source d’aléa disponible
admin-cannot-hash = impossible de hacher le secret : { $reason }
admin-weak-secret = Refusé : { $reason }. Choisissez-en un plus robuste, omettez --password-stdin / --secret-stdin pour en obtenir un généré, ou ajoutez --allow-weak s'il le faut.
admin-not-a-role = « { $role } » n’est pas un rôle d’annuaire ; utilisez global-admin, billing-admin, global-reader ou user
admin-not-a-upn = « { $upn } » n’est pas un nom d’utilisateur principal (nom@domaine)
admin-not-a-permission = « { $permission } » n’est pas une autorisation d’application ; utilisez { $read }, { $readWrite } ou, pour une boutique en ligne, { $evaluate }
admin-not-a-redirect-uri = « { $uri } » ne peut pas être un URI de redirection : indiquez une adresse https:// absolue sans #fragment (http:// seulement sur localhost, 127.0.0.1 ou [::1])
admin-not-a-duration = « { $value } » n’est pas une durée ; utilisez un nombre entier et une unité, par exemple 0s, 15m, 2h ou 1d
admin-cannot-read-file = impossible de lire { $path }
admin-cannot-create-dir = impossible de créer { $dir }
admin-data-dir-restricted = { $path } est désormais réservé à son propriétaire : d’autres utilisateurs pouvaient le lire
admin-cannot-write = impossible d’écrire sur stdout : { $reason }
admin-cannot-add-tenant = impossible d’ajouter le locataire { $domain } : { $reason }
admin-cannot-add-user = impossible d’ajouter l’utilisateur { $upn } : { $reason }
admin-cannot-reset-password = impossible de réinitialiser le mot de passe de { $upn } : { $reason }
admin-cannot-set-roles = impossible de définir les rôles de { $upn } : { $reason }
admin-cannot-add-app = impossible d’ajouter l’application { $client } : { $reason }
admin-cannot-reset-secret = impossible de réinitialiser le secret de { $client } : { $reason }
admin-cannot-open-keys = impossible d’ouvrir les clés de signature : { $reason }
admin-cannot-rotate-key = impossible de renouveler la clé de signature : { $reason }
serve-cannot-listen = impossible d’écouter sur { $addr }
admin-keys-rotated = La nouvelle clé de signature { $kid } est active ; les serveurs en cours d’exécution la prennent en compte d’eux-mêmes. L’ancienne clé reste publiée jusqu’à l’expiration des jetons qu’elle a signés.
admin-catalog-column-product-id = ID PRODUIT
admin-catalog-column-trial = ESSAI
admin-catalog-column-retired = RETIRÉ
admin-catalog-column-name = NOM
admin-catalog-column-legacy-ids = ANCIENS ID
admin-yes = oui
admin-no = non
admin-catalog-added = { $product } ({ $name }) ajouté au catalogue ; chaque locataire le reçoit avec sa propre valeur par défaut pour les nouveaux produits.
admin-catalog-renamed = { $product } renommé en { $name }
admin-catalog-retired = { $product } retiré : les listes l’omettent et sa stratégie ne change plus ; la lecture par ID fonctionne toujours.
admin-catalog-retired-already = { $product } était déjà retiré
admin-catalog-mapped = Les requêtes qui nomment { $legacy } agissent désormais sur { $product }
admin-catalog-cannot-add = impossible d’ajouter { $product } : { $reason }
admin-catalog-cannot-rename = impossible de renommer { $product } : { $reason }
admin-catalog-cannot-retire = impossible de retirer { $product } : { $reason }
admin-catalog-cannot-map = impossible d’associer { $legacy } à { $product } : { $reason }
admin-catalog-no-such-product = ce produit n’existe pas ; affichez la liste avec `mscommerce admin catalog list`
admin-catalog-bad-name = un nom de produit compte de 1 à 256 caractères, sans caractère de contrôle
admin-audit-intact = locataire { $tenant } : { $count ->
    [one] { $count } entrée
   *[other] { $count } entrées
}, chaîne intacte, tête { $head }
admin-audit-broken = locataire { $tenant } : ROMPUE : { $report }
admin-audit-unreadable = une entrée après l’entrée { $after } ne peut pas être relue ({ $reason }) : elle a été modifiée
admin-audit-broken-summary = { $broken } journaux de locataires sur { $count } sont rompus : ils ont été modifiés en dehors du service
admin-audit-all-intact = { $count ->
    [one] { $count } journal de locataire vérifié : intact.
   *[other] { $count } journaux de locataires vérifiés : tous intacts.
}
admin-audit-head-found = la tête conservée { $head } est l’entrée { $entry } : le journal la contient toujours, { $count ->
    [one] avec une entrée ajoutée depuis
   *[other] avec { $count } entrées ajoutées depuis
}
admin-audit-head-missing = la tête conservée { $head } n’est pas dans le journal : depuis qu’elle a été conservée, des entrées ont été retirées de la fin du journal, ou celui-ci a été réécrit. Restaurez la base depuis une sauvegarde antérieure et cherchez qui avait accès au fichier
admin-audit-not-a-hash = « { $value } » n’est pas un hachage de tête : donnez les 64 chiffres hexadécimaux affichés par audit verify après « head »

## Lignes de démarrage de serve
serve-started = mscommerce { $version } sert l’API de licences
serve-listening = À l’écoute sur { $url }
serve-metrics = Métriques pour Prometheus sur { $url }
serve-data-postgres = Données : PostgreSQL
serve-data-sqlite = Données : SQLite dans { $dir }
serve-demo-directory = Annuaire de démonstration : locataires contoso.example et fabrikam.example, mot de passe demo-password pour
serve-demo-no-role = aucun rôle
serve-demo-apps = applications contoso-automation (lecture-écriture) et contoso-reporting (lecture), secret demo-secret
serve-sign-in = Connexion : mscommerce connect --endpoint { $url } --tenant { $tenant }
serve-your-domain = VOTRE-DOMAINE
serve-stop = Arrêt avec Ctrl+C.

request-status-pending = en attente
request-status-approved = approuvée
request-status-denied = refusée
request-status-expired = expirée
license-request-filed = Licence demandée pour { $product } : demande { $id }. Un administrateur l'approuvera ou la refusera ; suivez-la avec mscommerce get-license-requests.
license-request-approved = Demande de { $requester } pour { $product } approuvée. Attribuez la licence là où les licences sont attribuées.
license-request-denied = Demande de { $requester } pour { $product } refusée.
webhook-added = Webhook enregistré à l'adresse { $url } pour { $events }. Les livraisons sont signées avec son secret (Standard Webhooks) ; vérifiez-les côté récepteur.
webhook-secret = Secret de signature (affiché une seule fois ; gardez-le là où le récepteur peut le lire) : { $secret }
webhook-removed = Webhook { $id } supprimé ; plus rien ne lui est envoyé.
webhook-replayed = La livraison { $id } sera renvoyée.
webhook-no-secret = --secret-stdin n'a rien lu : donnez le secret (whsec_...) sur stdin, ou omettez l'option pour en faire générer un.

## connect --browser

connect-browser-opened = Connectez-vous dans le navigateur qui vient de s'ouvrir. Si aucun ne s'est ouvert, ouvrez cette adresse : { $url }
connect-browser-open = Ouvrez cette adresse dans un navigateur de cette machine pour vous connecter : { $url }
connect-browser-page-done = Connecté à mscommerce. Vous pouvez fermer cette page et revenir à la ligne de commande.
connect-browser-page-failed = La connexion n'a pas abouti. Revenez à la ligne de commande : elle indique ce qui s'est passé.
error-browser-declined = La connexion a été refusée dans le navigateur.
error-browser-timed-out = Personne n'a terminé la connexion dans le navigateur en { $minutes } minutes.
error-browser-refused = Le fournisseur d'identité a refusé la connexion ({ $error }) : { $description }
error-browser-forged = Les jetons ne correspondent pas à cette connexion (leur nonce diffère) ; ils n'ont donc pas été conservés.
error-browser-listener = Impossible d'écouter sur un port de bouclage la réponse du navigateur ({ $message }) : connectez-vous plutôt avec --device-code.
help-arg-browser = Se connecter dans le navigateur de cette machine (code d'autorisation avec PKCE ; la réponse revient sur un port de bouclage) ; fonctionne avec l'authentification multifacteur
hint-tenant-not-found = Il n'y a pas de locataire { $tenant } ici : vérifiez son orthographe (un domaine comme contoso.com, ou l'identifiant du locataire), puis connectez-vous avec le bon : { $command }
hint-tenant-needed = Indiquez votre locataire (son domaine, comme contoso.com, ou son identifiant) : { $command }
warning-language-unsupported = mscommerce n'a pas de messages en { $asked } ; ils sont donc en anglais. Disponibles : { $available } (--lang ou MSCOMMERCE_LANG).
hint-speaks-http = Cette adresse utilise http simple, pas https : connectez-vous avec --endpoint { $endpoint }
hint-speaks-https = Cette adresse utilise https, pas http simple : connectez-vous avec --endpoint { $endpoint }
