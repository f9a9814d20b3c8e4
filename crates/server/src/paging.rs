//! The query of a paged list (`/auditLog`, `/selfServicePurchases`, `/licenseRequests`): each
//! parameter at most once, unknown ones refused with the list of known ones, `since`/`until`
//! (RFC 3339), `top`, and `skipToken`, an opaque cursor that only `nextLink` carries. Each list
//! adds its own filters through a closure.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::api::clip;
use crate::error::ApiFailure;

/// Items per page unless `top` says otherwise, and the most `top` may ask for.
pub(crate) const PAGE: u32 = 100;
pub(crate) const MAX_PAGE: u32 = 1000;

/// The common part of a list's query, checked.
#[derive(Debug)]
pub(crate) struct ListParams {
    pub since: Option<OffsetDateTime>,
    pub until: Option<OffsetDateTime>,
    pub top: u32,
    /// What `skipToken` carried (the value after `kind:`), if given.
    pub cursor: Option<String>,
    /// The filters as given (without `skipToken`), for the next page's link.
    pub echo: Vec<(&'static str, String)>,
}

/// A list's own parameter: `Ok(Some(name))` when `own` took it (its canonical name, echoed in
/// `nextLink`), `Ok(None)` when it is not one of the list's.
pub(crate) type Own<'a> = dyn FnMut(&str, &str) -> Result<Option<&'static str>, ApiFailure> + 'a;

/// Checks `pairs`: `takes` lists every parameter for the error message (`"The audit log
/// takes: ..."`), `cursor_kind` is what this list's cursors are made of (`seq`, `id`).
pub(crate) fn parse(
    pairs: Vec<(String, String)>,
    what: &str,
    takes: &str,
    cursor_kind: &str,
    own: &mut Own<'_>,
) -> Result<ListParams, ApiFailure> {
    let mut p = ListParams {
        since: None,
        until: None,
        top: PAGE,
        cursor: None,
        echo: Vec::new(),
    };
    let mut seen = std::collections::HashSet::new();
    for (name, value) in pairs {
        if !seen.insert(name.clone()) {
            return Err(ApiFailure::bad_request(format!(
                "The query parameter {} is given twice.",
                clip(&name)
            )));
        }
        let name: &'static str = match name.as_str() {
            "since" => {
                p.since = Some(parse_time("since", &value)?);
                "since"
            }
            "until" => {
                p.until = Some(parse_time("until", &value)?);
                "until"
            }
            "top" => {
                p.top = value
                    .parse::<u32>()
                    .ok()
                    .filter(|n| (1..=MAX_PAGE).contains(n))
                    .ok_or_else(|| {
                        ApiFailure::bad_request(format!(
                            "top must be a whole number from 1 to {MAX_PAGE}, not '{}'.",
                            clip(&value)
                        ))
                    })?;
                "top"
            }
            "skipToken" => {
                p.cursor = Some(decode_cursor(cursor_kind, &value).ok_or_else(|| {
                    ApiFailure::bad_request(
                        "skipToken is not one this service made: follow nextLink as it is.",
                    )
                })?);
                continue;
            }
            other => match own(other, &value)? {
                Some(name) => name,
                None => {
                    return Err(ApiFailure::bad_request(format!(
                        "Unknown query parameter '{}'. {what} takes: {takes}.",
                        clip(other)
                    )));
                }
            },
        };
        p.echo.push((name, value));
    }
    if let (Some(since), Some(until)) = (p.since, p.until)
        && since >= until
    {
        return Err(ApiFailure::bad_request("since must be before until."));
    }
    Ok(p)
}

impl ListParams {
    /// The cursor of a list paged by UUIDv7 ids.
    pub(crate) fn uuid_cursor(&self) -> Result<Option<uuid::Uuid>, ApiFailure> {
        self.cursor
            .as_deref()
            .map(|c| {
                uuid::Uuid::parse_str(c).map_err(|_| {
                    ApiFailure::bad_request(
                        "skipToken is not one this service made: follow nextLink as it is.",
                    )
                })
            })
            .transpose()
    }

