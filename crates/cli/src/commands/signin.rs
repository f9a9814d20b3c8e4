//! `connect`, `disconnect`, `whoami`.

use std::io::IsTerminal as _;

use mscommerce_client::cache::{
    AppCredentialSource, DEFAULT_PROFILE, Profile, SignInMode, validate_profile_name,
};
use mscommerce_client::cert::ClientCertificate;
use mscommerce_client::claims::decode_unverified;
use mscommerce_client::endpoint::{
    DEFAULT_ENDPOINT, DEFAULT_TENANT, Endpoints, Speaks, display, validate_tenant,
};
use mscommerce_client::error::CredentialError;
use mscommerce_client::oauth::browser::BrowserPages;
use mscommerce_client::oauth::{AppCredential, Tokens, app_scope, user_scope};
use mscommerce_client::session::{CLIENT_SECRET_ENV, read_secret_file};
use mscommerce_client::{ClientError, ExposeSecret, SecretString};
use mscommerce_i18n::Localizer;
use mscommerce_proto::{PUBLIC_CLIENT_ID, roles};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::client::args::{ConnectArgs, ProfileAction, TokenArg};
use crate::client::context::{Ctx, read_stdin_line};
use crate::client::errors::{Failure, explain_client};
use crate::client::exit::Exit;
use crate::client::{emit, note};
use crate::render::whoami::{NamedRole, WhoAmI};
use crate::render::{self};
use crate::text::{ConnectHint, t};

fn absolute(p: &std::path::Path) -> std::path::PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_owned())
}

/// The password for `--username`: from stdin with `--password-stdin` (scripts), else asked for
/// on the terminal with echo off, as `az login -u` and `ssh` do. Typed into a terminal, a
/// password read "from stdin" would be shown on the screen, so that combination is refused.
fn read_password(l: &Localizer, username: &str, from_stdin: bool) -> Result<SecretString, Failure> {
    let stdin_is_terminal = std::io::stdin().is_terminal();
    if from_stdin {
        if stdin_is_terminal {
            return Err(Failure::local(
                Exit::Usage,
                l,
                "error-password-stdin-terminal",
                &[],
            ));
        }
        return read_stdin_line(l);
    }
    let term = console::Term::stderr();
    if !stdin_is_terminal || !term.is_term() {
        return Err(Failure::local(
            Exit::Usage,
            l,
            "error-password-no-terminal",
            &[],
        ));
    }
    let unreadable = |e: std::io::Error| {
        Failure::local(Exit::Usage, l, "error-stdin", &[("message", e.to_string())])
    };
    // Fluent trims a message's trailing space; the answer is typed after one.
    let prompt = t(
        l,
        "connect-password-prompt",
        &[("upn", username.to_owned())],
    );
    term.write_str(&format!("{prompt} ")).map_err(unreadable)?;
    term.read_secure_line()
        .map(SecretString::from)
        .map_err(unreadable)
}

/// How long `connect --browser` waits for the browser to come back.
const BROWSER_WAIT: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// Opens `url` in the user's browser: `$BROWSER` when set (as xdg-open, git and Python do), else
/// the platform's opener. Whether it could be started; the address is printed either way.
fn open_browser(url: &str) -> bool {
    let mut command = match std::env::var_os("BROWSER").filter(|b| !b.is_empty()) {
        Some(browser) => std::process::Command::new(browser),
        None if cfg!(target_os = "macos") => std::process::Command::new("open"),
        None if cfg!(windows) => {
            let mut c = std::process::Command::new("rundll32");
            c.arg("url.dll,FileProtocolHandler");
            c
        }
        None => std::process::Command::new("xdg-open"),
    };
    let started = command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    match started {
        Ok(mut child) => {
            // Reaped on a thread: an opener may outlive the sign-in.
            std::thread::spawn(move || child.wait());
            true
        }
        Err(_) => false,
    }
}

/// The page the browser shows when it comes back to the CLI: one sentence, in the user's
/// language (our own text; escaped all the same).
fn browser_page(l: &Localizer, id: &str) -> String {
    let text = l
        .t(id)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        "<!doctype html><html lang=\"{}\"><meta charset=\"utf-8\"><title>mscommerce</title><p style=\"font:1.2em system-ui,sans-serif;margin:3em\">{text}</p></html>",
        l.language()
    )
}

