//! Infrastructure as code. Adapters turn each format into one neutral [`model`] of
//! resources; [`rules`] are written against that model, so one rule covers every format
//! a resource can be written in; the [`scanner`] plugs both into the walk.
//!
//! Nothing here reaches the network: remote modules are reported as not followed, never
//! fetched.

pub mod kubernetes;
pub mod model;
pub mod rule;
pub mod rules;
pub mod scanner;
pub mod suppress;
pub mod terraform;
pub mod workflows;
pub mod yaml;

pub use model::{Attr, Lookup, Model, Resource, SourceKind, Span, Value};
pub use rule::{Context, Rule, RuleConfig, RuleDef, Verdict, Violation};
pub use scanner::{IacConfig, IacScanner};
