//! Software bills of materials from the packages of every lockfile in a tree:
//! CycloneDX 1.6 JSON and SPDX 2.3 JSON, with purls, hashes where the lockfile has them
//! and the dependency graph where it is known. Deterministic: sorted, content-derived ids,
//! and the one timestamp follows `SOURCE_DATE_EPOCH`.

use crate::lockfile::Package;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Packages of one lockfile, with the lockfile's path.
pub type Inventory = Vec<(String, Vec<Package>)>;

struct Component<'a> {
    pkg: &'a Package,
    lockfiles: BTreeSet<&'a str>,
    depends_on: BTreeSet<String>,
}

fn components(inv: &Inventory) -> BTreeMap<String, Component<'_>> {
    let mut out: BTreeMap<String, Component> = BTreeMap::new();
    for (path, pkgs) in inv {
        let by_key: BTreeMap<String, String> = pkgs
            .iter()
            .map(|p| (format!("{}@{}", p.name, p.version), p.purl()))
            .collect();
        for p in pkgs {
            let c = out.entry(p.purl()).or_insert_with(|| Component {
                pkg: p,
                lockfiles: BTreeSet::new(),
                depends_on: BTreeSet::new(),
            });
            c.lockfiles.insert(path.as_str());
            for d in &p.dependencies {
                if let Some(purl) = by_key.get(d) {
                    c.depends_on.insert(purl.clone());
                }
            }
        }
    }
    out
}

fn uuid_from(seed: &str) -> String {
    let h = tollgate_core::fingerprint::sha256_hex(seed.as_bytes());
    format!(
        "{}-{}-5{}-8{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}

/// (CycloneDX algorithm, SPDX algorithm, hex) of a package's checksum.
fn hash(p: &Package) -> Option<(&'static str, &'static str, &str)> {
    let (alg, hex) = p.checksum.as_deref()?.split_once(':')?;
    let (cdx, spdx) = match alg {
        "sha256" => ("SHA-256", "SHA256"),
        "sha384" => ("SHA-384", "SHA384"),
        "sha512" => ("SHA-512", "SHA512"),
        "sha1" => ("SHA-1", "SHA1"),
        _ => return None,
    };
    Some((cdx, spdx, hex))
}

/// CycloneDX 1.6 JSON.
pub fn cyclonedx(root_name: &str, inv: &Inventory, timestamp: &str) -> String {
    let comps = components(inv);
    let seed: Vec<&str> = comps.keys().map(String::as_str).collect();
    let list: Vec<Value> = comps
        .iter()
        .map(|(purl, c)| {
            let mut v = json!({
                "type": "library",
                "bom-ref": purl,
                "name": c.pkg.name,
                "version": c.pkg.version,
                "purl": purl,
                "scope": if c.pkg.dev == Some(true) { "optional" } else { "required" },
                "properties": c.lockfiles.iter().map(|l| json!({"name": "tollgate:lockfile", "value": l})).collect::<Vec<_>>(),
            });
            if let Some((alg, _, h)) = hash(c.pkg) {
                v["hashes"] = json!([{"alg": alg, "content": h}]);
            }
            if let Some(l) = &c.pkg.license {
                v["licenses"] = json!([{"expression": l}]);
            }
            if let Some(d) = c.pkg.direct {
                v["properties"].as_array_mut().expect("array").push(json!({"name": "tollgate:direct", "value": d.to_string()}));
            }
            v
        })
        .collect();
    let direct: Vec<&String> = comps
        .iter()
        .filter(|(_, c)| c.pkg.direct == Some(true) && c.pkg.registry)
        .map(|(p, _)| p)
        .collect();
    let mut deps: Vec<Value> = vec![json!({"ref": "root-component", "dependsOn": direct})];
    deps.extend(
        comps
            .iter()
            .map(|(purl, c)| json!({"ref": purl, "dependsOn": c.depends_on})),
    );
    let bom = json!({
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": format!("urn:uuid:{}", uuid_from(&format!("{root_name}|{}", seed.join(",")))),
        "version": 1,
        "metadata": {
            "timestamp": timestamp,
            "tools": {"components": [{"type": "application", "name": "tollgate", "version": tollgate_core::TOOL_VERSION}]},
            "component": {"type": "application", "bom-ref": "root-component", "name": root_name},
        },
        "components": list,
        "dependencies": deps,
    });
    serde_json::to_string_pretty(&bom).expect("BOM serialises") + "\n"
}

fn spdx_id(i: usize, p: &Package) -> String {
    let clean: String = format!("{}-{}", p.name, p.version)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("SPDXRef-Package-{i}-{clean}")
}

/// SPDX 2.3 JSON.
pub fn spdx(root_name: &str, inv: &Inventory, timestamp: &str) -> String {
    let comps = components(inv);
    let ids: BTreeMap<&String, String> = comps
        .iter()
        .enumerate()
        .map(|(i, (purl, c))| (purl, spdx_id(i, c.pkg)))
        .collect();
    let mut packages = vec![json!({
        "SPDXID": "SPDXRef-Root",
        "name": root_name,
        "downloadLocation": "NOASSERTION",
        "filesAnalyzed": false,
        "licenseConcluded": "NOASSERTION",
        "licenseDeclared": "NOASSERTION",
        "copyrightText": "NOASSERTION",
        "primaryPackagePurpose": "APPLICATION",
    })];
    for (purl, c) in &comps {
        let mut p = json!({
            "SPDXID": ids[purl],
            "name": c.pkg.name,
            "versionInfo": c.pkg.version,
            "downloadLocation": "NOASSERTION",
            "filesAnalyzed": false,
            "licenseConcluded": "NOASSERTION",
            "licenseDeclared": "NOASSERTION",
            "copyrightText": "NOASSERTION",
            "primaryPackagePurpose": "LIBRARY",
            "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": purl}],
        });
        if let Some((_, alg, h)) = hash(c.pkg) {
            p["checksums"] = json!([{"algorithm": alg, "checksumValue": h}]);
        }
        if let Some(l) = &c.pkg.license {
            p["licenseDeclared"] = json!(l);
        }
        packages.push(p);
    }
    let mut rels = vec![
        json!({"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES", "relatedSpdxElement": "SPDXRef-Root"}),
    ];
    for (purl, c) in &comps {
        if c.pkg.direct == Some(true) && c.pkg.registry {
            rels.push(json!({"spdxElementId": "SPDXRef-Root", "relationshipType": "DEPENDS_ON", "relatedSpdxElement": ids[purl]}));
        }
        for d in &c.depends_on {
            if let Some(to) = ids.get(d) {
                rels.push(json!({"spdxElementId": ids[purl], "relationshipType": "DEPENDS_ON", "relatedSpdxElement": to}));
            }
        }
    }
    let seed: Vec<&str> = comps.keys().map(String::as_str).collect();
    let doc = json!({
        "spdxVersion": "SPDX-2.3",
        "dataLicense": "CC0-1.0",
        "SPDXID": "SPDXRef-DOCUMENT",
        "name": format!("{root_name} dependencies"),
        "documentNamespace": format!("https://spdx.org/spdxdocs/tollgate-{}", uuid_from(&format!("{root_name}|{}", seed.join(",")))),
        "creationInfo": {"created": timestamp, "creators": [format!("Tool: tollgate-{}", tollgate_core::TOOL_VERSION)]},
        "packages": packages,
        "relationships": rels,
    });
    serde_json::to_string_pretty(&doc).expect("SPDX serialises") + "\n"
}

