//! CSV for scripts: a header row of the module's property names (what `Export-Csv` wrote), then
//! the rows.

/// RFC 4180 CSV with the `csv` crate: a field is quoted when it holds a comma, a quote or a line
/// break; lines end with `\n`, the last one without.
pub(crate) fn csv(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let written = w
        .write_record(headers)
        .and_then(|()| rows.iter().try_for_each(|r| w.write_record(r)));
    // Writing to memory cannot fail, and every field is UTF-8 already.
    match (written, w.into_inner()) {
        (Ok(()), Ok(bytes)) => String::from_utf8_lossy(&bytes)
            .trim_end_matches('\n')
            .to_owned(),
        _ => String::new(),
    }
}
