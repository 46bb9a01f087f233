//! Software composition analysis: dependency lockfiles, exact version semantics per
//! ecosystem, an offline store of OSV advisories that loads in milliseconds, and matching
//! that follows the OSV specification.

pub mod cvss;
pub mod ecosystem;
pub mod fetch;
pub mod license;
pub mod lockfile;
pub mod matcher;
pub mod osv;
pub mod sbom;
pub mod scanner;
pub mod store;
pub mod version;
pub mod vex;

pub use ecosystem::Ecosystem;
pub use lockfile::Package;
pub use scanner::DepsScanner;
pub use store::Store;
