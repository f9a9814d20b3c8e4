//! Small helpers for messages: Fluent arguments, role names in the user's language, and the
//! exact `mscommerce connect ...` command to suggest.

#[cfg(feature = "client")]
use mscommerce_client::cache::{AppCredentialSource, DEFAULT_PROFILE};
#[cfg(feature = "client")]
use mscommerce_client::endpoint::{DEFAULT_ENDPOINT, DEFAULT_TENANT};
use mscommerce_i18n::{FluentArgs, Localizer};
use mscommerce_proto::roles;

/// Fluent arguments from pairs.
pub(crate) fn args<'a>(pairs: &[(&'a str, String)]) -> FluentArgs<'a> {
    let mut a = FluentArgs::new();
    for (k, v) in pairs {
        a.set(*k, v.clone());
    }
    a
}

/// Formats `id` with `pairs`.
pub(crate) fn t(l: &Localizer, id: &str, pairs: &[(&str, String)]) -> String {
    if pairs.is_empty() {
        l.t(id)
    } else {
        l.t_args(id, &args(pairs))
    }
}

/// Formats `id` with a number `count` (for plural forms) and more pairs.
pub(crate) fn t_count(l: &Localizer, id: &str, count: usize, pairs: &[(&str, String)]) -> String {
    let mut a = args(pairs);
    a.set("count", count);
    l.t_args(id, &a)
}

/// A directory role's name in the user's language (template id in, `fallback` for unknown ids).
pub(crate) fn role_name(l: &Localizer, template_id: &str, fallback: &str) -> String {
    let id = match template_id.to_ascii_lowercase().as_str() {
        roles::GLOBAL_ADMINISTRATOR => "role-global-administrator",
        roles::BILLING_ADMINISTRATOR => "role-billing-administrator",
        roles::GLOBAL_READER => "role-global-reader",
        roles::USER => "role-user",
        _ => return fallback.to_owned(),
    };
    l.t(id)
}

/// Items joined with the language's list separator ("、" in Chinese).
pub(crate) fn join(l: &Localizer, items: &[String]) -> String {
    items.join(&l.t("list-separator"))
}

/// A list for a sentence, or the localized "none".
#[cfg(feature = "client")]
pub(crate) fn list_or_none(l: &Localizer, items: &[String]) -> String {
    if items.is_empty() {
        l.t("list-none")
    } else {
        join(l, items)
    }
}

/// Quotes a word for a POSIX shell when it needs it.
#[cfg(feature = "client")]
pub(crate) fn shell_word(s: &str) -> String {
    let plain = !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:@%+=,".contains(&b));
    if plain {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// What the suggested `connect` command should say.
#[cfg(feature = "client")]
#[derive(Debug, Default, Clone)]
pub(crate) struct ConnectHint {
    /// The service, if not the Microsoft one.
    pub(crate) endpoint: Option<String>,
    pub(crate) tenant: Option<String>,
    /// The profile, if not `default`.
    pub(crate) profile: Option<String>,
    /// For apps: the client id and how it proves itself.
    pub(crate) app: Option<(String, Option<AppCredentialSource>)>,
}

#[cfg(feature = "client")]
impl ConnectHint {
    /// Connect again the way this profile did (same service, tenant, profile, app credential).
    pub(crate) fn for_profile(
        name: &str,
        profile: &mscommerce_client::cache::Profile,
    ) -> ConnectHint {
        ConnectHint {
            endpoint: Some(profile.endpoint.clone()),
            tenant: Some(profile.tenant.clone()),
            profile: Some(name.to_owned()),
            app: profile
                .mode
                .is_app()
                .then(|| (profile.client_id.clone(), profile.app_credential.clone())),
        }
    }

    /// `mscommerce connect --endpoint E --tenant T [--profile P] [app flags]`; defaults left out.
    pub(crate) fn command(&self, l: &Localizer) -> String {
        let mut words = vec!["mscommerce".to_owned(), "connect".to_owned()];
        if let Some(e) = self
            .endpoint
            .as_deref()
            .map(|e| e.trim_end_matches('/'))
            .filter(|e| *e != DEFAULT_ENDPOINT)
        {
            words.extend(["--endpoint".to_owned(), shell_word(e)]);
        }
        match self.tenant.as_deref() {
            Some(t) if t != DEFAULT_TENANT || self.app.is_some() => {
                words.extend(["--tenant".to_owned(), shell_word(t)]);
            }
            Some(_) => {}
            None => words.extend(["--tenant".to_owned(), l.t("placeholder-tenant")]),
        }
        if let Some((client_id, source)) = &self.app {
            words.extend(["--client-id".to_owned(), shell_word(client_id)]);
            match source {
                Some(AppCredentialSource::SecretFile { path }) => {
                    words.extend([
                        "--client-secret-file".to_owned(),
                        shell_word(&path.to_string_lossy()),
                    ]);
                }
                Some(AppCredentialSource::Certificate { path, key_path }) => {
                    words.extend([
                        "--certificate".to_owned(),
                        shell_word(&path.to_string_lossy()),
                    ]);
                    if let Some(k) = key_path {
                        words.extend([
                            "--certificate-key".to_owned(),
                            shell_word(&k.to_string_lossy()),
                        ]);
                    }
                }
                Some(AppCredentialSource::SecretEnv) | None => {}
            }
        }
        if let Some(p) = self.profile.as_deref().filter(|p| *p != DEFAULT_PROFILE) {
            words.extend(["--profile".to_owned(), shell_word(p)]);
        }
        words.join(" ")
    }
}

#[cfg(all(test, feature = "client"))]
mod tests {
    use std::path::PathBuf;

    use super::*;

    #[test]
    fn connect_commands_leave_defaults_out_and_quote_what_needs_it() {
        let l = Localizer::new("en-US");
        let mut h = ConnectHint {
            endpoint: Some("https://licensing.m365.microsoft.com/".into()),
            tenant: Some("contoso.example".into()),
            profile: Some("default".into()),
            app: None,
        };
        assert_eq!(h.command(&l), "mscommerce connect --tenant contoso.example");
        h.endpoint = Some("http://127.0.0.1:8080".into());
        h.profile = Some("msp client".into());
        assert_eq!(
            h.command(&l),
            "mscommerce connect --endpoint http://127.0.0.1:8080 --tenant contoso.example --profile 'msp client'"
        );
        h.profile = None;
        h.app = Some((
            "contoso-reporting".into(),
            Some(AppCredentialSource::Certificate {
                path: PathBuf::from("/k/it's.pem"),
                key_path: None,
            }),
        ));
        assert_eq!(
            h.command(&l),
            "mscommerce connect --endpoint http://127.0.0.1:8080 --tenant contoso.example --client-id contoso-reporting --certificate '/k/it'\\''s.pem'"
        );
        let h = ConnectHint::default();
        assert_eq!(h.command(&l), "mscommerce connect --tenant <tenant>");
    }

    #[test]
    fn role_names_are_localized_and_unknown_ids_pass_through() {
        let zh = Localizer::new("zh-TW");
        assert_ne!(role_name(&zh, roles::GLOBAL_READER, "x"), "Global Reader");
        let en = Localizer::new("en-US");
        assert_eq!(role_name(&en, roles::GLOBAL_READER, "x"), "Global Reader");
        assert_eq!(
            role_name(&en, "00000000-0000-0000-0000-000000000000", "Other"),
            "Other"
        );
    }
}