pub(crate) async fn connect(ctx: &Ctx, args: &ConnectArgs) -> Result<(), Failure> {
    let network_trouble = std::cell::Cell::new(false);
    let result = sign_in(ctx, args, &network_trouble).await;
    match result {
        Err(failure) if network_trouble.get() => Err(with_scheme_hint(ctx, args, failure).await),
        other => other,
    }
}

/// After a network failure at sign-in: `https` to a plain HTTP port (or `http` to a TLS one) is
/// the usual cause on a self-hosted service, and the port itself can tell which.
async fn with_scheme_hint(ctx: &Ctx, args: &ConnectArgs, failure: Failure) -> Failure {
    let endpoints = Endpoints::resolve(ctx.global.endpoint.as_deref(), args.authority.as_deref());
    let Ok(endpoints) = endpoints else {
        return failure;
    };
    let url = &endpoints.authority;
    let speaks = mscommerce_client::endpoint::probe_scheme(url).await;
    let (id, scheme) = match (url.scheme(), speaks) {
        ("https", Some(Speaks::Http)) => ("hint-speaks-http", "http"),
        ("http", Some(Speaks::Tls)) => ("hint-speaks-https", "https"),
        _ => return failure,
    };
    let mut fixed = endpoints.api.clone();
    if fixed.set_scheme(scheme).is_err() {
        return failure;
    }
    failure.detail(t(&ctx.l, id, &[("endpoint", display(&fixed).to_owned())]))
}

