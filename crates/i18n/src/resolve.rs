//! Which language to speak: `--lang`, then `MSCOMMERCE_LANG`, then the POSIX chain for messages
//! (`LC_ALL`, `LC_MESSAGES`, `LANG`), negotiated against the shipped locales, en-US last.

use unic_langid::LanguageIdentifier;

use crate::{CATALOGS, FALLBACK};

/// The environment variables consulted after `--lang`, in order.
pub const LANGUAGE_ENV_VARS: [&str; 4] = ["MSCOMMERCE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"];

/// Picks the language: the first non-empty value among `explicit` (the `--lang` flag) and the
/// variables of [`LANGUAGE_ENV_VARS`] (read through `env`, so tests need no process environment)
/// decides, as in POSIX; it is then negotiated with [`negotiate`]. Nothing set means en-US.
pub fn resolve_language(
    explicit: Option<&str>,
    env: impl Fn(&str) -> Option<String>,
) -> &'static str {
    let explicit = explicit.map(str::to_owned);
    let chosen = explicit
        .into_iter()
        .chain(LANGUAGE_ENV_VARS.iter().filter_map(|name| env(name)))
        .map(|value| value.trim().to_owned())
        .find(|value| !value.is_empty());
    match chosen {
        Some(value) => negotiate(&value),
        None => FALLBACK,
    }
}

