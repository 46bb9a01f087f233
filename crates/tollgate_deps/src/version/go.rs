//! Go module versions: SemVer with a `v` prefix, `+incompatible` for pre-module major
//! versions, and pseudo-versions (`v0.0.0-20180924202107-a9c061deec0f`) naming a commit.
//! OSV's Go ranges write versions without the `v`.

use super::semver::Version;

pub fn parse(v: &str) -> Option<Version> {
    let v = v.strip_prefix('v').unwrap_or(v);
    Version::parse(v.strip_suffix("+incompatible").unwrap_or(v))
}

/// A pseudo-version: a commit, not a release. It sorts as a pre-release of its base, so it
/// compares below the release that may already contain a fix.
pub fn is_pseudo(v: &str) -> bool {
    let v = v.strip_suffix("+incompatible").unwrap_or(v);
    let Some((_, tail)) = v.rsplit_once('-') else {
        return false;
    };
    let Some(stamp_part) = v[..v.len() - tail.len() - 1].rsplit(['-', '.']).next() else {
        return false;
    };
    tail.len() == 12
        && tail.bytes().all(|b| b.is_ascii_hexdigit())
        && stamp_part.len() == 14
        && stamp_part.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_versions() {
        assert!(parse("v1.2.3").unwrap() < parse("1.2.4").unwrap());
        assert_eq!(parse("v2.0.0+incompatible"), parse("2.0.0"));
        let pseudo = "v0.0.0-20180924202107-a9c061deec0f";
        assert!(
            is_pseudo(pseudo)
                && is_pseudo("v1.2.4-0.20191109021931-daa7c04131f5")
                && is_pseudo("v17.3.0-rc.1.0.20200310142122-a1b2c3d4e5f6+incompatible")
        );
        assert!(!is_pseudo("v1.2.3") && !is_pseudo("v1.2.3-rc.1"));
        // The documented trap: a pseudo-version sorts below every release.
        assert!(parse(pseudo).unwrap() < parse("0.0.1").unwrap());
        assert!(parse("1.18.0-0").unwrap() < parse("v1.18.0").unwrap());
    }
}
