//! Secrets detection for Tollgate: a catalogue of credential rules, a keyword-driven
//! engine, base64 decoding and inline suppressions.

pub mod config;
pub mod decode;
pub mod engine;
pub mod filter;
mod keywords;
pub mod rule;
pub mod rules;
pub mod scanner;
pub mod sensitive;
pub mod suppress;

pub use config::SecretsConfig;
pub use engine::{Detection, Engine};
pub use rule::SecretRule;
pub use scanner::{SecretsError, SecretsScanner, Seen, ValueSink};