    /// How many items to read: one more than a page tells whether another page follows,
    /// without a second query.
    pub(crate) fn read_limit(&self) -> u32 {
        self.top + 1
    }

    /// `items` (read with [`ListParams::read_limit`]) cut to the page, and the next page's
    /// link when there is one; `cursor` names an item for `skipToken`.
    pub(crate) fn page<T>(
        &self,
        items: Vec<T>,
        public_url: &str,
        path: &str,
        cursor_kind: &str,
        cursor: impl Fn(&T) -> String,
    ) -> (Vec<T>, Option<String>) {
        let link = Link {
            public_url,
            path,
            echo: &self.echo,
            cursor_kind,
        };
        cut(items, self.top, &link, cursor)
    }
}

/// Where the next page's link points: the list's path and filters, and its kind of cursor.
pub(crate) struct Link<'a> {
    pub(crate) public_url: &'a str,
    pub(crate) path: &'a str,
    pub(crate) echo: &'a [(&'static str, String)],
    pub(crate) cursor_kind: &'a str,
}

/// `items` (read with one more than `top`) cut to `top`, and the next page's link when there
/// is one; `cursor` names an item for `skipToken`.
pub(crate) fn cut<T>(
    mut items: Vec<T>,
    top: u32,
    link: &Link<'_>,
    cursor: impl Fn(&T) -> String,
) -> (Vec<T>, Option<String>) {
    let more = items.len() > top as usize;
    items.truncate(top as usize);
    let next = match (more, items.last()) {
        (true, Some(last)) => Some(next_link(
            link.public_url,
            link.path,
            link.echo,
            link.cursor_kind,
            &cursor(last),
        )),
        _ => None,
    };
    (items, next)
}

pub(crate) fn parse_time(name: &str, v: &str) -> Result<OffsetDateTime, ApiFailure> {
    OffsetDateTime::parse(v, &Rfc3339).map_err(|_| {
        ApiFailure::bad_request(format!(
            "{name} must be an RFC 3339 time such as 2026-11-20T09:00:00Z, not '{}'.",
            clip(v)
        ))
    })
}

/// The link to the page after the one whose last item has cursor `last`: the same filters,
/// and `skipToken`.
pub(crate) fn next_link(
    public_url: &str,
    path: &str,
    echo: &[(&'static str, String)],
    cursor_kind: &str,
    last: &str,
) -> String {
    let mut link = format!("{public_url}{path}?");
    for (name, value) in echo {
        link.push_str(&format!("{name}={}&", form_encode(value)));
    }
    link.push_str(&format!("skipToken={}", encode_cursor(cursor_kind, last)));
    link
}

/// A cursor: opaque to clients (base64url of `kind:value`).
fn encode_cursor(kind: &str, value: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{kind}:{value}"))
}

fn decode_cursor(kind: &str, s: &str) -> Option<String> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s)
        .ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let value = text.strip_prefix(kind)?.strip_prefix(':')?;
    (!value.is_empty()).then(|| value.to_owned())
}

/// The bytes a query value keeps as they are: RFC 3986's unreserved characters.
const QUERY_VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encoding of a query value (every byte but the unreserved ones, so `+`, `&`, `=` and
/// spaces are safe in any form or query parser).
fn form_encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, QUERY_VALUE).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_garbage() {
        for v in ["1", "42", "01938f2e-6b1c-7d3e-8f00-0123456789ab"] {
            assert_eq!(
                decode_cursor("seq", &encode_cursor("seq", v)).as_deref(),
                Some(v)
            );
        }
        // Another list's cursor is not this one's.
        assert_eq!(decode_cursor("id", &encode_cursor("seq", "7")), None);
        for bad in ["", "x", "c2VxOg", "!!!"] {
            assert_eq!(decode_cursor("seq", bad), None, "{bad}");
        }
    }

    #[test]
    fn form_encoding_escapes_what_a_query_cannot_hold() {
        assert_eq!(
            form_encode("admin@contoso.example"),
            "admin%40contoso.example"
        );
        assert_eq!(
            form_encode("2026-11-20T09:00:00+01:00"),
            "2026-11-20T09%3A00%3A00%2B01%3A00"
        );
    }
}
