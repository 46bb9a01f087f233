//! NuGet versions: `Major.Minor.Patch[.Revision][-prerelease][+metadata]`; missing parts
//! are zero (`1.0` = `1.0.0.0`); pre-release labels compare case-insensitively, numeric
//! labels numerically, and a release outranks its pre-releases.

use std::cmp::Ordering;

fn parse(v: &str) -> Option<([u64; 4], Vec<String>)> {
    let v = v.trim().split('+').next()?;
    let (core, pre) = match v.split_once('-') {
        Some((c, p)) => (c, p.split('.').map(|s| s.to_ascii_lowercase()).collect()),
        None => (v, Vec::new()),
    };
    let mut nums = [0u64; 4];
    let parts: Vec<&str> = core.split('.').collect();
    if parts.is_empty() || parts.len() > 4 {
        return None;
    }
    for (i, p) in parts.iter().enumerate() {
        nums[i] = p.parse().ok()?;
    }
    Some((nums, pre))
}

pub fn compare(a: &str, b: &str) -> Option<Ordering> {
    let ((na, pa), (nb, pb)) = (parse(a)?, parse(b)?);
    Some(
        na.cmp(&nb)
            .then_with(|| match (pa.is_empty(), pb.is_empty()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => {
                    for (x, y) in pa.iter().zip(&pb) {
                        let c = match (x.parse::<u64>(), y.parse::<u64>()) {
                            (Ok(i), Ok(j)) => i.cmp(&j),
                            (Ok(_), Err(_)) => Ordering::Less,
                            (Err(_), Ok(_)) => Ordering::Greater,
                            _ => x.cmp(y),
                        };
                        if c != Ordering::Equal {
                            return c;
                        }
                    }
                    pa.len().cmp(&pb.len())
                }
            }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nuget_order() {
        for (a, b) in [
            ("1.0.0-alpha", "1.0.0-beta"),
            ("1.0.0-beta.2", "1.0.0-beta.10"),
            ("1.0.0-rc.1", "1.0.0"),
            ("1.0.0", "1.0.0.1"),
            ("12.0.1", "13.0.1"),
        ] {
            assert_eq!(compare(a, b), Some(Ordering::Less), "{a} < {b}");
        }
        assert_eq!(compare("1.0", "1.0.0.0"), Some(Ordering::Equal));
        assert_eq!(compare("1.0.0-RC1", "1.0.0-rc1"), Some(Ordering::Equal));
        assert_eq!(compare("1.0.0+build", "1.0.0"), Some(Ordering::Equal));
        assert_eq!(compare("1.x", "1.0"), None);
    }
}
