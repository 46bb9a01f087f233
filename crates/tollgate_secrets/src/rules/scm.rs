//! Source control and CI: GitHub, GitLab, Bitbucket, Atlassian, CircleCI and friends.

use crate::rule::{Category, Check, SecretRule};
use tollgate_core::{Confidence, Severity};

pub(crate) const RULES: &[SecretRule] = &[
    SecretRule::new(
        "github-personal-access-token",
        "GitHub personal access token (classic)",
        Category::SourceControl,
        Severity::Critical,
        &["ghp_"],
        r#"\b(?P<s>ghp_[A-Za-z0-9]{36})\b"#,
    )
    .about("A classic GitHub personal access token (ghp_). It acts as the user on every repository and organisation the user can reach, within its scopes.")
    .prefixed()
    .revoke("https://github.com/settings/tokens"),

    SecretRule::new(
        "github-fine-grained-token",
        "GitHub fine-grained personal access token",
        Category::SourceControl,
        Severity::Critical,
        &["github_pat_"],
        r#"\b(?P<s>github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b"#,
    )
    .prefixed()
    .revoke("https://github.com/settings/personal-access-tokens"),

    SecretRule::new(
        "github-oauth-token",
        "GitHub OAuth access token",
        Category::SourceControl,
        Severity::High,
        &["gho_"],
        r#"\b(?P<s>gho_[A-Za-z0-9]{36})\b"#,
    )
    .prefixed()
    .revoke("https://github.com/settings/applications"),

    SecretRule::new(
        "github-app-user-token",
        "GitHub App user-to-server token",
        Category::SourceControl,
        Severity::High,
        &["ghu_"],
        r#"\b(?P<s>ghu_[A-Za-z0-9]{36})\b"#,
    )
    .prefixed()
    .revoke("https://github.com/settings/applications"),

    SecretRule::new(
        "github-app-installation-token",
        "GitHub App installation (server-to-server) token",
        Category::SourceControl,
        Severity::High,
        &["ghs_"],
        r#"\b(?P<s>ghs_[A-Za-z0-9]{36})\b"#,
    )
    .prefixed()
    .revoke("https://docs.github.com/en/rest/apps/installations#revoke-an-installation-access-token"),

    SecretRule::new(
        "github-refresh-token",
        "GitHub refresh token",
        Category::SourceControl,
        Severity::High,
        &["ghr_"],
        r#"\b(?P<s>ghr_[A-Za-z0-9]{36,76})\b"#,
    )
    .prefixed()
    .revoke("https://github.com/settings/applications"),

    SecretRule::new(
        "gitlab-personal-access-token",
        "GitLab personal, project or group access token",
        Category::SourceControl,
        Severity::Critical,
        &["glpat-"],
        r#"\b(?P<s>glpat-[A-Za-z0-9_\-]{20,}(?:\.[0-9a-z]{2}\.[a-z0-9]{9})?)"#,
    )
    .prefixed()
    .revoke("https://docs.gitlab.com/security/tokens/"),

    SecretRule::new(
        "gitlab-deploy-token",
        "GitLab deploy token",
        Category::SourceControl,
        Severity::High,
        &["gldt-"],
        r#"\b(?P<s>gldt-[A-Za-z0-9_\-]{20,})"#,
    )
    .prefixed()
    .revoke("https://docs.gitlab.com/security/tokens/"),

    SecretRule::new(
        "gitlab-runner-token",
        "GitLab runner authentication token",
        Category::SourceControl,
        Severity::High,
        &["glrt-"],
        r#"\b(?P<s>glrt-[A-Za-z0-9_\-]{20,})"#,
    )
    .prefixed()
    .revoke("https://docs.gitlab.com/security/tokens/"),

    SecretRule::new(
        "gitlab-runner-registration-token",
        "GitLab runner registration token",
        Category::SourceControl,
        Severity::High,
        &["gr1348941"],
        r#"\b(?P<s>GR1348941[A-Za-z0-9_\-]{20,})"#,
    )
    .prefixed()
    .revoke("https://docs.gitlab.com/security/tokens/"),

    SecretRule::new(
        "gitlab-pipeline-trigger-token",
        "GitLab pipeline trigger token",
        Category::SourceControl,
        Severity::High,
        &["glptt-"],
        r#"\b(?P<s>glptt-[a-f0-9]{40})\b"#,
    )
    .prefixed()
    .revoke("https://docs.gitlab.com/security/tokens/"),

    SecretRule::new(
        "gitlab-ci-job-token",
        "GitLab CI/CD job token",
        Category::SourceControl,
        Severity::Medium,
        &["glcbt-"],
        r#"\b(?P<s>glcbt-[A-Za-z0-9_\-]{20,})"#,
    )
    .prefixed()
    .revoke("https://docs.gitlab.com/security/tokens/"),

    SecretRule::new(
        "gitlab-feed-token",
        "GitLab feed token",
        Category::SourceControl,
        Severity::Medium,
        &["glft-"],
        r#"\b(?P<s>glft-[A-Za-z0-9_\-]{20,})"#,
    )
    .prefixed()
    .revoke("https://docs.gitlab.com/security/tokens/"),

    SecretRule::new(
        "gitlab-oauth-app-secret",
        "GitLab OAuth application secret",
        Category::SourceControl,
        Severity::High,
        &["gloas-"],
        r#"\b(?P<s>gloas-[A-Za-z0-9_\-]{64})"#,
    )
    .prefixed()
    .revoke("https://docs.gitlab.com/security/tokens/"),

    SecretRule::new(
        "gitlab-scim-token",
        "GitLab SCIM OAuth token",
        Category::SourceControl,
        Severity::High,
        &["glsoat-"],
        r#"\b(?P<s>glsoat-[A-Za-z0-9_\-]{20,})"#,
    )
    .prefixed()
    .revoke("https://docs.gitlab.com/security/tokens/"),

    SecretRule::new(
        "gitlab-incoming-mail-token",
        "GitLab incoming mail token",
        Category::SourceControl,
        Severity::Medium,
        &["glimt-"],
        r#"\b(?P<s>glimt-[A-Za-z0-9_\-]{25})"#,
    )
    .prefixed()
    .revoke("https://docs.gitlab.com/security/tokens/"),

    SecretRule::new(
        "gitlab-agent-token",
        "GitLab agent for Kubernetes token",
        Category::SourceControl,
        Severity::High,
        &["glagent-"],
        r#"\b(?P<s>glagent-[A-Za-z0-9_\-]{50,})"#,
    )
    .prefixed()
    .revoke("https://docs.gitlab.com/security/tokens/"),

    SecretRule::new(
        "bitbucket-app-password",
        "Bitbucket app password",
        Category::SourceControl,
        Severity::High,
        &["atbb"],
        r#"\b(?P<s>ATBB[A-Za-z0-9_=.\-]{32})\b"#,
    )
    .prefixed()
    .revoke("https://support.atlassian.com/bitbucket-cloud/docs/app-passwords/"),

    SecretRule::new(
        "atlassian-api-token",
        "Atlassian (Jira, Confluence, Bitbucket) API token",
        Category::SourceControl,
        Severity::High,
        &["atatt3"],
        r#"\b(?P<s>ATATT3[A-Za-z0-9_\-=]{180,200})"#,
    )
    .prefixed()
    .revoke("https://id.atlassian.com/manage-profile/security/api-tokens"),

    SecretRule::new(
        "bitbucket-access-token",
        "Bitbucket repository or workspace access token",
        Category::SourceControl,
        Severity::High,
        &["atctt3"],
        r#"\b(?P<s>ATCTT3[A-Za-z0-9_\-=]{100,200})"#,
    )
    .prefixed()
    .revoke("https://support.atlassian.com/bitbucket-cloud/docs/repository-access-tokens/"),

    SecretRule::new(
        "circleci-personal-token",
        "CircleCI personal API token",
        Category::SourceControl,
        Severity::High,
        &["ccipat_"],
        r#"\b(?P<s>CCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40})\b"#,
    )
    .prefixed()
    .revoke("https://circleci.com/docs/managing-api-tokens/"),

    SecretRule::new(
        "circleci-project-token",
        "CircleCI project API token",
        Category::SourceControl,
        Severity::High,
        &["cciprj_"],
        r#"\b(?P<s>CCIPRJ_[A-Za-z0-9]{22}_[a-f0-9]{40})\b"#,
    )
    .prefixed()
    .revoke("https://circleci.com/docs/managing-api-tokens/"),

    SecretRule::new(
        "buildkite-token",
        "Buildkite agent or API token",
        Category::SourceControl,
        Severity::High,
        &["bkua_"],
        r#"\b(?P<s>bkua_[a-f0-9]{40})\b"#,
    )
    .prefixed()
    .revoke("https://buildkite.com/user/api-access-tokens"),

    SecretRule::new(
        "travis-ci-token",
        "Travis CI access token",
        Category::SourceControl,
        Severity::Medium,
        &["travis"],
        r#"(?i)travis[_.\-]?(?:ci[_.\-]?)?(?:api[_.\-]?)?token[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9_\-]{22})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://app.travis-ci.com/account/preferences"),

    SecretRule::new(
        "sonarqube-token",
        "SonarQube / SonarCloud token",
        Category::SourceControl,
        Severity::Medium,
        &["squ_", "sqp_", "sqa_"],
        r#"\b(?P<s>sq[upa]_[a-f0-9]{40})\b"#,
    )
    .prefixed()
    .revoke("https://docs.sonarsource.com/sonarqube-server/latest/user-guide/managing-tokens/"),

    SecretRule::new(
        "snyk-api-token",
        "Snyk API token",
        Category::SourceControl,
        Severity::Medium,
        &["snyk"],
        r#"(?i)snyk[_.\-]?(?:api[_.\-]?)?(?:token|key)[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .revoke("https://docs.snyk.io/snyk-api/authentication-for-api/revoke-and-regenerate-a-snyk-api-token"),
    // OAuth client secrets, other forges and code-quality services.
    SecretRule::new(
        "github-oauth-client-secret",
        "GitHub OAuth App or GitHub App client secret",
        Category::SourceControl,
        Severity::High,
        &["client_secret", "clientsecret", "client-secret"],
        r#"(?i)client[_.\-]?secret[\w.\-]{0,20}?(?:\\?["']?\s*(?:[:=]|:=|=>|\s)|["']\s*,)\s*\\?["']?(?P<s>[a-f0-9]{40})(?:[^\w\-]|$)"#,
    )
    .about("The client secret of a GitHub OAuth App or GitHub App (40 hex), in a file that also holds its client ID (`Iv1.`, `Iv23`, `Ov23`). With the ID it exchanges authorisation codes for user tokens as the application.")
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .check(Check::Context(&["Iv1.", "Iv23", "Ov23"]))
    .revoke("https://docs.github.com/en/apps/oauth-apps/maintaining-oauth-apps/modifying-an-oauth-app"),
    SecretRule::new(
        "gitea-access-token",
        "Gitea / Forgejo access token",
        Category::SourceControl,
        Severity::High,
        &["gitea", "forgejo"],
        r#"(?i)(?:gitea|forgejo)[\w.\-]{0,30}?(?:(?:access[_.\-]?|api[_.\-]?)?token)[\w.\-]{0,20}?(?:\\?["']?\s*(?:[:=]|:=|=>|\s)|["']\s*,)\s*\\?["']?(?P<s>[a-f0-9]{40})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://docs.gitea.com/development/api-usage"),
    SecretRule::new(
        "bitbucket-oauth-consumer-secret",
        "Bitbucket OAuth consumer secret",
        Category::SourceControl,
        Severity::High,
        &["bitbucket"],
        r#"(?i)(?:bitbucket)[\w.\-]{0,30}?(?:(?:oauth[_.\-]?)?(?:consumer[_.\-]?|client[_.\-]?)?secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9]{32})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://support.atlassian.com/bitbucket-cloud/docs/use-oauth-on-bitbucket-cloud/"),
    SecretRule::new(
        "bitbucket-data-center-token",
        "Bitbucket Data Center HTTP access token",
        Category::SourceControl,
        Severity::High,
        &["bbdc-"],
        r#"\b(?P<s>BBDC-[A-Za-z0-9+/]{44})(?:[^A-Za-z0-9+/=]|$)"#,
    )
    .about("A Bitbucket Data Center (Server) HTTP access token (`BBDC-`). It reads or writes the repositories and projects of its scope.")
    .priority(3)
    .prefixed()
    .revoke("https://confluence.atlassian.com/bitbucketserver/http-access-tokens-939515499.html"),
    SecretRule::new(
        "sourcegraph-access-token",
        "Sourcegraph access token",
        Category::SourceControl,
        Severity::High,
        &["sgp_"],
        r#"\b(?P<s>sgp_(?:[a-f0-9]{16}_|local_)?[a-f0-9]{40})\b"#,
    )
    .about("A Sourcegraph access token (`sgp_`). It searches and reads every repository the Sourcegraph instance indexes for the user.")
    .prefixed()
    .revoke("https://sourcegraph.com/docs/cli/how-tos/creating_an_access_token"),
    SecretRule::new(
        "gitlab-feature-flags-client-token",
        "GitLab feature flags client token",
        Category::SourceControl,
        Severity::Medium,
        &["glffct-"],
        r#"\b(?P<s>glffct-[A-Za-z0-9_\-]{20,64})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .prefixed()
    .revoke("https://docs.gitlab.com/security/tokens/"),
    SecretRule::new(
        "sonar-token-legacy",
        "SonarQube (legacy) or SonarCloud token",
        Category::SourceControl,
        Severity::Medium,
        &["sonar.login", "sonar.token", "sonar_token", "sonar_login", "sonar_auth_token", "sonarqube_token", "sonarcloud_token", "sonar-token"],
        r#"(?i)(?:sonar[_.](?:login|token|auth[_.]token)|sonar(?:qube|cloud)?[_.\-]?token)(?:\\?["']?\s*(?:[:=]|:=|=>|\s)|["']\s*,)\s*\\?["']?(?P<s>[a-f0-9]{40})(?:[^\w\-]|$)"#,
    )
    .about("A SonarQube token in the older 40-hex format, or a SonarCloud token, recognised by the `sonar.login`/`sonar.token`/`SONAR_TOKEN` names. It runs analyses and, for admin users, changes quality gates and project settings.")
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://docs.sonarsource.com/sonarqube-server/latest/user-guide/managing-tokens/"),
    SecretRule::new(
        "youtrack-permanent-token",
        "JetBrains YouTrack / Hub permanent token",
        Category::SourceControl,
        Severity::High,
        &["perm:"],
        r#"(?:^|[^A-Za-z0-9_\-])(?P<s>perm:[A-Za-z0-9+/=]{4,64}\.[A-Za-z0-9+/=]{4,64}\.[A-Za-z0-9]{30})\b"#,
    )
    .about("A JetBrains YouTrack or Hub permanent token (`perm:`). It acts as the user on issues, projects and, for admins, on the Hub's users and groups.")
    .prefixed()
    .revoke("https://www.jetbrains.com/help/youtrack/server/manage-permanent-token.html"),
    SecretRule::new(
        "coveralls-repo-token",
        "Coveralls repository token",
        Category::SourceControl,
        Severity::Medium,
        &["coveralls"],
        r#"(?i)(?:coveralls)[\w.\-]{0,30}?(?:(?:repo[_.\-]?)?token)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9]{32,37})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://docs.coveralls.io/"),
    SecretRule::new(
        "codacy-project-token",
        "Codacy project or API token",
        Category::SourceControl,
        Severity::Medium,
        &["codacy"],
        r#"(?i)(?:codacy)[\w.\-]{0,30}?(?:(?:project[_.\-]?|api[_.\-]?|account[_.\-]?)?token)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9]{32})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://docs.codacy.com/codacy-api/api-tokens/"),
    SecretRule::new(
        "phabricator-conduit-token",
        "Phabricator / Phorge Conduit API token",
        Category::SourceControl,
        Severity::High,
        &["api-", "cli-"],
        r#"\b(?P<s>(?:api|cli)-[a-z0-9]{28})\b"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://secure.phabricator.com/book/phabricator/article/conduit/"),
    SecretRule::new(
        "gitee-access-token",
        "Gitee personal access token",
        Category::SourceControl,
        Severity::High,
        &["gitee"],
        r#"(?i)(?:gitee)[\w.\-]{0,30}?(?:(?:access[_.\-]?|private[_.\-]?|api[_.\-]?)?token)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[a-f0-9]{32})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://gitee.com/profile/personal_access_tokens"),
];
