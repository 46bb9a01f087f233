//! RubyGems versions (`Gem::Version`): dot-separated segments, numbers compared as numbers,
//! letters start a pre-release (`1.0.0.rc1` < `1.0.0`); trailing zero segments do not count.

use std::cmp::Ordering;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Seg {
    Num(u64),
    Str(String),
}

fn parse(v: &str) -> Option<Vec<Seg>> {
    let v = v.trim();
    if v.is_empty()
        || !v
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
    {
        return None;
    }
    // "1.0.0-rc1" is spelled "1.0.0.pre.rc1" by RubyGems.
    let v = v.replace('-', ".pre.");
    let mut segs = Vec::new();
    for part in v.split('.') {
        if part.is_empty() {
            return None;
        }
        // "1a" splits into 1 and "a".
        let mut rest = part;
        while !rest.is_empty() {
            let digits = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            if digits > 0 {
                segs.push(Seg::Num(rest[..digits].parse().ok()?));
                rest = &rest[digits..];
            } else {
                let letters = rest
                    .find(|c: char| c.is_ascii_digit())
                    .unwrap_or(rest.len());
                segs.push(Seg::Str(rest[..letters].to_string()));
                rest = &rest[letters..];
            }
        }
    }
    // Drop trailing zeros of the release part (before any letter).
    let first_str = segs
        .iter()
        .position(|s| matches!(s, Seg::Str(_)))
        .unwrap_or(segs.len());
    let mut release: Vec<Seg> = segs[..first_str].to_vec();
    while matches!(release.last(), Some(Seg::Num(0))) && release.len() > 1 {
        release.pop();
    }
    release.extend(segs[first_str..].iter().cloned());
    Some(release)
}

pub fn compare(a: &str, b: &str) -> Option<Ordering> {
    let (a, b) = (parse(a)?, parse(b)?);
    for i in 0..a.len().max(b.len()) {
        let c = match (a.get(i), b.get(i)) {
            (Some(Seg::Num(x)), Some(Seg::Num(y))) => x.cmp(y),
            (Some(Seg::Str(x)), Some(Seg::Str(y))) => x.cmp(y),
            (Some(Seg::Num(_)), Some(Seg::Str(_))) => Ordering::Greater,
            (Some(Seg::Str(_)), Some(Seg::Num(_))) => Ordering::Less,
            (Some(Seg::Num(x)), None) => x.cmp(&0),
            (None, Some(Seg::Num(y))) => 0.cmp(y),
            (Some(Seg::Str(_)), None) => Ordering::Less, // pre-release below the release
            (None, Some(Seg::Str(_))) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        if c != Ordering::Equal {
            return Some(c);
        }
    }
    Some(Ordering::Equal)
}

/// Platform-specific gems are locked as `1.14.1-x86_64-linux`; the version is `1.14.1`.
pub fn strip_platform(v: &str) -> &str {
    match v.find('-') {
        Some(i)
            if v[i + 1..].contains(|c: char| c.is_ascii_alphabetic())
                && [
                    "x86",
                    "x64",
                    "arm",
                    "aarch64",
                    "java",
                    "mingw",
                    "darwin",
                    "linux",
                    "universal",
                    "mswin",
                    "i386",
                    "i686",
                    "ruby",
                ]
                .iter()
                .any(|p| v[i + 1..].starts_with(p)) =>
        {
            &v[..i]
        }
        _ => v,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gem_versions() {
        let lt = |a: &str, b: &str| assert_eq!(compare(a, b), Some(Ordering::Less), "{a} < {b}");
        lt("1.0.0.rc1", "1.0.0");
        lt("1.0.0.a", "1.0.0.b");
        lt("1.9", "1.10");
        lt("1.0.0.pre", "1.0.0");
        lt("2.7.0", "2.7.1");
        assert_eq!(compare("1.0", "1.0.0"), Some(Ordering::Equal));
        assert_eq!(strip_platform("1.14.1-x86_64-linux"), "1.14.1");
        assert_eq!(strip_platform("1.0.0-rc1"), "1.0.0-rc1");
        assert!(parse("1.0 beta").is_none());
    }
}
