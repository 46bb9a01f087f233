//! The gate: the risk tier of the application sets the thresholds; approved exceptions,
//! baselines and changed lines decide which findings count; custom Rego policies add
//! their own reasons; the result is pass, warn or fail, with every reason spelled out.

pub mod decide;
pub mod diff;
pub mod exceptions;
pub mod iac;
pub mod rego;
pub mod tier;

pub use decide::decide;
pub use exceptions::{Exception, ExceptionError};
pub use tier::{Policy, PolicyError};
