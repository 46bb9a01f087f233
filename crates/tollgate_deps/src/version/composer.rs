//! Composer versions, compared as Composer compares them after normalising: numeric parts
//! (up to four; `v` prefix dropped), then stability `dev` < `alpha` < `beta` < `RC` < stable
//! < `patch` (`pl`, `p`), each with an optional number. Branch versions (`dev-main`) have no
//! order and never match.

use std::cmp::Ordering;

fn parse(v: &str) -> Option<([u64; 4], u8, u64)> {
    let v = v.trim().trim_start_matches(['v', 'V']).to_ascii_lowercase();
    if v.starts_with("dev-") || v.ends_with("-dev") && !v.contains('.') {
        return None;
    }
    let split = v
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(v.len());
    let (core, suffix) = v.split_at(split);
    let core = core.trim_end_matches('.');
    let parts: Vec<&str> = core.split('.').collect();
    if core.is_empty() || parts.len() > 4 {
        return None;
    }
    let mut nums = [0u64; 4];
    for (i, p) in parts.iter().enumerate() {
        nums[i] = p.parse().ok()?;
    }
    let s = suffix.trim_start_matches(['-', '_', '.', '+']);
    let (rank, rest) = if s.is_empty() {
        (4, "")
    } else if let Some(r) = s.strip_prefix("dev") {
        (0, r)
    } else if let Some(r) = s.strip_prefix("alpha").or_else(|| s.strip_prefix('a')) {
        (1, r)
    } else if let Some(r) = s.strip_prefix("beta").or_else(|| s.strip_prefix('b')) {
        (2, r)
    } else if let Some(r) = s.strip_prefix("rc") {
        (3, r)
    } else if let Some(r) = s
        .strip_prefix("patch")
        .or_else(|| s.strip_prefix("pl"))
        .or_else(|| s.strip_prefix('p'))
    {
        (5, r)
    } else {
        return None;
    };
    let rest = rest.trim_start_matches(['-', '_', '.']);
    let n = if rest.is_empty() {
        0
    } else {
        rest.parse().ok()?
    };
    Some((nums, rank, n))
}

pub fn compare(a: &str, b: &str) -> Option<Ordering> {
    Some(parse(a)?.cmp(&parse(b)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composer_order() {
        for (a, b) in [
            ("1.0.0-dev", "1.0.0-alpha1"),
            ("1.0.0-alpha1", "1.0.0-beta2"),
            ("1.0.0-beta2", "1.0.0-RC1"),
            ("1.0.0-RC1", "1.0.0"),
            ("1.0.0", "1.0.0-p1"),
            ("v2.9.9", "2.10.0"),
            ("1.2.3", "1.2.3.1"),
        ] {
            assert_eq!(compare(a, b), Some(Ordering::Less), "{a} < {b}");
        }
        assert_eq!(compare("v1.0", "1.0.0.0"), Some(Ordering::Equal));
        assert_eq!(compare("dev-main", "1.0.0"), None);
    }
}
