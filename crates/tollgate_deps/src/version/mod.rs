//! Version orderings per ecosystem. A version that does not parse never matches a range
//! (it is reported, not guessed at).

pub mod composer;
pub mod go;
pub mod maven;
pub mod nuget;
pub mod pep440;
pub mod ruby;
pub mod semver;

use crate::ecosystem::Ecosystem;
use std::cmp::Ordering;

/// Compare two versions in an ecosystem's own order; `None` when either does not parse.
pub fn compare(eco: Ecosystem, a: &str, b: &str) -> Option<Ordering> {
    match eco {
        Ecosystem::CratesIo | Ecosystem::Npm => {
            Some(semver::Version::parse(a)?.cmp(&semver::Version::parse(b)?))
        }
        Ecosystem::Go => Some(go::parse(a)?.cmp(&go::parse(b)?)),
        Ecosystem::PyPI => Some(pep440::Version::parse(a)?.cmp(&pep440::Version::parse(b)?)),
        Ecosystem::RubyGems => ruby::compare(a, b),
        Ecosystem::Maven => Some(maven::compare(a, b)),
        Ecosystem::NuGet => nuget::compare(a, b),
        Ecosystem::Packagist => composer::compare(a, b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Property: in every ecosystem, the order is antisymmetric and transitive over random
    /// versions built from that ecosystem's own spelling.
    #[test]
    fn every_ordering_is_consistent() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let suffixes: [(Ecosystem, &[&str]); 8] = [
            (
                Ecosystem::CratesIo,
                &["", "-alpha", "-alpha.1", "-beta.2", "-rc.1", "-0"],
            ),
            (Ecosystem::Npm, &["", "-next.0", "-beta", "-rc.10"]),
            (
                Ecosystem::PyPI,
                &[
                    "",
                    "a1",
                    "b2",
                    "rc1",
                    ".post1",
                    ".dev3",
                    "rc1.post2",
                    "+local.1",
                ],
            ),
            (
                Ecosystem::Go,
                &[
                    "",
                    "-rc.1",
                    "-0.20180924202107-a9c061deec0f",
                    "+incompatible",
                ],
            ),
            (
                Ecosystem::Maven,
                &[
                    "",
                    "-alpha-1",
                    "-beta",
                    "-rc1",
                    "-SNAPSHOT",
                    ".RELEASE",
                    "-sp1",
                    "-ga",
                    "-jre",
                ],
            ),
            (Ecosystem::RubyGems, &["", ".rc1", ".pre", ".beta.2", ".1"]),
            (Ecosystem::NuGet, &["", "-alpha", "-beta.2", "-rc.1", ".4"]),
            (
                Ecosystem::Packagist,
                &["", "-dev", "-alpha1", "-beta2", "-RC1", "-p1", ".4"],
            ),
        ];
        for (eco, sufs) in suffixes {
            let prefix = if eco == Ecosystem::Go { "v" } else { "" };
            let vs: Vec<String> = (0..60)
                .map(|_| {
                    format!(
                        "{prefix}{}.{}.{}{}",
                        next(3),
                        next(3),
                        next(3),
                        sufs[next(sufs.len() as u64) as usize]
                    )
                })
                .collect();
            for a in &vs {
                assert!(compare(eco, a, a).is_some(), "{eco}: {a} does not parse");
                for b in &vs {
                    let ab = compare(eco, a, b).unwrap();
                    assert_eq!(
                        ab,
                        compare(eco, b, a).unwrap().reverse(),
                        "{eco}: {a} vs {b}"
                    );
                    for c in vs.iter().take(20) {
                        if ab != Ordering::Greater
                            && compare(eco, b, c).unwrap() != Ordering::Greater
                        {
                            assert_ne!(
                                compare(eco, a, c).unwrap(),
                                Ordering::Greater,
                                "{eco}: {a} <= {b} <= {c}"
                            );
                        }
                    }
                }
            }
        }
    }
}
