//! Output: `--output table|json|csv`.
//!
//! - table: the module's columns, headers in the user's language, for people;
//! - json: the service's objects as they came (camelCase), a list as an array: stable for scripts;
//! - csv: a header row of the module's property names (what `Export-Csv` wrote), then the rows.
//!
//! Policy values, ids and product names are never translated: they are data.
//!
//! [`table`] is shared with the operator's commands; the rest is the client's.

#[cfg(feature = "client")]
mod csv;
#[cfg(feature = "client")]
pub(crate) mod json;
#[cfg(feature = "client")]
pub(crate) mod policies;
pub(crate) mod table;
#[cfg(feature = "client")]
pub(crate) mod whoami;

#[cfg(feature = "client")]
pub(crate) use csv::csv;
#[cfg(feature = "client")]
pub(crate) use json::json;
#[cfg(feature = "client")]
pub(crate) use table::key_values;
pub(crate) use table::table;

#[cfg(feature = "client")]
use crate::client::{args::OutputFormat, exit::Exit};

/// A command's result in every output format: printed alone for one tenant, gathered into the
/// report for many (`client::tenants`).
#[cfg(feature = "client")]
#[derive(Debug, Clone, Default)]
pub(crate) struct Section {
    /// For people (headers in the user's language).
    pub(crate) table: String,
    /// For scripts: pretty JSON.
    pub(crate) json: String,
    pub(crate) csv_headers: Vec<String>,
    pub(crate) csv_rows: Vec<Vec<String>>,
    /// One line for the summary of a many-tenant run ("25 products", "in sync").
    pub(crate) summary: String,
    /// Not a failure, yet not plain success: drift.
    pub(crate) exit: Option<Exit>,
}

#[cfg(feature = "client")]
impl Section {
    pub(crate) fn render(&self, format: OutputFormat) -> String {
        match format {
            OutputFormat::Table => self.table.clone(),
            OutputFormat::Json => self.json.clone(),
            OutputFormat::Csv => {
                let headers: Vec<&str> = self.csv_headers.iter().map(String::as_str).collect();
                csv(&headers, &self.csv_rows)
            }
        }
    }
}
