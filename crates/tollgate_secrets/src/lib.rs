//! Secrets detection for Tollgate: a catalogue of credential rules, a keyword-driven
//! engine, base64 decoding, inline suppressions and git-history scanning.

pub mod decode;
pub mod engine;
pub mod filter;
pub mod history;
pub mod rule;
pub mod rules;
pub mod scanner;
pub mod suppress;

pub use engine::{Detection, Engine};
pub use rule::SecretRule;
pub use scanner::{SecretsError, SecretsScanner};
