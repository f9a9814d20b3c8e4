-- An app may sign users in with the authorization code flow (a web application: the admin page
-- of another deployment, say): the redirect URIs registered for it, compared exactly. A JSON
-- array, empty for apps that only use their own credentials.
ALTER TABLE apps ADD COLUMN redirect_uris TEXT NOT NULL DEFAULT '[]';
