//! JSON for scripts: the service's objects as they came (camelCase), a list as an array, pretty.

use serde::Serialize;

pub(crate) fn json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// The JSON of a read: one object, or the list.
pub(crate) fn items_json<T: Serialize>(items: &[T], single: bool) -> String {
    if single {
        items.first().map(json).unwrap_or_default()
    } else {
        json(items)
    }
}

/// Indents every line of `text` but the first by `n` spaces (nesting pretty JSON).
pub(crate) fn indent(text: &str, n: usize) -> String {
    text.replace('\n', &format!("\n{}", " ".repeat(n)))
}

pub(crate) fn json_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
}

/// A JSON array of pre-rendered values.
pub(crate) fn json_array(items: &[String]) -> String {
    if items.is_empty() {
        return "[]".to_owned();
    }
    let inner: Vec<String> = items
        .iter()
        .map(|i| format!("  {}", indent(i, 2)))
        .collect();
    format!("[\n{}\n]", inner.join(",\n"))
}
