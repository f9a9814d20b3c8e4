//! Message catalogs of mscommerce, in [Fluent](https://projectfluent.org/), and the rules that pick
//! the language.
//!
//! The catalogs are embedded in the binary (`include_str!`), one directory per locale under
//! `locales/`. en-US is the reference: every other locale has exactly its messages, attributes and
//! placeables (a unit test enforces it), and any message a locale cannot format falls back to en-US.
//!
//! The crate knows nothing about the CLI: the service's web pages use it too.

use std::borrow::Cow;
use std::fmt;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentError, FluentResource};
use unic_langid::LanguageIdentifier;

mod resolve;

pub use fluent_bundle::{FluentArgs, FluentValue};
pub use resolve::{LANGUAGE_ENV_VARS, negotiate, resolve_language};

/// The language every message exists in, and the one used when nothing else matches.
pub const FALLBACK: &str = "en-US";

/// One shipped locale: its BCP 47 tag, its name in its own language, and its FTL sources.
#[derive(Debug, Clone, Copy)]
pub struct Catalog {
    pub tag: &'static str,
    pub native_name: &'static str,
    pub sources: &'static [(&'static str, &'static str)],
}

macro_rules! catalog {
    ($tag:literal, $name:literal) => {
        Catalog {
            tag: $tag,
            native_name: $name,
            sources: &[
                (
                    "cli.ftl",
                    include_str!(concat!("../locales/", $tag, "/cli.ftl")),
                ),
                (
                    "common.ftl",
                    include_str!(concat!("../locales/", $tag, "/common.ftl")),
                ),
                (
                    "web.ftl",
                    include_str!(concat!("../locales/", $tag, "/web.ftl")),
                ),
                (
                    "help.ftl",
                    include_str!(concat!("../locales/", $tag, "/help.ftl")),
                ),
            ],
        }
    };
}

/// The shipped locales, en-US first.
pub const CATALOGS: &[Catalog] = &[
    catalog!("en-US", "English (United States)"),
    catalog!("zh-TW", "中文（台灣）"),
    catalog!("fr-FR", "Français (France)"),
    catalog!("nl-NL", "Nederlands (Nederland)"),
    catalog!("de-DE", "Deutsch (Deutschland)"),
];

/// The tags of the shipped locales.
pub fn supported_languages() -> impl Iterator<Item = &'static str> {
    CATALOGS.iter().map(|c| c.tag)
}

type Bundle = FluentBundle<FluentResource>;

/// Formats messages in one language, falling back to en-US message by message.
pub struct Localizer {
    tag: &'static str,
    /// `None` when the language is en-US itself.
    primary: Option<Bundle>,
    fallback: Bundle,
}

impl fmt::Debug for Localizer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Localizer")
            .field("language", &self.tag)
            .finish()
    }
}

impl Default for Localizer {
    fn default() -> Self {
        Localizer::new(FALLBACK)
    }
}

impl Localizer {
    /// A localizer for `language`, negotiated against the shipped locales (`fr-CA` gets fr-FR,
    /// `zh-Hant` zh-TW, anything unknown en-US).
    pub fn new(language: &str) -> Localizer {
        let tag = negotiate(language);
        let fallback = build_bundle(catalog(FALLBACK));
        let primary = (tag != FALLBACK).then(|| build_bundle(catalog(tag)));
        Localizer {
            tag,
            primary,
            fallback,
        }
    }

    /// The tag of the locale in use (one of [`supported_languages`]).
    /// The localizer of `language` (negotiated as by [`Localizer::new`]), built once per
    /// process and shared: for request paths, where building the bundles (parsing every
    /// catalog) would cost more than the request itself.
    pub fn shared(language: &str) -> &'static Localizer {
        static ALL: std::sync::OnceLock<Vec<Localizer>> = std::sync::OnceLock::new();
        let all = ALL.get_or_init(|| CATALOGS.iter().map(|c| Localizer::new(c.tag)).collect());
        if let Some(l) = all.iter().find(|l| l.tag == language) {
            return l;
        }
        let tag = negotiate(language);
        all.iter()
            .find(|l| l.tag == tag)
            .or_else(|| all.iter().find(|l| l.tag == FALLBACK))
            .unwrap_or(&all[0])
    }

    pub fn language(&self) -> &'static str {
        self.tag
    }

    /// Whether the message exists (in this language or in en-US).
    pub fn has(&self, id: &str) -> bool {
        self.fallback.has_message(id) || self.primary.as_ref().is_some_and(|b| b.has_message(id))
    }

    /// The message `id` without arguments.
    pub fn t(&self, id: &str) -> String {
        self.format(id, None, None)
    }

    /// The message `id` with arguments.
    pub fn t_args(&self, id: &str, args: &FluentArgs<'_>) -> String {
        self.format(id, None, Some(args))
    }

    /// The attribute `attr` of message `id` (`id.attr` in FTL).
    pub fn t_attr(&self, id: &str, attr: &str) -> String {
        self.format(id, Some(attr), None)
    }

    /// The attribute `attr` of message `id` with arguments.
    pub fn t_attr_args(&self, id: &str, attr: &str, args: &FluentArgs<'_>) -> String {
        self.format(id, Some(attr), Some(args))
    }

    fn format(&self, id: &str, attr: Option<&str>, args: Option<&FluentArgs<'_>>) -> String {
        if let Some((text, true)) = self
            .primary
            .as_ref()
            .and_then(|b| format_in(b, id, attr, args))
        {
            return text;
        }
        match format_in(&self.fallback, id, attr, args) {
            Some((text, _)) => text,
            // A message missing everywhere is a bug the catalog test catches; show its id
            // rather than failing the user's command.
            None => match attr {
                Some(a) => format!("{id}.{a}"),
                None => id.to_owned(),
            },
        }
    }
}

/// Formats one message or attribute: `None` when it is missing, otherwise the text and whether it
/// formatted cleanly (no unknown variable, no missing term), so the caller can fall back to en-US.
fn format_in(
    bundle: &Bundle,
    id: &str,
    attr: Option<&str>,
    args: Option<&FluentArgs<'_>>,
) -> Option<(String, bool)> {
    let message = bundle.get_message(id)?;
    let pattern = match attr {
        Some(a) => message.get_attribute(a)?.value(),
        None => message.value()?,
    };
    let mut errors: Vec<FluentError> = Vec::new();
    let text: Cow<'_, str> = bundle.format_pattern(pattern, args, &mut errors);
    Some((text.into_owned(), errors.is_empty()))
}

fn catalog(tag: &str) -> &'static Catalog {
    CATALOGS
        .iter()
        .find(|c| c.tag == tag)
        .unwrap_or(&CATALOGS[0])
}

fn build_bundle(catalog: &Catalog) -> Bundle {
    let langid: LanguageIdentifier = catalog.tag.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![langid]);
    // Terminals and log files do not render the U+2068/U+2069 isolation marks.
    bundle.set_use_isolating(false);
    for (_, source) in catalog.sources {
        // A resource with syntax errors keeps the entries that parsed; the catalog test fails
        // on any error, so this only matters for a broken build.
        let resource = match FluentResource::try_new((*source).to_owned()) {
            Ok(r) => r,
            Err((r, _)) => r,
        };
        // Duplicate ids are refused by the bundle and caught by the catalog test.
        let _ = bundle.add_resource(resource);
    }
    bundle
}

#[cfg(test)]
mod tests;
