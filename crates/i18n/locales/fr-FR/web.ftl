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
device-wrong-tenant = Ce compte n'appartient pas au locataire { $tenant } pour lequel la connexion a été lancée.
device-account-disabled = Ce compte est désactivé.
device-unknown-code = Ce code est inconnu ou a expiré. Recommencez avec mscommerce connect.
device-unavailable = La connexion est indisponible pour le moment. Réessayez dans un instant.
device-idp-off = Le fournisseur d'identité intégré est désactivé sur ce service.
device-prompt = Ce code connecte { $app } à l'annuaire { $tenant }. Ne continuez que si vous l'avez lancé vous-même.