/// Maps a POSIX locale name or a BCP 47 tag to a shipped locale.
///
/// - `.codeset` and `@modifier` are dropped (`de_DE.UTF-8@euro` → `de-DE`), `_` becomes `-`;
/// - `C` and `POSIX` (with or without a codeset) are en-US;
/// - Chinese: Traditional (`zh-Hant`, `zh_TW`, `zh_HK`, `zh_MO`) is zh-TW; Simplified is not
///   shipped, so it falls back to en-US rather than to a script its readers did not ask for;
/// - otherwise an exact language-region match, then the first locale of the same language
///   (`fr_CA` → fr-FR, `nl_BE` → nl-NL, `en_GB` → en-US);
/// - anything else, or anything unparsable, is en-US.
pub fn negotiate(requested: &str) -> &'static str {
    // A shipped tag as it is, which is what a server hears most (`Accept-Language: en-US`): no
    // parsing, no allocation.
    if let Some(c) = CATALOGS
        .iter()
        .find(|c| c.tag.eq_ignore_ascii_case(requested.trim()))
    {
        return c.tag;
    }
    let base = requested
        .trim()
        .split(['.', '@'])
        .next()
        .unwrap_or_default()
        .replace('_', "-");
    if base.eq_ignore_ascii_case("C") || base.eq_ignore_ascii_case("POSIX") || base.is_empty() {
        return FALLBACK;
    }
    let Ok(wanted) = base.parse::<LanguageIdentifier>() else {
        return FALLBACK;
    };
    let language = wanted.language.as_str();
    if language == "zh" {
        let traditional = wanted.script.is_some_and(|s| s.as_str() == "Hant")
            || wanted
                .region
                .is_some_and(|r| matches!(r.as_str(), "TW" | "HK" | "MO"));
        return if traditional { "zh-TW" } else { FALLBACK };
    }
    // Parsed once: this runs for every tag of every request's `Accept-Language`.
    static SHIPPED: std::sync::OnceLock<Vec<(&'static str, LanguageIdentifier)>> =
        std::sync::OnceLock::new();
    let shipped = || {
        SHIPPED
            .get_or_init(|| {
                CATALOGS
                    .iter()
                    .filter_map(|c| c.tag.parse().ok().map(|id| (c.tag, id)))
                    .collect()
            })
            .iter()
    };
    if let Some((tag, _)) =
        shipped().find(|(_, id)| id.language == wanted.language && id.region == wanted.region)
    {
        return tag;
    }
    shipped()
        .find(|(_, id)| id.language == wanted.language)
        .map_or(FALLBACK, |(tag, _)| tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    /// A shipped tag, in any case and with blanks around it, is itself (the fast path), and
    /// agrees with what parsing gives for the same locale in POSIX form.
    #[test]
    fn shipped_tags_are_themselves() {
        for tag in crate::supported_languages() {
            assert_eq!(negotiate(tag), tag);
            assert_eq!(negotiate(&format!(" {} ", tag.to_ascii_lowercase())), tag);
            assert_eq!(negotiate(&format!("{}.UTF-8", tag.replace('-', "_"))), tag);
        }
    }

    #[test]
    fn flag_wins_over_every_variable() {
        let vars = [
            ("MSCOMMERCE_LANG", "nl"),
            ("LC_ALL", "fr_FR.UTF-8"),
            ("LANG", "de_DE"),
        ];
        assert_eq!(resolve_language(Some("zh-TW"), env(&vars)), "zh-TW");
    }

    #[test]
    fn variables_in_order_and_empty_ones_skipped() {
        let vars = [
            ("MSCOMMERCE_LANG", ""),
            ("LC_ALL", "  "),
            ("LC_MESSAGES", "nl_NL.UTF-8"),
            ("LANG", "fr_FR.UTF-8"),
        ];
        assert_eq!(resolve_language(None, env(&vars)), "nl-NL");
        assert_eq!(resolve_language(Some(""), env(&vars)), "nl-NL");
        let vars = [("MSCOMMERCE_LANG", "fr"), ("LC_ALL", "nl_NL")];
        assert_eq!(resolve_language(None, env(&vars)), "fr-FR");
        let vars = [("LC_ALL", "de_DE.UTF-8"), ("LC_MESSAGES", "nl_NL")];
        assert_eq!(resolve_language(None, env(&vars)), "de-DE");
        let vars = [("LANG", "fr_BE.ISO-8859-1")];
        assert_eq!(resolve_language(None, env(&vars)), "fr-FR");
    }

    #[test]
    fn nothing_set_or_c_locale_is_english() {
        assert_eq!(resolve_language(None, env(&[])), "en-US");
        assert_eq!(resolve_language(None, env(&[("LANG", "C")])), "en-US");
        assert_eq!(resolve_language(None, env(&[("LANG", "C.UTF-8")])), "en-US");
        assert_eq!(resolve_language(None, env(&[("LC_ALL", "POSIX")])), "en-US");
        // The first non-empty variable decides, as in POSIX: C in LC_ALL hides LANG.
        assert_eq!(
            resolve_language(None, env(&[("LC_ALL", "C"), ("LANG", "fr_FR")])),
            "en-US"
        );
    }

    #[test]
    fn posix_names_are_normalised() {
        assert_eq!(negotiate("de_DE.UTF-8@euro"), "de-DE");
        assert_eq!(negotiate("nl_NL@euro"), "nl-NL");
        assert_eq!(negotiate("fr_FR.utf8"), "fr-FR");
        assert_eq!(negotiate("FR-fr"), "fr-FR");
        assert_eq!(negotiate("en_GB.UTF-8"), "en-US");
        assert_eq!(negotiate("nl_BE"), "nl-NL");
        assert_eq!(negotiate("fr-CA"), "fr-FR");
    }

    #[test]
    fn traditional_chinese_only() {
        for tag in [
            "zh_TW",
            "zh_TW.UTF-8",
            "zh_HK.Big5",
            "zh-Hant",
            "zh-Hant-HK",
            "zh_MO",
            "zh-tw",
        ] {
            assert_eq!(negotiate(tag), "zh-TW", "{tag}");
        }
        for tag in ["zh_CN.UTF-8", "zh-Hans", "zh_SG", "zh"] {
            assert_eq!(negotiate(tag), "en-US", "{tag}");
        }
    }

    #[test]
    fn unknown_or_garbage_falls_back_to_english() {
        for tag in ["ja_JP.UTF-8", "xx", "12", "!!", "../../etc/passwd", "und"] {
            assert_eq!(negotiate(tag), "en-US", "{tag}");
        }
    }
}
