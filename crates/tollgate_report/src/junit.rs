//! JUnit XML, for CI systems that show test reports (Jenkins, GitLab, Azure DevOps).
//! Each active finding is a failed test case, each suppressed one a skipped case, each
//! file that could not be checked an error, and the gate decision a case of its own.

use tollgate_core::gate::Status;
use tollgate_core::report::IssueKind;
use tollgate_core::ScanReport;

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 cannot carry most control characters at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

pub fn write(report: &ScanReport) -> String {
    let mut cases = String::new();
    let (mut failures, mut skipped, mut errors, mut tests) = (0, 0, 0, 0);
    for f in &report.findings {
        tests += 1;
        let name = format!(
            "{}:{} {}",
            f.location.path, f.location.start_line, f.rule_id
        );
        cases.push_str(&format!(
            "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" line=\"{}\">\n",
            esc(f.rule_id.as_str()),
            esc(&name),
            esc(&f.location.path),
            f.location.start_line
        ));
        match &f.suppression {
            Some(s) => {
                skipped += 1;
                cases.push_str(&format!(
                    "      <skipped message=\"suppressed: {}\"/>\n",
                    esc(&s.reason)
                ));
            }
            None => {
                failures += 1;
                let mut body = format!(
                    "{}\nseverity: {}, confidence: {}\n{}:{}:{}\n{}\nfingerprint: {}",
                    f.message,
                    f.severity,
                    f.confidence,
                    f.location.path,
                    f.location.start_line,
                    f.location.start_column,
                    f.location.snippet.as_deref().unwrap_or(""),
                    f.fingerprint
                );
                if let Some(g) = &f.git {
                    body.push_str(&format!("\ngit: {}", g.summary()));
                }
                for n in tollgate_core::SecretSubject::of(f)
                    .map(|s| s.notes())
                    .unwrap_or_default()
                {
                    body.push('\n');
                    body.push_str(&n);
                }
                cases.push_str(&format!(
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                    f.severity,
                    esc(&f.message),
                    esc(&body)
                ));
            }
        }
        cases.push_str("    </testcase>\n");
    }
    for i in report
        .file_issues
        .iter()
        .filter(|i| i.kind == IssueKind::Error)
    {
        tests += 1;
        errors += 1;
        cases.push_str(&format!(
            "    <testcase classname=\"tollgate.scan\" name=\"{}\" file=\"{}\">\n      <error message=\"{}\"/>\n    </testcase>\n",
            esc(&format!("could not check {}", i.path)),
            esc(&i.path),
            esc(&i.message)
        ));
    }
    if let Some(d) = &report.decision {
        tests += 1;
        cases.push_str("    <testcase classname=\"tollgate.gate\" name=\"gate\">\n");
        if d.status == Status::Fail {
            failures += 1;
            cases.push_str(&format!(
                "      <failure type=\"gate\" message=\"gate failed\">{}</failure>\n",
                esc(&d.reasons.join("\n"))
            ));
        }
        // Gate warnings (coverage gaps, a shallow clone) show in the CI's test view too.
        if !d.warnings.is_empty() {
            cases.push_str(&format!(
                "      <system-out>{}</system-out>\n",
                esc(&d
                    .warnings
                    .iter()
                    .map(|w| format!("warning: {w}"))
                    .collect::<Vec<_>>()
                    .join("\n"))
            ));
        }
        cases.push_str("    </testcase>\n");
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"tollgate\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\">\n  <testsuite name=\"tollgate scan {}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\">\n{cases}  </testsuite>\n</testsuites>\n",
        esc(&report.target.path)
    )
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn escapes_markup_and_controls() {
        assert_eq!(esc("a<b>&\"'\u{1}"), "a&lt;b&gt;&amp;&quot;&apos;\u{FFFD}");
    }
}