async fn sign_in(
    ctx: &Ctx,
    args: &ConnectArgs,
    network_trouble: &std::cell::Cell<bool>,
) -> Result<(), Failure> {
    let l = &ctx.l;
    let endpoints = Endpoints::resolve(ctx.global.endpoint.as_deref(), args.authority.as_deref())
        .map_err(|e| explain_client(ctx, e.into(), None))?;
    let is_app = args.client_id.is_some();
    let tenant = match &args.tenant {
        Some(t) => validate_tenant(t).map_err(|e| explain_client(ctx, e.into(), None))?,
        None if is_app => {
            return Err(Failure::local(
                Exit::Usage,
                l,
                "error-app-needs-tenant",
                &[],
            ));
        }
        None => DEFAULT_TENANT.to_owned(),
    };
    let profile_name = ctx
        .global
        .profile
        .clone()
        .unwrap_or_else(|| DEFAULT_PROFILE.to_owned());
    validate_profile_name(&profile_name).map_err(|e| explain_client(ctx, e.into(), None))?;
    let hint = ConnectHint {
        endpoint: Some(display(&endpoints.api).to_owned()),
        tenant: Some(tenant.clone()),
        profile: Some(profile_name.clone()),
        app: None,
    };
    let fail = |e: ClientError| {
        if matches!(e, ClientError::Transport { .. }) {
            network_trouble.set(true);
        }
        explain_client(ctx, e, Some(hint.clone()))
    };
    let sessions = ctx.sessions()?;
    let signin = &sessions.signin;
    let token_url = endpoints.token_url(&tenant).map_err(|e| fail(e.into()))?;

    let (mode, client_id, scope, source, tokens): (
        SignInMode,
        String,
        String,
        Option<AppCredentialSource>,
        Tokens,
    ) = if let Some(client_id) = &args.client_id {
        let scope = app_scope();
        if let Some(cert_path) = &args.certificate {
            let cert = ClientCertificate::load(cert_path, args.certificate_key.as_deref())
                .map_err(|e| fail(e.into()))?;
            let tokens = signin
                .client_credentials(
                    &token_url,
                    client_id,
                    AppCredential::Certificate(&cert),
                    &scope,
                )
                .await
                .map_err(fail)?;
            let source = AppCredentialSource::Certificate {
                path: absolute(cert_path),
                key_path: args.certificate_key.as_deref().map(absolute),
            };
            (
                SignInMode::Certificate,
                client_id.clone(),
                scope,
                Some(source),
                tokens,
            )
        } else {
            let (secret, source) = match &args.client_secret_file {
                Some(file) => (
                    read_secret_file(file).map_err(|e| fail(e.into()))?,
                    AppCredentialSource::SecretFile {
                        path: absolute(file),
                    },
                ),
                None => match std::env::var(CLIENT_SECRET_ENV)
                    .ok()
                    .filter(|s| !s.is_empty())
                {
                    Some(s) => (SecretString::from(s), AppCredentialSource::SecretEnv),
                    None => return Err(fail(CredentialError::NoSecret.into())),
                },
            };
            let tokens = signin
                .client_credentials(
                    &token_url,
                    client_id,
                    AppCredential::Secret(&secret),
                    &scope,
                )
                .await
                .map_err(fail)?;
            (
                SignInMode::ClientSecret,
                client_id.clone(),
                scope,
                Some(source),
                tokens,
            )
        }
    } else if let Some(username) = &args.username {
        let password = read_password(l, username, args.password_stdin)?;
        if password.expose_secret().is_empty() {
            let id = if args.password_stdin {
                "error-password-empty"
            } else {
                "error-password-typed-empty"
            };
            return Err(Failure::local(Exit::Usage, l, id, &[]));
        }
        let scope = user_scope();
        let tokens = signin
            .password(&token_url, PUBLIC_CLIENT_ID, username, &password, &scope)
            .await
            .map_err(fail)?;
        (
            SignInMode::Password,
            PUBLIC_CLIENT_ID.to_owned(),
            scope,
            None,
            tokens,
        )
    } else if args.browser {
        let scope = user_scope();
        let authorize_url = endpoints
            .authorize_url(&tenant)
            .map_err(|e| fail(e.into()))?;
        let sign_in = signin
            .start_browser(&authorize_url, PUBLIC_CLIENT_ID, &scope, None)
            .await
            .map_err(fail)?;
        let url = sign_in.url.to_string();
        let id = if open_browser(&url) {
            "connect-browser-opened"
        } else {
            "connect-browser-open"
        };
        note(&t(l, id, &[("url", url)]));
        let pages = BrowserPages {
            done: browser_page(l, "connect-browser-page-done"),
            failed: browser_page(l, "connect-browser-page-failed"),
        };
        let tokens = signin
            .finish_browser(
                &token_url,
                PUBLIC_CLIENT_ID,
                &scope,
                sign_in,
                &pages,
                BROWSER_WAIT,
            )
            .await
            .map_err(fail)?;
        (
            SignInMode::Browser,
            PUBLIC_CLIENT_ID.to_owned(),
            scope,
            None,
            tokens,
        )
    } else {
        // The default sign-in needs a person to read the code: without a terminal (a script, a
        // CI job) it would only wait out the code's 15 minutes, unless asked for by name.
        if !args.device_code && !std::io::stdin().is_terminal() && !std::io::stderr().is_terminal()
        {
            return Err(Failure::local(
                Exit::Usage,
                l,
                "error-device-code-no-terminal",
                &[],
            ));
        }
        let scope = user_scope();
        let device_url = endpoints
            .device_code_url(&tenant)
            .map_err(|e| fail(e.into()))?;
        let authorization = signin
            .start_device_code(&device_url, PUBLIC_CLIENT_ID, &scope)
            .await
            .map_err(fail)?;
        note(&t(
            l,
            "connect-device-code",
            &[
                ("url", authorization.verification_uri.clone()),
                ("code", authorization.user_code.clone()),
                ("minutes", authorization.expires_in.div_ceil(60).to_string()),
            ],
        ));
        let tokens = signin
            .poll_device_code(&token_url, PUBLIC_CLIENT_ID, &authorization)
            .await
            .map_err(fail)?;
        (
            SignInMode::DeviceCode,
            PUBLIC_CLIENT_ID.to_owned(),
            scope,
            None,
            tokens,
        )
    };

    let claims = decode_unverified(tokens.access_token.expose_secret()).unwrap_or_default();
    let account = if mode.is_app() {
        claims
            .app_id()
            .map(str::to_owned)
            .or_else(|| Some(client_id.clone()))
    } else {
        claims
            .account()
            .map(str::to_owned)
            .or_else(|| args.username.clone())
    };
    let profile = Profile {
        endpoint: display(&endpoints.api).to_owned(),
        authority: display(&endpoints.authority).to_owned(),
        tenant: tenant.clone(),
        tenant_id: claims.tid.clone(),
        client_id,
        mode,
        account: account.clone(),
        app_credential: source,
        access_token: tokens.access_token,
        refresh_token: tokens.refresh_token,
        expires_at: tokens.expires_at,
        scope,
    };
    let replaced = sessions
        .save_sign_in(&profile_name, profile)
        .map_err(|e| explain_client(ctx, e, Some(hint.clone())))?;
    if replaced {
        note(&t(
            l,
            "connect-cache-replaced",
            &[("path", sessions.cache.path().display().to_string())],
        ));
    }
    let tenant_shown = if tenant == DEFAULT_TENANT {
        claims.tid.unwrap_or(tenant)
    } else {
        tenant
    };
    let id = if mode.is_app() {
        "connect-done-app"
    } else {
        "connect-done-user"
    };
    emit(&t(
        l,
        id,
        &[
            ("account", account.unwrap_or_else(|| "?".to_owned())),
            ("tenant", tenant_shown),
            ("profile", profile_name),
        ],
    ));
    Ok(())
}

