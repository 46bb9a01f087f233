//! Semantic Versioning 2.0.0 precedence (crates.io, npm).

use std::cmp::Ordering;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Ident {
    Num(u64),
    Alpha(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
    pre: Vec<Ident>,
}

impl Version {
    /// Parse `1.2.3`, `1.2.3-rc.1`, `1.2.3+build` (build metadata is ignored for
    /// precedence); a leading `v` or `=` is accepted.
    pub fn parse(s: &str) -> Option<Version> {
        let s = s.trim().trim_start_matches(['v', '=']);
        let s = s.split('+').next()?;
        let (core, pre) = match s.split_once('-') {
            Some((c, p)) => (c, Some(p)),
            None => (s, None),
        };
        let mut parts = core.split('.');
        let num = |p: Option<&str>| -> Option<u64> {
            let p = p?;
            if p.is_empty()
                || !p.bytes().all(|b| b.is_ascii_digit())
                || (p.len() > 1 && p.starts_with('0'))
            {
                return None;
            }
            p.parse().ok()
        };
        let (major, minor, patch) = (num(parts.next())?, num(parts.next())?, num(parts.next())?);
        if parts.next().is_some() {
            return None;
        }
        let pre = match pre {
            None => Vec::new(),
            Some(p) => p
                .split('.')
                .map(|id| {
                    if id.is_empty() {
                        None
                    } else if id.bytes().all(|b| b.is_ascii_digit()) {
                        id.parse().ok().map(Ident::Num)
                    } else if id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
                        Some(Ident::Alpha(id.to_string()))
                    } else {
                        None
                    }
                })
                .collect::<Option<Vec<_>>>()?,
        };
        Some(Version {
            major,
            minor,
            patch,
            pre,
        })
    }

    pub fn is_prerelease(&self) -> bool {
        !self.pre.is_empty()
    }
}

impl Ord for Version {
    fn cmp(&self, o: &Self) -> Ordering {
        (self.major, self.minor, self.patch)
            .cmp(&(o.major, o.minor, o.patch))
            .then_with(|| {
                match (self.pre.is_empty(), o.pre.is_empty()) {
                    (true, true) => Ordering::Equal,
                    (true, false) => Ordering::Greater, // a release outranks its pre-releases
                    (false, true) => Ordering::Less,
                    (false, false) => {
                        for (a, b) in self.pre.iter().zip(&o.pre) {
                            let c = match (a, b) {
                                (Ident::Num(x), Ident::Num(y)) => x.cmp(y),
                                (Ident::Num(_), Ident::Alpha(_)) => Ordering::Less,
                                (Ident::Alpha(_), Ident::Num(_)) => Ordering::Greater,
                                (Ident::Alpha(x), Ident::Alpha(y)) => x.cmp(y),
                            };
                            if c != Ordering::Equal {
                                return c;
                            }
                        }
                        self.pre.len().cmp(&o.pre.len())
                    }
                }
            })
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precedence_of_the_specification() {
        // SemVer 2.0.0 section 11's example chain.
        let chain = [
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "2.0.0",
            "2.1.0",
            "2.1.1",
        ];
        for w in chain.windows(2) {
            assert!(
                Version::parse(w[0]).unwrap() < Version::parse(w[1]).unwrap(),
                "{} < {}",
                w[0],
                w[1]
            );
        }
        assert_eq!(Version::parse("1.0.0+build.5"), Version::parse("1.0.0"));
        assert!(Version::parse("0.0.0-0").unwrap() < Version::parse("0.0.0").unwrap());
        for bad in [
            "1.0",
            "1.0.0.0",
            "01.0.0",
            "1.0.0-",
            "1.0.0-a..b",
            "x.y.z",
            "",
        ] {
            assert!(Version::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn ordering_is_total_and_consistent() {
        // Property: for random versions, the order is antisymmetric and transitive.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let pre = [
            "", "-alpha", "-alpha.1", "-beta", "-rc.1", "-rc.2", "-0", "-1.a",
        ];
        let vs: Vec<Version> = (0..300)
            .map(|_| {
                Version::parse(&format!(
                    "{}.{}.{}{}",
                    next(3),
                    next(3),
                    next(3),
                    pre[next(8) as usize]
                ))
                .unwrap()
            })
            .collect();
        for a in &vs {
            for b in &vs {
                assert_eq!(a.cmp(b), b.cmp(a).reverse());
                for c in vs.iter().take(40) {
                    if a <= b && b <= c {
                        assert!(a <= c);
                    }
                }
            }
        }
    }
}
