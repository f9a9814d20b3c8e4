### Pages web du service (page de connexion par code d'appareil du fournisseur d'identité intégré) — fr-FR.

device-title = Connexion à mscommerce
device-intro = Saisissez le code affiché par la ligne de commande, puis le nom d'utilisateur et le mot de passe du compte.
device-code-label = Code
device-username-label = Nom d'utilisateur
device-password-label = Mot de passe
device-sign-in = Se connecter
device-decline = Refuser
device-hint = Ne continuez que si vous avez lancé vous-même cette connexion (mscommerce connect). Ne saisissez jamais un code que quelqu'un vous a envoyé.
device-approved = Connecté en tant que { $user }. Vous pouvez revenir à la ligne de commande.
device-declined = La connexion a été refusée. La ligne de commande cesse d'attendre.
device-close-window = Vous pouvez fermer cette fenêtre.
device-bad-credentials = Nom d'utilisateur ou mot de passe incorrect. { $attempts ->
        [one] Il reste une tentative.
       *[other] Il reste { $attempts } tentatives.
    }
device-too-many-attempts = Trop de tentatives : ce code ne fonctionne plus. Recommencez avec mscommerce connect.
sign-in-locked = Ce compte est verrouillé pour le moment : trop de mots de passe erronés ont été essayés depuis cet appareil ou ce réseau. Réessayez dans { $minutes ->
        [one] une minute
       *[other] { $minutes } minutes
    }, ou demandez à un administrateur de réinitialiser le mot de passe s'il a pu être deviné.
sign-in-throttled = Trop de connexions échouées depuis votre adresse. Attendez { $seconds } secondes, puis réessayez.
device-wrong-tenant = Ce compte n'appartient pas au locataire { $tenant } pour lequel la connexion a été lancée.
device-account-disabled = Ce compte est désactivé.
device-unknown-code = Ce code est inconnu ou a expiré. Recommencez avec mscommerce connect.
device-unavailable = La connexion est indisponible pour le moment. Réessayez dans un instant.
device-idp-off = Le fournisseur d'identité intégré est désactivé sur ce service.
device-prompt = Ce code connecte { $app } à l'annuaire { $tenant }. Ne continuez que si vous l'avez lancé vous-même.
device-prompt-any = Ce code connecte { $app } à l'annuaire du compte avec lequel vous vous connectez. Ne continuez que si vous l'avez lancé vous-même.
authorize-title = Se connecter
authorize-intro = { $app } vous demande de vous connecter à { $tenant }.
authorize-intro-any = { $app } vous demande de vous connecter avec le compte de votre organisation.
authorize-bad-credentials = Nom d'utilisateur ou mot de passe incorrect. Vérifiez-les et réessayez.
authorize-error-title = Cette connexion ne peut pas continuer
authorize-error-hint = Revenez à l'application et recommencez la connexion. Si cela se reproduit, transmettez ce message à votre administrateur.
authorize-origin = Ce formulaire de connexion a été envoyé depuis un autre site et a été refusé. Rouvrez la connexion depuis l'application.
authorize-bad-request = La demande de connexion n'a pas pu être lue. Revenez à l'application et recommencez.
authorize-form-post-title = Connexion en cours…
authorize-form-post-noscript = Les scripts sont désactivés dans ce navigateur : cliquez sur Continuer pour revenir à l'application.
authorize-form-post-continue = Continuer
page-title = Essais et achats en libre-service
page-landing = Connectez-vous pour voir et modifier les produits que les membres de votre organisation peuvent acheter ou essayer eux-mêmes.
page-sign-in = Se connecter
page-sign-out = Se déconnecter
page-signed-in-as = Connecté en tant que { $user }
page-intro = Choisissez si les utilisateurs de votre organisation peuvent acheter ou essayer ces produits eux-mêmes.
page-search = Rechercher des produits
page-filter = Paramètre
page-filter-all = Tous les paramètres
page-sort = Trier par
page-sort-name = Nom
page-sort-setting = Paramètre
page-apply = Appliquer
page-col-product = Produit
page-col-setting = Paramètre
page-count = { $count ->
    [one] Un produit
   *[other] { $count } produits
}
value-enabled = Autoriser
value-trials = Autoriser les essais uniquement
value-disabled = Ne pas autoriser
page-future-only = Une modification ne concerne que les achats et essais futurs ; ce qui a déjà été acheté ou commencé reste inchangé.
page-save = Enregistrer
page-saved = { $product } : enregistré comme « { $value } ».
page-conflict = Quelqu'un d'autre a modifié { $product } pendant que vous le consultiez : la valeur est maintenant « { $value } ». Vérifiez-la et enregistrez de nouveau si vous voulez toujours la changer.
page-readonly = Vous pouvez voir ces paramètres mais pas les modifier : votre rôle est Lecteur général. Un administrateur général ou un administrateur de facturation peut les modifier.
page-noaccess-title = Vous ne pouvez pas gérer les achats en libre-service
page-noaccess-who = Vous êtes connecté en tant que { $user }.
page-noaccess-roles = Seuls ces rôles peuvent modifier ces paramètres : Administrateur général, Administrateur de facturation. Un Lecteur général peut les voir.
page-noaccess-how = Demandez à un administrateur général de votre organisation de vous attribuer l'un de ces rôles, puis déconnectez-vous et reconnectez-vous.
page-csrf = Ce formulaire a expiré ou ne provient pas de cette page : il a été refusé et rien n'a été modifié. Rechargez la page et réessayez.
page-session-expired = Votre session est terminée. Reconnectez-vous.
page-bad-request = Le formulaire n'a pas pu être lu ; rien n'a été modifié. Rechargez la page et réessayez.
page-not-found = Ce produit n'est pas dans le catalogue. Rechargez la page pour voir la liste actuelle.
page-unavailable = Le service ne peut pas répondre pour le moment et rien n'a été modifié. Réessayez dans un instant.
page-signin-failed = La connexion n'a pas pu aboutir : { $reason } Reconnectez-vous.
page-refused = Cette modification a été refusée : { $reason }
page-language = Langue
page-default-title = Valeur par défaut des nouveaux produits
page-default-intro = Les produits ajoutés au catalogue à partir de maintenant commencent avec ce paramètre (« Ne pas autoriser » au lieu de « Autoriser les essais uniquement » pour un produit sans essai).
page-default-saved = Les nouveaux produits commenceront à « { $value } ».
page-bulk-title = Modifier les produits sélectionnés
page-bulk-select = Sélectionner { $product }
page-bulk-value = Nouveau paramètre
page-bulk-save = Enregistrer pour les produits sélectionnés
page-bulk-saved = { $count ->
    [one] Un produit enregistré comme « { $value } ».
   *[other] { $count } produits enregistrés comme « { $value } ».
}
page-bulk-none = Sélectionnez d'abord au moins un produit ; rien n'a été modifié.
page-journal-title = Journal d'audit
page-journal-actor = Modifié par
page-journal-from = Du
page-journal-to = Au
page-journal-time = Heure
page-journal-change = Modification
page-journal-result = Résultat
page-journal-csv = Télécharger le CSV
page-journal-empty = Aucune entrée ne correspond à ces filtres.
page-journal-older = Entrées plus anciennes
page-journal-bad-filter = Un filtre n'a pas pu être lu : le produit doit être un identifiant de produit (comme CFQ7TTC0LH18) et les dates des jours (AAAA-MM-JJ). Corrigez-le et réessayez.
page-last-change = Dernière modification
page-never-changed = Jamais modifié
page-offer-types = Types d'offre