pub(crate) fn disconnect(ctx: &Ctx, all: bool) -> Result<(), Failure> {
    let sessions = ctx.sessions()?;
    match sessions.disconnect(ctx.global.profile.as_deref(), all) {
        Ok(removed) if removed.is_empty() => note(&ctx.l.t("disconnect-nothing")),
        Ok(removed) => emit(&t(
            &ctx.l,
            "disconnect-done",
            &[("profiles", crate::text::join(&ctx.l, &removed))],
        )),
        Err(ClientError::NotConnected { .. }) => note(&ctx.l.t("disconnect-nothing")),
        Err(e) => return Err(explain_client(ctx, e, None)),
    }
    Ok(())
}

fn rfc3339(unix: i64) -> Option<String> {
    OffsetDateTime::from_unix_timestamp(unix)
        .ok()?
        .format(&Rfc3339)
        .ok()
}

pub(crate) fn whoami(ctx: &Ctx) -> Result<(), Failure> {
    let now = ctx.clock.now().unix_timestamp();
    let view = if let Some(TokenArg(token)) = &ctx.global.token {
        let token = if token.expose_secret() == "-" {
            read_stdin_line(&ctx.l)?
        } else {
            token.clone()
        };
        let claims = decode_unverified(token.expose_secret())
            .ok_or_else(|| Failure::local(Exit::Usage, &ctx.l, "error-token-not-jwt", &[]))?;
        let app = claims.is_app();
        WhoAmI {
            profile: None,
            endpoint: ctx
                .global
                .endpoint
                .clone()
                .unwrap_or_else(|| DEFAULT_ENDPOINT.to_owned()),
            kind: if app { "app" } else { "user" }.to_owned(),
            sign_in: None,
            account: claims.account().map(str::to_owned),
            app_id: claims.app_id().map(str::to_owned),
            tenant: None,
            tenant_id: claims.tid.clone(),
            roles: named_roles(&claims.wids),
            permissions: if app {
                claims.roles.clone()
            } else {
                Vec::new()
            },
            expires_at: claims.exp.and_then(rfc3339),
            expired: claims.exp.is_some_and(|e| e <= now),
            token_cache: None,
        }
    } else {
        let sessions = ctx.sessions()?;
        let active = sessions
            .peek(ctx.global.profile.as_deref())
            .map_err(|e| explain_client(ctx, e, Some(ctx.typed_connect_hint())))?;
        let p = &active.profile;
        let claims = decode_unverified(p.access_token.expose_secret()).unwrap_or_default();
        let app = p.mode.is_app() || claims.is_app();
        let expires = claims.exp.unwrap_or(p.expires_at);
        WhoAmI {
            profile: Some(active.profile_name.clone()),
            endpoint: p.endpoint.clone(),
            kind: if app { "app" } else { "user" }.to_owned(),
            sign_in: serde_json::to_value(p.mode)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned)),
            account: claims
                .account()
                .map(str::to_owned)
                .or_else(|| (!app).then(|| p.account.clone()).flatten()),
            app_id: app.then(|| {
                claims
                    .app_id()
                    .map(str::to_owned)
                    .unwrap_or_else(|| p.client_id.clone())
            }),
            tenant: Some(p.tenant.clone()).filter(|t| t != DEFAULT_TENANT),
            tenant_id: claims.tid.clone().or_else(|| p.tenant_id.clone()),
            roles: named_roles(&claims.wids),
            permissions: if app {
                claims.roles.clone()
            } else {
                Vec::new()
            },
            expires_at: rfc3339(expires),
            expired: expires <= now,
            token_cache: Some(sessions.cache.path().display().to_string()),
        }
    };
    emit(&render::whoami::whoami(&ctx.l, ctx.output(), &view));
    Ok(())
}

