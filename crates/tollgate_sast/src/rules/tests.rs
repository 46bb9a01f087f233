//! Every rule on its own fixtures: each true positive is reported, each near miss is not,
//! and every fixture parses cleanly (a fixture with a syntax error tests nothing).

use crate::model::Lang;

fn ext(lang: &str) -> &'static str {
    match lang {
        "java" => "java",
        "python" => "py",
        "javascript" => "js",
        "go" => "go",
        other => panic!("no extension for {other}"),
    }
}

#[test]
fn every_rule_finds_its_positives_and_passes_its_near_misses() {
    let rules = super::all();
    let mut failures = Vec::new();
    for r in &rules {
        assert!(
            !r.positive.is_empty() && !r.negative.is_empty(),
            "{} needs fixtures of both kinds",
            r.id()
        );
        for (kind, fixtures, expect) in [
            ("positive", r.positive, true),
            ("negative", r.negative, false),
        ] {
            for (i, code) in fixtures.iter().enumerate() {
                let path = format!("fixture{i}.{}", ext(r.lang));
                let lang = Lang::of_path(&path).unwrap();
                let m = crate::lower::lower(lang, &path, code.as_bytes()).unwrap();
                if !m.errors.is_empty() {
                    failures.push(format!(
                        "{} {kind} #{i}: syntax errors at {:?}",
                        r.id(),
                        m.errors
                    ));
                    continue;
                }
                let hits = crate::analyse(&m, &[r]);
                if hits.is_empty() == expect {
                    failures.push(format!(
                        "{} {kind} #{i}: {}",
                        r.id(),
                        if expect {
                            "not reported".to_string()
                        } else {
                            format!(
                                "reported: {:?}",
                                hits.iter().map(|h| &h.message).collect::<Vec<_>>()
                            )
                        }
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn rule_ids_are_unique_and_there_are_at_least_eighty() {
    let rules = super::all();
    let mut ids: Vec<String> = rules.iter().map(|r| r.id().to_string()).collect();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate rule ids");
    assert!(n >= 80, "{n} rules");
    for r in &rules {
        let m = r.meta();
        assert!(
            !m.cwe.is_empty() && !m.doc.is_empty() && !m.remediation.is_empty(),
            "{}",
            m.id
        );
    }
}
