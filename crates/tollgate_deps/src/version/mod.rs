//! Version orderings per ecosystem. A version that does not parse never matches a range
//! (it is reported, not guessed at).

pub mod go;
pub mod maven;
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
        _ => None,
    }
}

/// Whether matching is implemented for an ecosystem's version scheme.
pub fn supported(eco: Ecosystem) -> bool {
    matches!(
        eco,
        Ecosystem::CratesIo | Ecosystem::Npm | Ecosystem::Go | Ecosystem::PyPI
    )
}
