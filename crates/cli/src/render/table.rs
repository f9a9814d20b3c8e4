//! Tables for people, the same for the client's and the operator's commands.
//!
//! A table fits the terminal it is shown on (PowerShell's Format-Table and gh do the same): free
//! text (names, descriptions, messages) is cut with `…`; tokens people copy (ids, values, account
//! names, times: cells without spaces) are never cut. Written to a pipe or a file, or with
//! `--wide`, every cell is whole.

use std::io::IsTerminal as _;
use std::sync::atomic::{AtomicBool, Ordering};

use comfy_table::{
    CellAlignment, ColumnConstraint, ContentArrangement, ContentLineStyle, LineStyle, Table,
    TableStyle, Width,
};

/// `--wide`: set once by the client before anything is rendered.
static WIDE: AtomicBool = AtomicBool::new(false);

#[cfg(feature = "client")]
pub(crate) fn set_wide(wide: bool) {
    WIDE.store(wide, Ordering::Relaxed);
}

fn wide() -> bool {
    WIDE.load(Ordering::Relaxed)
}

/// The width a table must fit in: `COLUMNS` when it is set (as `ls` honours it), else the
/// terminal's when stdout is one; none for a pipe or a file, or with `--wide`.
fn width_limit() -> Option<u16> {
    if wide() {
        return None;
    }
    if let Some(columns) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok())
        .filter(|&c| c > 0)
    {
        return Some(columns);
    }
    if !std::io::stdout().is_terminal() {
        return None;
    }
    console::Term::stdout()
        .size_checked()
        .map(|(_rows, columns)| columns)
}

/// Leaves out column `index` when every row holds the same value there (the policy id while
/// there is one policy): repeated on every line, it only pushes the rest off the screen. Kept
/// with `--wide`, and always in csv and json.
#[cfg(feature = "client")]
pub(crate) fn without_constant_column(
    index: usize,
    headers: &mut Vec<String>,
    rows: &mut [Vec<String>],
) {
    let constant = rows
        .windows(2)
        .all(|pair| pair[0].get(index) == pair[1].get(index));
    if wide() || !constant || index >= headers.len() {
        return;
    }
    headers.remove(index);
    for row in rows.iter_mut() {
        if index < row.len() {
            row.remove(index);
        }
    }
}

/// A table like PowerShell's Format-Table: headers, a dashed line, rows, no borders; fitted to
/// the terminal (see the module's comment).
pub(crate) fn table(headers: Vec<String>, rows: Vec<Vec<String>>) -> String {
    fit(headers, rows, width_limit())
}

fn fit(headers: Vec<String>, rows: Vec<Vec<String>>, limit: Option<u16>) -> String {
    // Which columns hold free text, the only ones that may be cut.
    let free_text: Vec<bool> = (0..headers.len())
        .map(|i| {
            rows.iter()
                .any(|r| r.get(i).is_some_and(|c| c.contains(char::is_whitespace)))
        })
        .collect();
    let mut t = Table::new();
    t.load_style(
        TableStyle::new()
            .header_lines(ContentLineStyle::none().junction(' '))
            .header_separator(LineStyle::none().fill('-').junction(' '))
            .content_lines(ContentLineStyle::none().junction(' ')),
    )
    .set_header(headers)
    .add_rows(rows);
    t.set_content_arrangement(ContentArrangement::Disabled);
    for column in t.column_iter_mut() {
        column.set_padding((0, 0));
        column.set_cell_alignment(CellAlignment::Left);
        column.set_constraint(ColumnConstraint::ContentWidth);
    }
    let whole = t.trim_fmt();
    let Some(width) = limit else {
        return whole;
    };
    let widest = whole
        .lines()
        .map(console::measure_text_width)
        .max()
        .unwrap_or(0);
    if widest <= usize::from(width) {
        return whole;
    }
    // Too wide: comfy-table shares the width out, the free-text columns give way and their
    // cells are cut to one line.
    t.set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width)
        .set_truncation_indicator("…");
    for row in t.row_iter_mut() {
        row.max_height(1);
    }
    for (column, free) in t.column_iter_mut().zip(free_text) {
        if free {
            // Cut, but not to nothing: a dozen characters still say which row is which.
            column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(12)));
        }
    }
    t.trim_fmt()
}

#[cfg(feature = "client")]
/// Key/value lines for one record (whoami).
pub(crate) fn key_values(rows: Vec<(String, String)>) -> String {
    let mut t = Table::new();
    t.load_style(TableStyle::new().content_lines(ContentLineStyle::none().junction(' ')))
        .set_content_arrangement(ContentArrangement::Disabled)
        .add_rows(rows.into_iter().map(|(k, v)| vec![k, v]));
    for column in t.column_iter_mut() {
        column.set_padding((0, 1));
    }
    t.trim_fmt()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| (*c).to_owned()).collect()
    }

    fn sample() -> (Vec<String>, Vec<Vec<String>>) {
        (
            strings(&["Time (UTC)", "Who", "What", "Change"]),
            vec![
                strings(&[
                    "2026-12-05T09:12:31Z",
                    "admin@contoso.example",
                    "Dynamics 365 Marketing Additional Non-Prod Application (CFQ7TTC0LHWM)",
                    "Enabled→Disabled",
                ]),
                strings(&["2026-12-05T09:12:32Z", "app", "Power BI Pro", "→Enabled"]),
            ],
        )
    }

    #[test]
    fn a_table_fits_the_width_by_cutting_free_text_only() {
        let (headers, rows) = sample();
        for width in [80u16, 100, 120] {
            let text = fit(headers.clone(), rows.clone(), Some(width));
            for line in text.lines() {
                assert!(
                    console::measure_text_width(line) <= usize::from(width),
                    "{width}: {line}"
                );
            }
            assert_eq!(text.lines().count(), 4, "one line per row:\n{text}");
            for token in [
                "2026-12-05T09:12:31Z",
                "admin@contoso.example",
                "Enabled→Disabled",
            ] {
                assert!(text.contains(token), "{width}: {token} was cut:\n{text}");
            }
        }
        let cut = fit(headers, rows, Some(80));
        assert!(cut.contains('…'), "{cut}");
    }

    #[test]
    fn without_a_limit_or_when_it_fits_every_cell_is_whole() {
        let (headers, rows) = sample();
        let whole = fit(headers.clone(), rows.clone(), None);
        assert!(
            whole.contains("Non-Prod Application (CFQ7TTC0LHWM)"),
            "{whole}"
        );
        assert_eq!(fit(headers, rows, Some(500)), whole);
    }

    #[test]
    #[cfg(feature = "client")]
    fn a_constant_column_is_left_out() {
        let mut headers = strings(&["PolicyId", "ProductId"]);
        let mut rows = vec![strings(&["P", "A"]), strings(&["P", "B"])];
        without_constant_column(0, &mut headers, &mut rows);
        assert_eq!(headers, ["ProductId"]);
        assert_eq!(rows, [strings(&["A"]), strings(&["B"])]);
        let mut headers = strings(&["PolicyId", "ProductId"]);
        let mut rows = vec![strings(&["P", "A"]), strings(&["Q", "B"])];
        without_constant_column(0, &mut headers, &mut rows);
        assert_eq!(headers.len(), 2);
    }
}