/// A scanner that parses every lockfile the walk meets and keeps the packages (for SBOMs),
/// or just notices lockfiles (when the vulnerability scanner cannot run).
pub struct Collector {
    root: std::path::PathBuf,
    found: std::sync::Mutex<(Inventory, Vec<String>, usize, Vec<String>)>,
}

impl Collector {
    /// `root` is the scan root on disk (for lockfiles that refer to other files).
    pub fn new(root: &std::path::Path) -> Collector {
        Collector {
            root: root.to_path_buf(),
            found: Default::default(),
        }
    }

    /// Lockfiles seen so far.
    pub fn seen(&self) -> usize {
        self.found.lock().unwrap_or_else(|p| p.into_inner()).2
    }

    /// The packages per lockfile sorted by path, the lockfiles that could not be read, and
    /// those in formats not supported yet.
    pub fn finish(self) -> (Inventory, Vec<String>, Vec<String>) {
        let (mut inv, mut errors, _, mut unsupported) =
            self.found.into_inner().unwrap_or_else(|p| p.into_inner());
        inv.sort_by(|a, b| a.0.cmp(&b.0));
        errors.sort();
        unsupported.sort();
        (inv, errors, unsupported)
    }
}

impl tollgate_core::Scanner for Collector {
    fn name(&self) -> &'static str {
        "lockfiles"
    }
    fn rules(&self) -> Vec<tollgate_core::RuleMeta> {
        Vec::new()
    }
    fn wants(&self, class: &tollgate_core::FileClass) -> bool {
        class.lockfile.is_some()
    }
    fn scan_file(
        &self,
        file: &tollgate_core::SourceFile<'_>,
        _out: &mut tollgate_core::scanner::FileOutcome,
    ) {
        let Some(kind) = file.class.lockfile else {
            return;
        };
        let text = String::from_utf8_lossy(file.content);
        let lookup = |rel: &str| crate::lockfile::read_under(&self.root, rel);
        let parsed = crate::lockfile::parse_at(kind, &text, file.path, &lookup);
        let mut found = self.found.lock().unwrap_or_else(|p| p.into_inner());
        found.2 += 1;
        match parsed {
            Some(Ok(pkgs)) => found.0.push((file.path.to_string(), pkgs)),
            Some(Err(e)) => found
                .1
                .push(format!("{}:{}: {}", file.path, e.line, e.message)),
            None => found.3.push(format!("{} ({kind:?})", file.path)),
        }
    }
}