fn named_roles(wids: &[String]) -> Vec<NamedRole> {
    wids.iter()
        .map(|id| NamedRole {
            id: id.clone(),
            name: roles::directory_role_name(id).to_owned(),
        })
        .collect()
}

/// `profile list|use|show`: the sign-ins kept side by side. Never prints a token.
pub(crate) fn profile(ctx: &Ctx, action: &ProfileAction) -> Result<(), Failure> {
    let l = &ctx.l;
    let sessions = ctx.sessions()?;
    let fail = |e| explain_client(ctx, e, None);
    let expires = |p: &Profile| rfc3339(p.expires_at).unwrap_or_default();
    let tenant = |p: &Profile| p.tenant_id.clone().unwrap_or_else(|| p.tenant.clone());
    match action {
        ProfileAction::List => {
            let (current, profiles) = sessions.profiles().map_err(fail)?;
            if profiles.is_empty() {
                note(&l.t("profile-none"));
                return Ok(());
            }
            let is_current = |name: &String| current.as_ref() == Some(name);
            let rows: Vec<Vec<String>> = profiles
                .iter()
                .map(|(name, p)| {
                    vec![
                        if is_current(name) { "*" } else { "" }.to_owned(),
                        name.clone(),
                        tenant(p),
                        p.account.clone().unwrap_or_default(),
                        p.endpoint.clone(),
                        expires(p),
                    ]
                })
                .collect();
            let json: Vec<serde_json::Value> = profiles
                .iter()
                .map(|(name, p)| {
                    serde_json::json!({
                        "profile": name, "current": is_current(name), "tenant": tenant(p),
                        "account": p.account, "endpoint": p.endpoint, "tokenExpires": expires(p),
                    })
                })
                .collect();
            let mut headers: Vec<String> = [
                "profile-current",
                "whoami-profile",
                "whoami-tenant",
                "whoami-account",
                "whoami-endpoint",
                "whoami-expires",
            ]
            .iter()
            .map(|k| l.t(k))
            .collect();
            let section = render::Section {
                table: render::table::table(headers.clone(), rows.clone()),
                json: serde_json::to_string_pretty(&json).unwrap_or_default(),
                csv_headers: std::mem::take(&mut headers),
                csv_rows: rows,
                ..render::Section::default()
            };
            emit(&section.render(ctx.output()));
        }
        ProfileAction::Use { name } => {
            sessions.use_profile(name).map_err(fail)?;
            emit(&t(l, "profile-now-current", &[("profile", name.clone())]));
        }
        ProfileAction::Show { name } => {
            let (current, profiles) = sessions.profiles().map_err(fail)?;
            let chosen = name.clone().or(current.clone());
            let Some((name, p)) = chosen
                .as_ref()
                .and_then(|n| profiles.get(n).map(|p| (n.clone(), p)))
            else {
                return Err(fail(ClientError::NotConnected {
                    profile: chosen.unwrap_or_else(|| DEFAULT_PROFILE.to_owned()),
                    known: profiles.keys().cloned().collect(),
                }));
            };
            let cache = sessions.cache.path().display().to_string();
            let fields = [
                ("whoami-profile", name.clone()),
                (
                    "profile-current",
                    (current.as_ref() == Some(&name)).to_string(),
                ),
                ("whoami-tenant", tenant(p)),
                ("whoami-account", p.account.clone().unwrap_or_default()),
                ("whoami-app", p.client_id.clone()),
                ("whoami-endpoint", p.endpoint.clone()),
                ("profile-authority", p.authority.clone()),
                ("whoami-expires", expires(p)),
                ("profile-cache", cache),
            ];
            match ctx.output() {
                crate::client::args::OutputFormat::Json => {
                    let keys = [
                        "profile",
                        "current",
                        "tenant",
                        "account",
                        "clientId",
                        "endpoint",
                        "authority",
                        "tokenExpires",
                        "cacheFile",
                    ];
                    let object: serde_json::Map<String, serde_json::Value> = keys
                        .iter()
                        .zip(&fields)
                        .map(|(k, (_, v))| ((*k).to_owned(), serde_json::json!(v)))
                        .collect();
                    emit(&serde_json::to_string_pretty(&object).unwrap_or_default());
                }
                _ => emit(&render::table::key_values(
                    fields.into_iter().map(|(k, v)| (l.t(k), v)).collect(),
                )),
            }
        }
    }
    Ok(())
}
