//! Tables for people, the same for the client's and the operator's commands.

use comfy_table::{
    CellAlignment, ColumnConstraint, ContentArrangement, ContentLineStyle, LineStyle, Table,
    TableStyle,
};

/// A table like PowerShell's Format-Table: headers, a dashed line, rows, no borders.
pub(crate) fn table(headers: Vec<String>, rows: Vec<Vec<String>>) -> String {
    let mut t = Table::new();
    t.load_style(
        TableStyle::new()
            .header_lines(ContentLineStyle::none().junction(' '))
            .header_separator(LineStyle::none().fill('-').junction(' '))
            .content_lines(ContentLineStyle::none().junction(' ')),
    )
    .set_content_arrangement(ContentArrangement::Disabled)
    .set_header(headers)
    .add_rows(rows);
    for column in t.column_iter_mut() {
        column.set_padding((0, 0));
        column.set_cell_alignment(CellAlignment::Left);
        column.set_constraint(ColumnConstraint::ContentWidth);
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
