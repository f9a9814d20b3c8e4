## Page de connexion par code de l'appareil (/devicelogin).

device-title = Se connecter à mscommerce
device-intro = Saisissez le code affiché par le programme qui vous demande de vous connecter, puis votre compte et votre mot de passe.
device-code-label = Code
device-username-label = Compte (utilisateur@domaine)
device-password-label = Mot de passe
device-sign-in = Se connecter
device-decline = Refuser
device-hint = Ne continuez que si vous avez lancé cette connexion vous-même. Ne saisissez jamais un code que quelqu'un vous a envoyé.
device-approved = Vous êtes connecté en tant que { $user }. Le programme qui l'a demandé peut continuer.
device-declined = La connexion a été refusée. Le programme qui l'a demandée en sera informé.
device-close-window = Vous pouvez fermer cette fenêtre.
device-bad-credentials = { $attempts ->
    [one] Le compte ou le mot de passe est incorrect. Il vous reste une tentative.
   *[other] Le compte ou le mot de passe est incorrect. Il vous reste { $attempts } tentatives.
}
device-too-many-attempts = Trop de mots de passe erronés : ce code n'est plus utilisable. Relancez la connexion pour obtenir un nouveau code.
device-wrong-tenant = Ce code est destiné à l'annuaire { $tenant }. Connectez-vous avec un compte de cet annuaire.
device-account-disabled = Ce compte est désactivé. Adressez-vous à votre administrateur.
device-unknown-code = Ce code n'est pas valide : il est peut-être mal saisi, expiré ou déjà utilisé. Vérifiez-le, ou relancez la connexion pour obtenir un nouveau code.
device-unavailable = Le service de connexion ne peut pas répondre pour l'instant. Réessayez dans un instant.
device-idp-off = Ce service n'a pas de connexion intégrée ; connectez-vous avec le fournisseur d'identité de votre organisation.
