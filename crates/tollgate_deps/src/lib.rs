//! Software composition analysis: dependency lockfiles, exact version semantics per
//! ecosystem, an offline store of OSV advisories that loads in milliseconds, and matching
//! that follows the OSV specification.

pub mod config;
pub mod cvss;
pub mod ecosystem;
pub mod fetch;
pub mod license;
pub mod lockfile;
pub mod manifest;
pub mod matcher;
pub mod osv;
pub mod sbom;
pub mod scanner;
pub mod store;
pub mod version;
pub mod vex;

pub use config::DepsConfig;
pub use ecosystem::Ecosystem;
pub use lockfile::Package;
pub use scanner::{DepsScanner, Mode};
pub use store::Store;
