//! The control catalogs, compiled into the binary from `catalogs/*.toml`.

use serde::Deserialize;
use std::sync::OnceLock;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Control {
    pub id: String,
    pub title: String,
    /// What the control asks for, in one line of our own words.
    pub meaning: String,
    #[serde(default)]
    pub cwe: Vec<u32>,
    #[serde(default)]
    pub tags: Vec<String>,
}

impl Control {
    /// An identifier safe for OSCAL `control-id` tokens (`8.6.2` → `req-8.6.2`,
    /// `IA-5(7)` → `ia-5.7`, `Art. 5(1)(f)` → `art-5.1.f`).
    pub fn oscal_id(&self) -> String {
        let mut s = String::new();
        for c in self.id.to_lowercase().replace(". ", " ").chars() {
            match c {
                '(' => s.push('.'),
                ')' => {}
                ' ' => s.push('-'),
                c if c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_' => s.push(c),
                _ => {}
            }
        }
        let s = s
            .replace(".-", "-")
            .replace("..", ".")
            .trim_matches(['.', '-'])
            .to_string();
        if s.starts_with(|c: char| c.is_ascii_alphabetic()) {
            s
        } else {
            format!("req-{s}")
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    pub id: String,
    pub name: String,
    pub version: String,
    pub publisher: String,
    pub description: String,
    #[serde(rename = "control")]
    pub controls: Vec<Control>,
}

impl Catalog {
    pub fn control(&self, id: &str) -> Option<&Control> {
        self.controls.iter().find(|c| c.id == id)
    }

    /// `PCI DSS 4.0.1`.
    pub fn title(&self) -> String {
        format!("{} {}", self.name, self.version)
    }
}

const SOURCES: &[(&str, &str)] = &[
    (
        "pci-dss-4.0.1.toml",
        include_str!("../catalogs/pci-dss-4.0.1.toml"),
    ),
    ("sox-itgc.toml", include_str!("../catalogs/sox-itgc.toml")),
    ("gdpr.toml", include_str!("../catalogs/gdpr.toml")),
    ("psd2-rts.toml", include_str!("../catalogs/psd2-rts.toml")),
    ("dora.toml", include_str!("../catalogs/dora.toml")),
    (
        "nist-800-53-r5.toml",
        include_str!("../catalogs/nist-800-53-r5.toml"),
    ),
    (
        "iso-27001-2022.toml",
        include_str!("../catalogs/iso-27001-2022.toml"),
    ),
];

/// All catalogs, parsed once.
pub fn catalogs() -> &'static [Catalog] {
    static ALL: OnceLock<Vec<Catalog>> = OnceLock::new();
    ALL.get_or_init(|| {
        SOURCES
            .iter()
            .map(|(name, text)| {
                toml::from_str(text).unwrap_or_else(|e| panic!("built-in catalog {name}: {e}"))
            })
            .collect()
    })
}

/// A catalog by id (`pci-dss-4.0.1`), also accepting a few common spellings.
pub fn find(id: &str) -> Option<&'static Catalog> {
    let want = id.to_ascii_lowercase();
    let alias = match want.as_str() {
        "pci" | "pci-dss" | "pci-dss-4" | "pci-dss-4.0" => "pci-dss-4.0.1",
        "nist" | "nist-800-53" | "800-53" => "nist-800-53-r5",
        "sox" => "sox-itgc",
        "psd2" => "psd2-rts",
        "iso" | "iso-27001" | "iso27001" => "iso-27001-2022",
        other => other,
    };
    catalogs().iter().find(|c| c.id == alias)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn catalogs_load_and_ids_are_unique() {
        assert_eq!(catalogs().len(), 7);
        for c in catalogs() {
            let mut ids = BTreeSet::new();
            let mut oscal = BTreeSet::new();
            for ctl in &c.controls {
                assert!(ids.insert(&ctl.id), "{}: duplicate {}", c.id, ctl.id);
                let o = ctl.oscal_id();
                assert!(o.chars().next().unwrap().is_ascii_alphabetic(), "{o}");
                assert!(oscal.insert(o.clone()), "{}: duplicate OSCAL id {o}", c.id);
                assert!(!ctl.meaning.is_empty());
                assert!(
                    !ctl.cwe.is_empty() || !ctl.tags.is_empty(),
                    "{}: {} maps to nothing",
                    c.id,
                    ctl.id
                );
            }
        }
        assert_eq!(find("PCI").unwrap().id, "pci-dss-4.0.1");
        assert!(find("hipaa").is_none());
    }

    #[test]
    fn oscal_ids() {
        let c = |id: &str| {
            Control {
                id: id.into(),
                title: String::new(),
                meaning: String::new(),
                cwe: vec![],
                tags: vec![],
            }
            .oscal_id()
        };
        assert_eq!(c("8.6.2"), "req-8.6.2");
        assert_eq!(c("IA-5(7)"), "ia-5.7");
        assert_eq!(c("Art. 5(1)(f)"), "art-5.1.f");
        assert_eq!(c("RTS Art. 6"), "rts-art-6");
        assert_eq!(c("A.8.28"), "a.8.28");
    }
}
