//! Compliance: control catalogs as data files, the mapping from rules (through CWE ids
//! and tags) to controls, and evidence reports per framework. Rules never name controls,
//! so adding a framework touches no rule.

pub mod catalog;
pub mod evidence;
pub mod html;
pub mod mapping;
pub mod markdown;
pub mod oscal;

pub use catalog::{catalogs, Catalog, Control};
pub use evidence::{Evidence, Status};
pub use mapping::Mapper;

/// Version of the catalog set, recorded in generated documents.
pub fn catalog_version() -> &'static str {
    concat!("tollgate-catalogs-", env!("CARGO_PKG_VERSION"))
}
