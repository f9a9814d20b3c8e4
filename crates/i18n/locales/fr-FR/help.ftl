# L'aide des commandes dont les textes ne sont pas dans cli.ftl : celles de l'exploitant (serve,
# admin), les sous-sous-commandes (profile, webhook), completion, man et help. Identifiants :
# help-cmd-{chemin} pour une commande, help-arg-{chemin}-{option} pour une option ; {chemin} est
# la suite des noms de sous-commandes reliés par "-". Les commandes de l'exploitant partagent
# help-arg-operator-{option}.

## Communs à toutes les commandes

help-arg-timeout = Abandonner toute la commande après ce délai (30s, 2m, …) [par défaut : aucune limite]
help-heading-arguments = Arguments
help-default = [par défaut : { $value }]
help-possible-values = [valeurs possibles : { $values }]
help-env = [variable d'environnement : { $name }]
help-cmd-help = Afficher cette aide, ou l'aide de la sous-commande indiquée
help-cmd-completion = Afficher le script de complétion d'un shell, par ex. mscommerce completion bash > /etc/bash_completion.d/mscommerce
help-arg-completion-shell = Le shell : bash, zsh, fish, powershell ou elvish
help-cmd-man = Afficher la page de manuel (roff), par ex. mscommerce man > /usr/local/share/man/man1/mscommerce.1

## Les sous-sous-commandes du client

help-cmd-profile-list = Chaque profil : locataire, compte, service, et lequel est le profil actuel
help-cmd-profile-use = Faire de ce profil celui qu'utilisent les commandes sans --profile
help-arg-profile-use-name = Le nom du profil (voir profile list)
help-cmd-profile-show = Le détail d'un profil (l'actuel s'il n'est pas nommé) ; jamais ses jetons
help-arg-profile-show-name = Le nom du profil [par défaut : l'actuel]
help-arg-update-product-policy-yes = Répondre oui à la question que posent --all et --confirm (pour les scripts, qui n'ont pas de terminal pour répondre)
help-cmd-webhook-add = Enregistrer un point de terminaison https ; son secret de signature est affiché une seule fois
help-arg-webhook-add-url = Où les livraisons sont envoyées (https, vers une adresse publique)
help-arg-webhook-add-events = Seulement ces événements, séparés par des virgules [par défaut : tous]
help-arg-webhook-add-secret-stdin = Lire le secret de signature (whsec_…) sur l'entrée standard au lieu d'en faire générer un
help-cmd-webhook-list = Les points de terminaison du locataire
help-cmd-webhook-remove = Supprimer un point de terminaison (ses livraisons en attente sont supprimées avec lui)
help-arg-webhook-remove-id = L'identifiant du point de terminaison (voir webhook list)
help-cmd-webhook-deliveries = Les livraisons d'un point de terminaison, les plus récentes d'abord, avec leur résultat
help-arg-webhook-deliveries-id = L'identifiant du point de terminaison (voir webhook list)
help-arg-webhook-deliveries-top = Au plus ce nombre de livraisons
help-cmd-webhook-replay = Envoyer de nouveau une livraison
help-arg-webhook-replay-id = L'identifiant du point de terminaison (voir webhook list)
help-arg-webhook-replay-delivery = L'identifiant de la livraison (voir webhook deliveries)

## serve

help-cmd-serve = Exécuter le service de stratégies : l'API de licences, le fournisseur d'identité intégré, la page d'administration, les contrôles d'intégrité
help-arg-operator-config = Un fichier de configuration TOML (les options l'emportent sur les variables MSCOMMERCE_*, qui l'emportent sur le fichier)
help-arg-operator-data-dir = L'emplacement de la base SQLite et des clés de signature [par défaut : le répertoire de données de la plateforme]
help-arg-operator-database-url = Utiliser PostgreSQL (postgres://…) au lieu de SQLite dans le répertoire de données
help-arg-serve-listen = L'adresse d'écoute [par défaut : 127.0.0.1:8080] ; le port 0 choisit un port libre
help-arg-serve-public-url = L'adresse à laquelle les clients joignent ce service (l'émetteur de ses jetons) [par défaut : http://ADRESSE]
help-arg-serve-demo = Créer l'annuaire de démonstration fixe (contoso.example, fabrikam.example) ; uniquement sur une adresse de bouclage
help-arg-serve-log-json = Journaliser en lignes JSON plutôt qu'en texte (sur stderr)
help-arg-serve-tls-cert = Servir en HTTPS avec ce certificat (PEM, suivi de sa chaîne) ; rechargé quand le fichier change
help-arg-serve-tls-key = La clé privée du certificat (PEM)
help-arg-serve-metrics-listen = Servir les métriques Prometheus sur http://ADRESSE/metrics, sur un port d'écoute à part [par défaut : aucun]
help-arg-serve-trusted-proxies = Un proxy (adresse ou réseau) dont l'en-tête X-Forwarded-For désigne le client, pour le verrouillage intelligent, la limitation des connexions et le journal ; à répéter ou à séparer par des virgules [par défaut : aucun]
help-arg-serve-allow-private-webhooks = Autoriser les webhooks en http simple et vers des adresses de bouclage, privées et de lien local (laboratoires et tests ; jamais sur un réseau partagé)

## admin

help-cmd-admin = Commandes de l'exploitant sur le répertoire de données ou la base : locataires, utilisateurs, applications, clés, catalogue, journal d'audit
help-cmd-admin-tenant = Les locataires de l'annuaire intégré
help-cmd-admin-tenant-add = Ajouter un locataire
help-arg-admin-tenant-add-domain = Son nom de domaine, par ex. contoso.com
help-arg-admin-tenant-add-name = Son nom d'affichage [par défaut : le domaine]
help-arg-admin-tenant-add-id = Son identifiant de locataire (un GUID) [par défaut : un nouveau] ; indiquez celui d'Entra ID pour refléter un locataire
help-cmd-admin-tenant-list = Lister les locataires
help-cmd-admin-user = Les utilisateurs de l'annuaire intégré
help-cmd-admin-user-add = Ajouter un utilisateur ; le mot de passe est lu sur l'entrée standard avec --password-stdin, sinon généré et affiché une seule fois
help-arg-admin-user-add-upn = Le nom d'utilisateur principal ; son domaine désigne le locataire, sauf si --tenant est indiqué
help-arg-admin-user-add-name = Le nom d'affichage [par défaut : la partie du nom d'utilisateur principal avant @]
help-arg-admin-user-add-tenant = Le domaine ou l'identifiant du locataire [par défaut : le domaine du nom d'utilisateur principal]
help-arg-admin-user-add-roles = Un rôle d'annuaire, répétable : global-admin, billing-admin, global-reader, license-admin, user-admin (ou un identifiant de modèle de rôle)
help-arg-admin-user-add-password-stdin = Lire le mot de passe sur la première ligne de l'entrée standard au lieu d'en générer un
help-arg-admin-user-add-allow-weak = Accepter sur l'entrée standard un mot de passe que la stratégie de mots de passe refuse (au moins 12 caractères, pas un mot de passe courant)
help-cmd-admin-user-reset-password = Définir un nouveau mot de passe (lu sur l'entrée standard avec --password-stdin, sinon généré et affiché une seule fois)
help-arg-admin-user-reset-password-upn = Le nom d'utilisateur principal
help-arg-admin-user-reset-password-password-stdin = Lire le nouveau mot de passe sur la première ligne de l'entrée standard au lieu d'en générer un
help-arg-admin-user-reset-password-allow-weak = Accepter sur l'entrée standard un mot de passe que la stratégie de mots de passe refuse
help-cmd-admin-user-set-roles = Remplacer les rôles d'annuaire d'un utilisateur
help-arg-admin-user-set-roles-upn = Le nom d'utilisateur principal
help-arg-admin-user-set-roles-roles = Un rôle d'annuaire, répétable ; sans aucun, l'utilisateur n'a plus de rôle
help-cmd-admin-user-list = Lister les utilisateurs
help-arg-admin-user-list-tenant = Seulement les utilisateurs de ce locataire (domaine ou identifiant)
help-cmd-admin-app = Les applications (informations d'identification du client) de l'annuaire intégré
help-cmd-admin-app-add = Ajouter une application ; elle reçoit un secret généré (affiché une seule fois), sauf si --certificate est indiqué
help-arg-admin-app-add-name = Son nom d'affichage
help-arg-admin-app-add-tenant = Le domaine ou l'identifiant du locataire
help-arg-admin-app-add-client-id = Son identifiant client [par défaut : un nouveau GUID]
help-arg-admin-app-add-permissions = Une autorisation d'application, répétable : Policy.Read.AllowSelfServicePurchase, Policy.ReadWrite.AllowSelfServicePurchase ou SelfServicePurchase.Evaluate.All (ou les identifiants de leurs rôles d'application)
help-arg-admin-app-add-storefront = Une boutique en ligne : reçoit SelfServicePurchase.Evaluate.All, c'est-à-dire les décisions d'achat pour tous les locataires (mais aucun accès aux stratégies de son propre locataire)
help-arg-admin-app-add-certificate = Un certificat PEM (ou une clé publique) dont l'application peut utiliser les assertions client signées au lieu d'un secret
help-arg-admin-app-add-redirect-uris = Où le flux de code d’autorisation peut renvoyer les utilisateurs de l’application, répétable : une application web qui connecte ses utilisateurs ici (https, ou http sur localhost)
help-arg-admin-app-add-secret-stdin = Lire le secret sur l'entrée standard au lieu d'en générer un
help-arg-admin-app-add-allow-weak = Accepter sur l'entrée standard un secret que la stratégie de mots de passe refuse
help-cmd-admin-app-reset-secret = Donner à une application un nouveau secret généré (affiché une seule fois)
help-arg-admin-app-reset-secret-tenant = Le domaine ou l'identifiant du locataire
help-arg-admin-app-reset-secret-client-id = L'identifiant client de l'application
help-cmd-admin-app-list = Lister les applications
help-arg-admin-app-list-tenant = Seulement les applications de ce locataire (domaine ou identifiant)
help-cmd-admin-keys = Les clés de signature du fournisseur d'identité
help-cmd-admin-keys-rotate = Activer une nouvelle clé de signature ; l'ancienne reste publiée jusqu'à l'expiration de ses jetons. Les serveurs en cours d'exécution s'en aperçoivent en quelques secondes
help-arg-admin-keys-rotate-retire-after = Combien de temps l'ancienne clé reste publiée et acceptée : 65m par défaut (les jetons qu'elle a signés restent valides) ; 0s la retire aussitôt (en cas de clé compromise : tout jeton qu'elle a signé est désormais refusé). Formats : 30s, 15m, 2h, 1d
help-cmd-admin-catalog = Le catalogue de produits que partagent tous les locataires
help-cmd-admin-catalog-add = Ajouter un produit ; chaque locataire le reçoit avec sa propre valeur par défaut pour les nouveaux produits
help-arg-admin-catalog-add-product-id = Son identifiant de produit, par ex. CFQ7TTC0ABCD (1 à 64 lettres, chiffres, - ou _)
help-arg-admin-catalog-add-name = Son nom, tel que les listes l'affichent
help-arg-admin-catalog-add-trial-without-payment-method = Il propose un essai sans moyen de paiement (OnlyTrialsWithoutPaymentMethod s'y applique donc)
help-arg-admin-catalog-add-legacy-ids = Un ancien identifiant qui doit agir sur ce produit, répétable
help-cmd-admin-catalog-rename = Renommer un produit, dans tous les locataires
help-arg-admin-catalog-rename-product-id = L'identifiant du produit
help-arg-admin-catalog-rename-name = Son nouveau nom
help-cmd-admin-catalog-retire = Retirer un produit : il disparaît des listes et sa stratégie est figée ; il reste lisible par son identifiant
help-arg-admin-catalog-retire-product-id = L'identifiant du produit
help-cmd-admin-catalog-map-legacy = Faire agir sur un produit actuel les requêtes qui nomment un ancien identifiant (ou celui d'un produit retiré)
help-arg-admin-catalog-map-legacy-legacy-id = L'ancien identifiant
help-arg-admin-catalog-map-legacy-product-id = L'identifiant du produit actuel
help-cmd-admin-catalog-list = Lister tous les produits, y compris les produits retirés
help-cmd-admin-audit = Les journaux d'audit des locataires
help-cmd-admin-audit-verify = Vérifier la chaîne de hachage de chaque locataire (ou d'un seul) et signaler le premier maillon rompu de chacune ; renvoie le code de sortie 1 si une chaîne est rompue. Affiche le hachage de tête de chaque chaîne : conservez-le ailleurs pour détecter plus tard un journal réécrit depuis le début ou tronqué à la fin
help-arg-admin-audit-verify-tenant = Le domaine ou l'identifiant du locataire [par défaut : tous les locataires]
help-arg-admin-audit-verify-expect-head = Un hachage de tête affiché par un verify antérieur de ce locataire et conservé ailleurs : il doit toujours figurer dans la chaîne (les entrées ajoutées depuis sont acceptées), sinon le journal a été tronqué ou réécrit depuis ; la commande renvoie alors le code de sortie 1
