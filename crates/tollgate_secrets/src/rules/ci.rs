//! CI/CD and build systems: Jenkins, TeamCity, Octopus Deploy, Harness, Argo CD, Codecov,
//! Drone, AppVeyor, Bitrise, CircleCI (legacy tokens), Codefresh, and the Tollgate server's
//! own API tokens.

use crate::rule::{Category, Check, SecretRule};
use tollgate_core::{Confidence, Severity};

pub(crate) const RULES: &[SecretRule] = &[
    SecretRule::new(
        "tollgate-api-token",
        "Tollgate server API token",
        Category::SourceControl,
        Severity::Critical,
        &["tgk_"],
        r#"\b(?P<s>tgk_[0-9a-f]{16}_[0-9a-f]{64})(?:[^0-9A-Za-z_]|$)"#,
    )
    .about("A Tollgate server API token (`tgk_`, a 16-hex key id, `_`, 64 hex). Depending on its role it reads every finding of a product (or of all products), uploads scans that close findings, or triages them. It is revoked on the organisation's own server: `tollgate server token revoke KEY_ID`, the key id being the 16 hex after `tgk_`.")
    .prefixed()
    .entropy(3.0),
    SecretRule::new(
        "jenkins-api-token",
        "Jenkins API token",
        Category::SourceControl,
        Severity::High,
        &["jenkins"],
        r#"(?i)(?:jenkins)[\w.\-]{0,30}?(?:(?:api[_.\-]?|user[_.\-]?)?token)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:11[a-f0-9]{32}|[a-f0-9]{32}))(?:[^\w\-]|$)"#,
    )
    .about("A Jenkins API token (34 hex starting `11`, or a legacy 32-hex token), recognised by its name. It runs, configures and reads the jobs and credentials the user can reach.")
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://www.jenkins.io/doc/book/system-administration/authenticating-scripted-clients/"),
    SecretRule::new(
        "teamcity-access-token",
        "JetBrains TeamCity access token",
        Category::SourceControl,
        Severity::High,
        &["eyj0exaioiaivenwmij9"],
        r#"\b(?P<s>eyJ0eXAiOiAiVENWMiJ9\.[A-Za-z0-9_\-]{30,60}\.[A-Za-z0-9_\-]{40,90})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .about("A JetBrains TeamCity access token (its header decodes to `{\"typ\": \"TCV2\"}`). It acts as the user on builds, agents and project settings.")
    .prefixed()
    .revoke("https://www.jetbrains.com/help/teamcity/configuring-your-user-profile.html#Managing+Access+Tokens"),
    SecretRule::new(
        "octopus-deploy-api-key",
        "Octopus Deploy API key",
        Category::SourceControl,
        Severity::Critical,
        &["api-"],
        r#"\b(?P<s>API-[A-Z0-9]{25,32})\b"#,
    )
    .about("An Octopus Deploy API key (`API-` and 25 to 32 upper-case characters). It deploys releases to every environment the user can reach, production included.")
    .entropy(3.0)
    .revoke("https://octopus.com/docs/octopus-rest-api/how-to-create-an-api-key"),
    SecretRule::new(
        "harness-access-token",
        "Harness personal or service account token",
        Category::SourceControl,
        Severity::Critical,
        &["pat.", "sat."],
        r#"\b(?P<s>(?:pat|sat)\.[A-Za-z0-9_\-]{22}\.[a-f0-9]{24}\.[A-Za-z0-9]{20})\b"#,
    )
    .about("A Harness personal access token (`pat.`) or service account token (`sat.`): account ID, token ID and secret. It runs pipelines and changes connectors and secrets in the account.")
    .prefixed()
    .revoke("https://developer.harness.io/docs/platform/automation/api/add-and-manage-api-keys/"),
    SecretRule::new(
        "codecov-token",
        "Codecov upload or API token",
        Category::SourceControl,
        Severity::Medium,
        &["codecov"],
        r#"(?i)(?:codecov)[\w.\-]{0,30}?(?:(?:upload[_.\-]?|api[_.\-]?|repo[_.\-]?|org[_.\-]?)?token)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .revoke("https://docs.codecov.com/docs/codecov-tokens"),
    SecretRule::new(
        "drone-token",
        "Drone CI token",
        Category::SourceControl,
        Severity::High,
        &["drone"],
        r#"(?i)(?:drone)[\w.\-]{0,30}?(?:(?:api[_.\-]?|user[_.\-]?)?token)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9]{32})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://docs.drone.io/cli/setup/"),
    SecretRule::new(
        "appveyor-api-token",
        "AppVeyor API token",
        Category::SourceControl,
        Severity::High,
        &["appveyor"],
        r#"(?i)(?:appveyor)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?(?:token|key))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?:v2\.)?[A-Za-z0-9]{20,40})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://ci.appveyor.com/api-keys"),
    SecretRule::new(
        "bitrise-access-token",
        "Bitrise personal or workspace access token",
        Category::SourceControl,
        Severity::High,
        &["bitrise"],
        r#"(?i)(?:bitrise)[\w.\-]{0,30}?(?:(?:api[_.\-]?|access[_.\-]?|personal[_.\-]?|workspace[_.\-]?)?token)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9_\-]{40,100})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(4.0)
    .revoke("https://devcenter.bitrise.io/en/accounts/personal-access-tokens.html"),
    SecretRule::new(
        "argocd-auth-token",
        "Argo CD auth token",
        Category::SourceControl,
        Severity::Critical,
        &["argocd"],
        r#"(?i)argocd[_.\-]?(?:auth[_.\-]?|api[_.\-]?)?token\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>eyJ[A-Za-z0-9_\-]{10,2000}\.eyJ[A-Za-z0-9_\-]{10,4000}\.[A-Za-z0-9_\-]{20,1000})"#,
    )
    .about("An Argo CD API token (a JWT), recognised by its name. It syncs and changes the applications it may reach: a direct route to deploying code to production clusters.")
    .confidence(Confidence::Medium)
    .check(Check::Jwt)
    .priority(3)
    .revoke("https://argo-cd.readthedocs.io/en/stable/user-guide/commands/argocd_account_delete-token/"),
    SecretRule::new(
        "circleci-legacy-token",
        "CircleCI API token (legacy 40-hex format)",
        Category::SourceControl,
        Severity::High,
        &["circleci", "circle_token", "circle-token", "circle_api"],
        r#"(?i)(?:circle(?:[_.\-]?ci)?)[\w.\-]{0,30}?(?:(?:api[_.\-]?|personal[_.\-]?|project[_.\-]?)?token)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[a-f0-9]{40})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://circleci.com/docs/managing-api-tokens/"),
    SecretRule::new(
        "codefresh-api-key",
        "Codefresh API key",
        Category::SourceControl,
        Severity::High,
        &["codefresh"],
        r#"(?i)(?:codefresh)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?(?:key|token))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[a-f0-9]{24}\.[a-f0-9]{32})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://codefresh.io/docs/docs/integrations/codefresh-api/"),
];