## Vues Demandes et Achats

page-nav = Vues
page-nav-products = Produits
page-requests-title = Demandes de licence
page-purchases-title = Achats et essais
page-requests-intro-decider = Les personnes de votre organisation demandent ici des licences pour des produits qu'elles ne peuvent ni acheter ni essayer elles-mêmes. Approuvez ou refusez chaque demande ; le demandeur voit votre décision et votre note.
page-requests-intro-user = Demandez aux administrateurs de votre organisation une licence pour un produit que vous ne pouvez ni acheter ni essayer vous-même, et suivez vos demandes ici.
page-request-ask = Demander une licence
page-request-choose = Choisissez un produit
page-request-message = Message
page-request-send = Envoyer la demande
page-requests-all = Les demandes de votre organisation
page-requests-mine = Vos demandes
page-request-status = Statut
page-request-all = Tous
page-request-filed = Demandé le
page-request-requester = Demandé par
page-request-decide = Décision
page-request-note = Note pour le demandeur (facultative)
page-request-approve = Approuver
page-request-deny = Refuser
page-requests-empty = Aucune demande ne correspond.
page-request-pending = En attente
page-request-approved = Approuvée
page-request-denied = Refusée
page-request-expired = Expirée
page-request-sent = Votre demande pour { $product } a été envoyée à vos administrateurs.
page-request-did-approve = Vous avez approuvé la demande de { $requester } pour { $product }.
page-request-did-deny = Vous avez refusé la demande de { $requester } pour { $product }.
page-request-pick = Choisissez un produit dans la liste, puis envoyez de nouveau la demande.
page-request-message-bad = Le message est trop long ou contient des caractères qui ne peuvent pas être conservés : 1000 caractères de texte au plus, sauts de ligne autorisés. Raccourcissez-le et envoyez-le de nouveau.
page-request-gone = Cette demande n'existe pas (ou plus). Rechargez la page pour voir la liste actuelle.
page-requests-app = Les demandes de licence sont destinées aux personnes : une application ne peut ni en déposer ni en lire.
page-requests-not-decider = Seul un administrateur général, de facturation, de licences ou d'utilisateurs peut approuver ou refuser des demandes ; rien n'a été modifié.
page-purchases-intro = Ce que les vitrines ont enregistré pour votre organisation, les plus récents d'abord : essais commencés, achats effectués, essais convertis et abonnements résiliés.
page-purchases-user = Utilisateur
page-purchases-kind = Quoi
page-purchases-quantity = Quantité
page-purchases-setting = Paramètre à ce moment
page-purchases-empty = Aucun achat ni essai ne correspond.
page-purchases-bad-filter = Un filtre n'a pas pu être lu : le produit doit être un identifiant de produit (comme CFQ7TTC0LH18). Corrigez-le et réessayez.
page-purchase-trialStarted = Essai commencé
page-purchase-purchaseMade = Achat effectué
page-purchase-trialConverted = Essai converti
page-purchase-subscriptionCancelled = Abonnement résilié
page-noaccess-request = Demander une licence pour un produit
