//! `tollgate rules`: the rule reference, generated from rule metadata.

use crate::cli::{RulesAction, RulesArgs};
use crate::EXIT_PASS;
use anyhow::Result;
use tollgate_engine::rules;

pub fn run(args: RulesArgs) -> Result<u8> {
    match args.action {
        Some(RulesAction::Explain { id }) => {
            let custom = if args.policies.is_empty() {
                Vec::new()
            } else {
                tollgate_policy::iac::PolicySet::load(
                    &args.policies,
                    tollgate_policy::rego::Sandbox::CurrentExe,
                )?
                .resources
                .map(|p| p.rules())
                .unwrap_or_default()
            };
            let rule = match custom.into_iter().find(|r| r.id.is_named(&id)) {
                Some(r) => r,
                None => rules::find(&id)?,
            };
            println!("{}", rules::explain(&rule));
        }
        None => print!("{}", rules::listing(&args.format)?),
    }
    Ok(EXIT_PASS)
}
