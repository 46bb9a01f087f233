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
            if !c.pkg.registry {
                // A git or path dependency: its version is not a registry release, so
                // advisories are not matched against it (a reader of the BOM needs to know).
                v["properties"].as_array_mut().expect("array").push(json!({"name": "tollgate:registry", "value": "false"}));
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
