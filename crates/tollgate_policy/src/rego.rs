//! Custom gates in Rego (the Open Policy Agent language), evaluated by regorus over the
//! whole JSON report. A policy declares `package tollgate.gate` and sets of messages:
//! `deny` fails the gate, `warn` warns.
//!
//! ```rego
//! package tollgate.gate
//! deny contains msg if {
//!     some f in input.findings
//!     f.rule_id == "secrets/stripe-secret-key"
//!     msg := sprintf("live Stripe key in %s", [f.location.path])
//! }
//! ```

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum RegoError {
    #[error("{path}: {message}")]
    Load { path: PathBuf, message: String },
    #[error("evaluating {rule}: {message}")]
    Eval { rule: String, message: String },
}

/// Loaded policies.
pub struct RegoGate {
    engine: regorus::Engine,
    pub files: Vec<PathBuf>,
}

impl RegoGate {
    /// Load policy files; a directory contributes every `.rego` file in it, sorted.
    pub fn load(paths: &[PathBuf]) -> Result<RegoGate, RegoError> {
        let mut files = Vec::new();
        for p in paths {
            if p.is_dir() {
                let mut in_dir: Vec<PathBuf> = std::fs::read_dir(p)
                    .map_err(|e| RegoError::Load {
                        path: p.clone(),
                        message: e.to_string(),
                    })?
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|f| f.extension().is_some_and(|x| x == "rego"))
                    .collect();
                in_dir.sort();
                files.extend(in_dir);
            } else {
                files.push(p.clone());
            }
        }
        let mut engine = regorus::Engine::new();
        for f in &files {
            let text = std::fs::read_to_string(f).map_err(|e| RegoError::Load {
                path: f.clone(),
                message: format!("cannot read: {e}"),
            })?;
            engine
                .add_policy(f.display().to_string(), text)
                .map_err(|e| RegoError::Load {
                    path: f.clone(),
                    message: e.to_string(),
                })?;
        }
        Ok(RegoGate { engine, files })
    }

    /// (deny, warn) messages for a report given as JSON.
    pub fn evaluate(&mut self, report_json: &str) -> Result<(Vec<String>, Vec<String>), RegoError> {
        self.engine
            .set_input_json(report_json)
            .map_err(|e| RegoError::Eval {
                rule: "input".into(),
                message: e.to_string(),
            })?;
        let deny = self.messages("data.tollgate.gate.deny")?;
        let warn = self.messages("data.tollgate.gate.warn")?;
        Ok((deny, warn))
    }

    fn messages(&mut self, rule: &str) -> Result<Vec<String>, RegoError> {
        let v = self
            .engine
            .eval_rule(rule.to_string())
            .map_err(|e| RegoError::Eval {
                rule: rule.into(),
                message: e.to_string(),
            })?;
        let json = v.to_json_str().map_err(|e| RegoError::Eval {
            rule: rule.into(),
            message: e.to_string(),
        })?;
        let parsed: serde_json::Value =
            serde_json::from_str(&json).unwrap_or(serde_json::Value::Null);
        let mut out: Vec<String> = match parsed {
            serde_json::Value::Array(items) => items
                .into_iter()
                .map(|i| {
                    i.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| i.to_string())
                })
                .collect(),
            serde_json::Value::String(s) => vec![s],
            serde_json::Value::Bool(true) => vec![format!("{rule} is true")],
            _ => Vec::new(), // undefined or empty: no messages
        };
        out.sort();
        out.dedup();
        Ok(out)
    }
}

/// Resolve configured policy paths relative to the configuration's directory.
pub fn resolve(base: &Path, paths: &[String]) -> Vec<PathBuf> {
    paths.iter().map(|p| base.join(p)).collect()
}
