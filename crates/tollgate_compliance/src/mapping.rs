//! From rules and findings to controls, through CWE ids and tags only.

use crate::catalog::{catalogs, Catalog, Control};
use std::collections::{BTreeMap, BTreeSet};
use tollgate_core::{RuleMeta, ScanReport};

/// `framework:control`, e.g. `pci-dss-4.0.1:8.6.2`.
pub fn control_ref(catalog: &Catalog, control: &Control) -> String {
    format!("{}:{}", catalog.id, control.id)
}

/// An index from CWE ids and tags to control references.
pub struct Mapper {
    by_cwe: BTreeMap<u32, BTreeSet<String>>,
    by_tag: BTreeMap<String, BTreeSet<String>>,
}

impl Default for Mapper {
    fn default() -> Self {
        Self::new()
    }
}

impl Mapper {
    pub fn new() -> Mapper {
        let mut by_cwe: BTreeMap<u32, BTreeSet<String>> = BTreeMap::new();
        let mut by_tag: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for cat in catalogs() {
            for ctl in &cat.controls {
                let r = control_ref(cat, ctl);
                for c in &ctl.cwe {
                    by_cwe.entry(*c).or_default().insert(r.clone());
                }
                for t in &ctl.tags {
                    by_tag.entry(t.clone()).or_default().insert(r.clone());
                }
            }
        }
        Mapper { by_cwe, by_tag }
    }

    /// Controls that CWE ids and tags give evidence for, sorted.
    pub fn controls_for(&self, cwe: &[u32], tags: &[String]) -> Vec<String> {
        let mut out = BTreeSet::new();
        for c in cwe {
            if let Some(s) = self.by_cwe.get(c) {
                out.extend(s.iter().cloned());
            }
        }
        for t in tags {
            if let Some(s) = self.by_tag.get(t) {
                out.extend(s.iter().cloned());
            }
        }
        out.into_iter().collect()
    }

    pub fn rule_controls(&self, rule: &RuleMeta) -> Vec<String> {
        self.controls_for(&rule.cwe, &rule.tags)
    }

    /// Attach controls to every finding of a report.
    pub fn attach(&self, report: &mut ScanReport) {
        for f in &mut report.findings {
            f.controls = self.controls_for(&f.cwe, &f.tags);
        }
    }

    /// For each control of a catalog, the rules that cover it.
    pub fn coverage<'a>(
        &self,
        catalog: &Catalog,
        rules: &'a [RuleMeta],
    ) -> BTreeMap<String, Vec<&'a RuleMeta>> {
        let mut out: BTreeMap<String, Vec<&RuleMeta>> = catalog
            .controls
            .iter()
            .map(|c| (c.id.clone(), Vec::new()))
            .collect();
        for r in rules {
            for reference in self.rule_controls(r) {
                if let Some(id) = reference.strip_prefix(&format!("{}:", catalog.id)) {
                    if let Some(v) = out.get_mut(id) {
                        v.push(r);
                    }
                }
            }
        }
        out
    }
}
