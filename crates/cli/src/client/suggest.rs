//! "Did you mean": the closest products (or offer types) to what the user typed, by id or by
//! name, so a 404 comes with something to try.

/// How alike `wanted` is to an id and a name, from 0 to 1.
fn score(wanted: &str, id: &str, name: &str) -> f64 {
    let w = wanted.trim().to_lowercase();
    if w.is_empty() {
        return 0.0;
    }
    let id_l = id.to_lowercase();
    let name_l = name.to_lowercase();
    // Ids are typed or pasted: a typo or a swapped pair of characters.
    let by_id = strsim::normalized_damerau_levenshtein(&w, &id_l);
    // Names are remembered: a part of one (the larger the part, the better), or a misspelling.
    let by_name = if name_l.contains(&w) {
        0.8 + 0.2 * (w.chars().count() as f64 / name_l.chars().count().max(1) as f64)
    } else if w.len() >= 3 && id_l.contains(&w) {
        0.8 + 0.2 * (w.len() as f64 / id_l.len().max(1) as f64)
    } else {
        strsim::jaro_winkler(&w, &name_l).max(strsim::normalized_levenshtein(&w, &name_l))
    };
    by_id.max(by_name)
}

/// Up to `n` candidates `(id, name)` alike enough to `wanted`, best first (ties by id).
pub(crate) fn closest(
    wanted: &str,
    candidates: &[(String, String)],
    n: usize,
) -> Vec<(String, String)> {
    const THRESHOLD: f64 = 0.6;
    let mut scored: Vec<(f64, &(String, String))> = candidates
        .iter()
        .map(|c| (score(wanted, &c.0, &c.1), c))
        .filter(|(s, _)| *s >= THRESHOLD)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.0.cmp(&b.1.0)));
    scored.into_iter().take(n).map(|(_, c)| c.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Vec<(String, String)> {
        [
            ("CFQ7TTC0H9MP", "Power BI Pro"),
            ("CFQ7TTC0H6RP", "Power BI Premium (standalone)"),
            ("CFQ7TTC0LH2H", "Power Apps per user"),
            ("CFQ7TTC0LH3L", "Power Automate per user"),
            ("CFQ7TTC0HD33", "Visio Plan 1"),
            ("CFQ7TTC0HD32", "Visio Plan 2"),
            ("CFQ7TTC0MM8R", "Microsoft 365 Copilot"),
        ]
        .into_iter()
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
        .collect()
    }

    #[test]
    fn a_typo_in_an_id_finds_the_product() {
        let c = closest("CFQ7TTC0H9MX", &catalog(), 3);
        assert_eq!(c[0].0, "CFQ7TTC0H9MP");
        let c = closest("cfq7ttc0h9pm", &catalog(), 3);
        assert_eq!(c[0].0, "CFQ7TTC0H9MP", "swapped characters, any case");
    }

    #[test]
    fn a_name_finds_the_product() {
        let c = closest("Copilot", &catalog(), 3);
        assert_eq!(c[0].1, "Microsoft 365 Copilot");
        let c = closest("visio", &catalog(), 3);
        assert_eq!(
            c.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(),
            ["CFQ7TTC0HD32", "CFQ7TTC0HD33"]
        );
        let c = closest("Power BI Pr", &catalog(), 1);
        assert_eq!(c[0].0, "CFQ7TTC0H9MP");
    }

    #[test]
    fn nonsense_finds_nothing_and_n_is_respected() {
        assert!(closest("zzzzzzzzzz", &catalog(), 3).is_empty());
        assert!(closest("", &catalog(), 3).is_empty());
        assert!(closest("CFQ7TTC0", &catalog(), 2).len() <= 2);
    }
}
