//! Why a dynamic test could not run at all. What a run could not test is part of its result
//! ([`crate::DastRun::unchecked`]), never an error that hides the rest.

/// An error of the DAST library. Messages never hold a credential: values from the command
/// line or the target are quoted through [`tollgate_core::redact::quote`].
#[derive(Debug, thiserror::Error)]
pub enum DastError {
    /// The OpenAPI document could not be read or is not one this reader accepts.
    #[error("{file}{}{}: {message}", .line.map(|l| format!(":{l}")).unwrap_or_default(), .pointer.as_ref().map(|p| format!(" (at {p})")).unwrap_or_default())]
    OpenApi {
        file: String,
        /// The JSON pointer of the offending node, when known.
        pointer: Option<String>,
        /// The 1-based line, when known.
        line: Option<u32>,
        message: String,
    },
    /// A bad option: a target URL, an identity, a scope entry.
    #[error("{0}")]
    Usage(String),
    /// Something the target needs that this version does not do.
    #[error("{0}")]
    Unsupported(String),
    #[error("{0}")]
    Io(String),
}

impl DastError {
    pub(crate) fn doc(file: &str, pointer: Option<&str>, message: impl Into<String>) -> DastError {
        DastError::OpenApi {
            file: file.to_string(),
            pointer: pointer.map(str::to_string),
            line: None,
            message: message.into(),
        }
    }
}
