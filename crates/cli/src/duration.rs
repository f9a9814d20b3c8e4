//! Durations as operators type them: `30s`, `15m`, `24h`, `7d`, `2w`. Shared by `audit --since`
//! (an age) and `admin keys rotate --retire-after`.

use time::Duration;

/// `0s`..`100000w`: a whole number and one unit (s, m or min, h, d, w); `None` for anything else.
pub(crate) fn parse_duration(text: &str) -> Option<Duration> {
    let s = text.trim();
    let (number, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit())?);
    let n: i64 = number.parse().ok().filter(|n| *n <= 100_000)?;
    Some(match unit {
        "s" => Duration::seconds(n),
        "m" | "min" => Duration::minutes(n),
        "h" => Duration::hours(n),
        "d" => Duration::days(n),
        "w" => Duration::weeks(n),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_and_a_unit() {
        assert_eq!(parse_duration("0s"), Some(Duration::ZERO));
        assert_eq!(parse_duration("90m"), Some(Duration::minutes(90)));
        assert_eq!(parse_duration(" 2h "), Some(Duration::hours(2)));
        for bad in ["", "h", "5", "-1h", "1.5h", "5 h", "3y", "100001d"] {
            assert_eq!(parse_duration(bad), None, "{bad:?}");
        }
    }
}
