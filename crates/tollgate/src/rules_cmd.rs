//! `tollgate rules`: the rule reference, generated from rule metadata.

use crate::cli::{RulesAction, RulesArgs};
use crate::EXIT_PASS;
use anyhow::Result;
use tollgate_engine::rules;

pub fn run(args: RulesArgs) -> Result<u8> {
    match args.action {
        Some(RulesAction::Explain { id }) => println!("{}", rules::explain(&rules::find(&id)?)),
        None => print!("{}", rules::listing(&args.format)?),
    }
    Ok(EXIT_PASS)
}
