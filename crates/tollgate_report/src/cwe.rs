//! Names of the CWE weaknesses Tollgate's rules refer to, for SARIF taxonomies and docs.

/// The official short name of a CWE id, where Tollgate knows it.
pub fn name(id: u32) -> Option<&'static str> {
    Some(match id {
        259 => "Use of Hard-coded Password",
        321 => "Use of Hard-coded Cryptographic Key",
        798 => "Use of Hard-coded Credentials",
        _ => return None,
    })
}
