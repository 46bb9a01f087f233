//! The CI files `tollgate init --ci PLATFORM` writes. The templates live once, in the
//! repository's `ci/` directory, and are embedded as they are; a release build
//! (`scripts/release.sh --repo`) knows every value they pin.

use crate::EngineError;

/// A CI platform's template and where it goes in a repository.
pub struct CiTemplate {
    pub name: &'static str,
    /// Where in the repository the file goes.
    pub path: &'static str,
    body: &'static str,
    /// What the user does next, said after writing the file.
    pub next: &'static str,
}

pub const TEMPLATES: &[CiTemplate] = &[
    CiTemplate {
        name: "github",
        path: ".github/workflows/tollgate.yml",
        body: include_str!("../../../ci/github/tollgate.yml"),
        next: "commit it; pull requests and pushes to main are gated from then on",
    },
    CiTemplate {
        name: "gitlab",
        path: ".gitlab/tollgate.gitlab-ci.yml",
        body: include_str!("../../../ci/gitlab/tollgate.gitlab-ci.yml"),
        next: "add it to .gitlab-ci.yml:\n  include:\n    - local: .gitlab/tollgate.gitlab-ci.yml",
    },
    CiTemplate {
        name: "jenkins",
        path: "Jenkinsfile",
        body: include_str!("../../../ci/jenkins/Jenkinsfile"),
        next: "commit it (or copy its 'Tollgate' stage into your pipeline)",
    },
    CiTemplate {
        name: "azure",
        path: ".azure-pipelines/tollgate.yml",
        body: include_str!("../../../ci/azure/tollgate.yml"),
        next: "use it from azure-pipelines.yml:\n  steps:\n    - checkout: self\n      fetchDepth: 0\n    - template: .azure-pipelines/tollgate.yml",
    },
];

/// The install script the templates fetch from a release, checked by its SHA-256.
const INSTALL_SH: &str = include_str!("../../../scripts/install.sh");

/// What a template needs filled in, and the value this build knows, if any.
fn pins() -> Vec<(&'static str, Option<String>)> {
    vec![
        (
            "__TOLLGATE_VERSION__",
            Some(env!("CARGO_PKG_VERSION").to_string()),
        ),
        (
            "__TOLLGATE_INSTALL_SHA256__",
            Some(tollgate_core::fingerprint::sha256_hex(
                INSTALL_SH.as_bytes(),
            )),
        ),
        (
            "__TOLLGATE_REPO__",
            option_env!("TOLLGATE_RELEASE_REPO").map(str::to_string),
        ),
        (
            "__TOLLGATE_COMMIT__",
            option_env!("TOLLGATE_RELEASE_COMMIT").map(str::to_string),
        ),
        (
            "__TOLLGATE_RELEASE_KEY__",
            option_env!("TOLLGATE_RELEASE_KEY").map(str::to_string),
        ),
    ]
}

/// A platform's file with every pin this build knows filled in.
pub struct Rendered {
    pub template: &'static CiTemplate,
    pub body: String,
    /// Placeholders left in `body` because this is not a release build.
    pub missing: Vec<&'static str>,
}

/// The file for `platform` (`github`, `gitlab`, `jenkins`, `azure`).
pub fn render(platform: &str) -> Result<Rendered, EngineError> {
    let Some(template) = TEMPLATES.iter().find(|t| t.name == platform) else {
        let names: Vec<&str> = TEMPLATES.iter().map(|t| t.name).collect();
        return Err(EngineError::Usage(format!(
            "--ci: unknown platform {} (expected {})",
            tollgate_core::redact::quote(platform),
            names.join(", ")
        )));
    };
    let mut body = template.body.to_string();
    let mut missing = Vec::new();
    for (token, value) in pins() {
        match value {
            Some(v) => body = body.replace(token, &v),
            None if body.contains(token) => missing.push(token),
            None => {}
        }
    }
    Ok(Rendered {
        template,
        body,
        missing,
    })
}
