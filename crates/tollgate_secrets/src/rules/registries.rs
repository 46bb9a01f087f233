//! Package and container registries.

use crate::rule::{Category, Check, SecretRule};
use tollgate_core::{Confidence, Severity};

pub(crate) const RULES: &[SecretRule] = &[
    SecretRule::new(
        "npm-access-token",
        "npm access token",
        Category::Registry,
        Severity::Critical,
        &["npm_"],
        r#"\b(?P<s>npm_[A-Za-z0-9]{36})\b"#,
    )
    .prefixed()
    .revoke("https://docs.npmjs.com/revoking-access-tokens"),

    SecretRule::new(
        "npmrc-auth-token",
        "Registry auth token in .npmrc",
        Category::Registry,
        Severity::High,
        &["_authtoken", "_auth="],
        r#"(?i)(?:^|[:\s"'])(?:_authToken|_auth)\s*=\s*["\']?(?P<s>[A-Za-z0-9_\-+/=.:]{20,})"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://docs.npmjs.com/revoking-access-tokens"),

    SecretRule::new(
        "pypi-api-token",
        "PyPI API token",
        Category::Registry,
        Severity::Critical,
        &["pypi-ageichlwas5vcmc", "pypi-agendgvzdc5wexbplm9yzw"],
        r#"\b(?P<s>pypi-Ag(?:EIcHlwaS5vcmc|ENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_\-]{50,})"#,
    )
    .prefixed()
    .revoke("https://pypi.org/manage/account/token/"),

    SecretRule::new(
        "rubygems-api-key",
        "RubyGems API key",
        Category::Registry,
        Severity::Critical,
        &["rubygems_"],
        r#"\b(?P<s>rubygems_[a-f0-9]{48})\b"#,
    )
    .prefixed()
    .revoke("https://rubygems.org/profile/api_keys"),

    SecretRule::new(
        "nuget-api-key",
        "NuGet API key",
        Category::Registry,
        Severity::High,
        &["oy2"],
        r#"\b(?P<s>oy2[a-z0-9]{43})\b"#,
    )
    .prefixed()
    .revoke("https://www.nuget.org/account/apikeys"),

    SecretRule::new(
        "docker-hub-token",
        "Docker Hub personal or organisation access token",
        Category::Registry,
        Severity::High,
        &["dckr_pat_", "dckr_oat_"],
        r#"\b(?P<s>dckr_(?:pat|oat)_[A-Za-z0-9_\-]{27,32})"#,
    )
    .prefixed()
    .revoke("https://docs.docker.com/security/for-developers/access-tokens/"),

    SecretRule::new(
        "artifactory-api-key",
        "JFrog Artifactory API key",
        Category::Registry,
        Severity::High,
        &["akcp"],
        r#"\b(?P<s>AKCp[A-Za-z0-9]{69})\b"#,
    )
    .prefixed()
    .revoke("https://jfrog.com/help/r/jfrog-platform-administration-documentation/access-tokens"),

    SecretRule::new(
        "artifactory-reference-token",
        "JFrog Artifactory reference token",
        Category::Registry,
        Severity::High,
        &["cmvmdgtu"],
        r#"\b(?P<s>cmVmdGtu[A-Za-z0-9]{56})\b"#,
    )
    .prefixed()
    .revoke("https://jfrog.com/help/r/jfrog-platform-administration-documentation/access-tokens"),

    SecretRule::new(
        "docker-config-auth",
        "Container registry credentials in a Docker config",
        Category::Registry,
        Severity::High,
        &["\"auth\""],
        r#""auth"\s*:\s*"(?P<s>[A-Za-z0-9+/]{8,}={0,2})""#,
    )
    .about("A base64 `user:password` pair in a Docker `config.json` or `.dockerconfigjson`. It pulls and pushes images in the registry, including production images.")
    .check(Check::BasicCredentials)
    .revoke("https://docs.docker.com/reference/cli/docker/login/"),

    SecretRule::new(
        "hex-pm-api-key",
        "Hex.pm API key",
        Category::Registry,
        Severity::Medium,
        &["hex_api_key", "hexpm"],
        r#"(?i)hex(?:pm)?[_.\-]?api[_.\-]?key[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[a-f0-9]{32})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .revoke("https://hex.pm/dashboard/keys"),
    // Further registries, and the credential files of package managers and build tools.
    SecretRule::new(
        "crates-io-api-token",
        "crates.io API token",
        Category::Registry,
        Severity::Critical,
        &["cio"],
        r#"\b(?P<s>cio[A-Za-z0-9]{32})\b"#,
    )
    .about("A crates.io API token (`cio`). Within its scopes it publishes new versions of the user's crates and yanks existing ones.")
    .prefixed()
    .revoke("https://crates.io/settings/tokens"),
    SecretRule::new(
        "npm-legacy-token",
        "npm legacy (UUID) auth token in .npmrc",
        Category::Registry,
        Severity::Critical,
        &["_authtoken"],
        r#"(?i)_authToken\s*=\s*[\"']?(?P<s>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[^\w\-]|$)"#,
    )
    .about("An npm auth token in the older UUID format in an `.npmrc`. Legacy tokens publish and unpublish every package the user maintains.")
    .confidence(Confidence::Medium)
    .priority(3)
    .revoke("https://docs.npmjs.com/revoking-access-tokens"),
    SecretRule::new(
        "maven-settings-server-password",
        "Password in a Maven settings.xml server entry",
        Category::Registry,
        Severity::High,
        &["<password>"],
        r#"<password>\s*(?P<s>[^<>\s${}]{8,200})\s*</password>"#,
    )
    .about("A clear-text password in a `<server>` entry of a Maven `settings.xml`. It publishes artifacts to the firm's repository manager (or Maven Central) as that account.")
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .check(Check::Context(&["<server>"]))
    .revoke("https://maven.apache.org/guides/mini/guide-encryption.html"),
    SecretRule::new(
        "gradle-publishing-password",
        "Publishing password in Gradle properties",
        Category::Registry,
        Severity::High,
        &["ossrh", "sonatype", "mavencentral", "nexuspassword", "mavenpassword", "publishpassword", "publishingpassword", "repopassword", "repositorypassword", "artifactorypassword", "deploypassword", "signing.password"],
        r#"(?i)(?:^|[^\w.])(?:ossrh|sonatype|mavenCentral|nexus|maven|publish(?:ing)?|repo(?:sitory)?|artifactory|deploy|signing\.)[A-Za-z]{0,20}?Password\s*[=:]\s*[\"']?(?P<s>[^\s\"'$]{8,200})"#,
    )
    .about("A publishing or signing password in `gradle.properties` (`ossrhPassword`, `mavenCentralPassword`, `signing.password`...). It publishes or signs releases as the project.")
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .check(Check::GenericValue)
    .config_only()
    .revoke("https://central.sonatype.org/publish/generate-portal-token/"),
    SecretRule::new(
        "clojars-deploy-token",
        "Clojars deploy token",
        Category::Registry,
        Severity::Critical,
        &["clojars_"],
        r#"\b(?P<s>CLOJARS_[a-f0-9]{60})\b"#,
    )
    .prefixed()
    .revoke("https://clojars.org/tokens"),
    SecretRule::new(
        "quay-robot-token",
        "Quay.io robot account token",
        Category::Registry,
        Severity::High,
        &["quay"],
        r#"(?i)(?:quay[\w.\-]{0,30}?(?:token|password|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?|-p\s*=?\s*[\"']?)(?P<s>(?-i:[A-Z0-9]{64}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://docs.quay.io/glossary/robot-accounts.html"),
    SecretRule::new(
        "cloudsmith-api-key",
        "Cloudsmith API key",
        Category::Registry,
        Severity::High,
        &["cloudsmith"],
        r#"(?i)(?:cloudsmith)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?(?:key|token))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[a-f0-9]{40})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://help.cloudsmith.io/docs/api-key"),
    SecretRule::new(
        "gemfury-token",
        "Gemfury (fury.io) token",
        Category::Registry,
        Severity::High,
        &["fury.io", "gemfury"],
        r#"(?i)(?:https?://(?P<s>[A-Za-z0-9_\-]{15,40})(?::[^@\s]{0,40})?@(?:push|repo|pypi|npm|maven|gem|apt|yum|git)\.fury\.io|gemfury[\w.\-]{0,30}?(?:token|key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<t>[A-Za-z0-9_\-]{15,40})(?:[^\w\-]|$))"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.3)
    .revoke("https://gemfury.com/help/tokens"),
    SecretRule::new(
        "anaconda-token",
        "Anaconda.org access token",
        Category::Registry,
        Severity::High,
        &["anaconda.org/t/", "anaconda_token", "anaconda-token", "anaconda_api_token", "binstar"],
        r#"(?i)(?:anaconda\.org/t/(?P<s>[A-Za-z0-9\-]{20,60})/|(?:anaconda|binstar)[_.\-]?(?:api[_.\-]?)?token\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<t>[A-Za-z0-9\-]{20,60})(?:[^\w\-]|$))"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.3)
    .revoke("https://anaconda.org/settings/access"),
    SecretRule::new(
        "cocoapods-trunk-token",
        "CocoaPods trunk session token",
        Category::Registry,
        Severity::High,
        &["trunk.cocoapods.org", "cocoapods_trunk_token"],
        r#"(?i)(?:machine\s+trunk\.cocoapods\.org\s+login\s+\S{1,100}\s+password\s+|cocoapods[_.\-]?trunk[_.\-]?token\\?[\"']?\s*[:=]\s*\\?[\"']?)(?P<s>[a-f0-9]{32})(?:[^\w\-]|$)"#,
    )
    .about("A CocoaPods trunk session token (in `~/.netrc` or `COCOAPODS_TRUNK_TOKEN`). It pushes new versions of every pod the owner maintains.")
    .priority(3)
    .revoke("https://guides.cocoapods.org/making/getting-setup-with-trunk.html"),
    SecretRule::new(
        "packagist-token",
        "Private Packagist API token",
        Category::Registry,
        Severity::High,
        &["packagist_"],
        r#"\b(?P<s>packagist_[a-z]{3}_[a-f0-9]{40,80})\b"#,
    )
    .prefixed()
    .revoke("https://packagist.com/docs/api"),
    SecretRule::new(
        "jfrog-access-token",
        "JFrog Platform access (identity) token",
        Category::Registry,
        Severity::High,
        &["eyj2zxiioiiyiiwidhlwijoisldu"],
        r#"\b(?P<s>eyJ2ZXIiOiIyIiwidHlwIjoiSldUIiwiYWxnIjoiUlMyNTYiLCJraWQiOi[A-Za-z0-9_\-]{10,200}\.[A-Za-z0-9_\-]{20,4000}\.[A-Za-z0-9_\-]{40,1000})"#,
    )
    .about("A JFrog Platform access token, including identity tokens (a JWT whose header starts `{\"ver\":\"2\",\"typ\":\"JWT\"`). It reads and deploys artifacts with the permissions of its subject.")
    .priority(3)
    .prefixed()
    .revoke("https://jfrog.com/help/r/jfrog-platform-administration-documentation/access-tokens"),
    SecretRule::new(
        "nexus-repository-password",
        "Sonatype Nexus Repository password or user token",
        Category::Registry,
        Severity::High,
        &["nexus"],
        r#"(?i)(?:nexus)[\w.\-]{0,30}?(?:password|pass|token|user[_.\-]?token)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[^\s\"'$]{8,128})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .check(Check::GenericValue)
    .revoke("https://help.sonatype.com/en/user-tokens.html"),
    SecretRule::new(
        "nuget-config-cleartext-password",
        "Clear-text password in NuGet.Config",
        Category::Registry,
        Severity::High,
        &["cleartextpassword"],
        r#"(?i)<add\s+key\s*=\s*\"ClearTextPassword\"\s+value\s*=\s*\"(?P<s>[^\"\s]{6,200})\""#,
    )
    .about("A clear-text password or personal access token in the `packageSourceCredentials` of a `NuGet.Config`. It reads (and often pushes to) the private package feed.")
    .entropy(3.0)
    .revoke("https://learn.microsoft.com/nuget/reference/nuget-config-file#packagesourcecredentials"),
    SecretRule::new(
        "yarn-npm-auth-token",
        "npm auth token in .yarnrc.yml",
        Category::Registry,
        Severity::High,
        &["npmauthtoken"],
        r#"(?i)npmAuthToken\s*:\s*[\"']?(?P<s>[A-Za-z0-9_\-+/=.:]{20,200})"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://docs.npmjs.com/revoking-access-tokens"),
    SecretRule::new(
        "rubygems-legacy-api-key",
        "RubyGems API key (legacy 32-hex format)",
        Category::Registry,
        Severity::Critical,
        &[":rubygems_api_key:", "gem_host_api_key", "rubygems_api_key"],
        r#"(?i)(?::rubygems_api_key:|gem[_.\-]?host[_.\-]?api[_.\-]?key|rubygems[_.\-]?api[_.\-]?key)\\?[\"']?\s*(?:[:=]|:=|=>|\s)?\s*\\?[\"']?(?P<s>[a-f0-9]{32})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://rubygems.org/profile/api_keys"),
    SecretRule::new(
        "chocolatey-api-key",
        "Chocolatey community repository API key",
        Category::Registry,
        Severity::High,
        &["chocolatey", "choco_", "choco-"],
        r#"(?i)(?:choco(?:latey)?)[\w.\-]{0,30}?(?:api[_.\-]?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .revoke("https://community.chocolatey.org/account"),
    SecretRule::new(
        "conan-remote-password",
        "Conan remote password",
        Category::Registry,
        Severity::High,
        &["conan_password", "conan_login_password"],
        r#"(?i)conan_(?:login_)?password(?:_[A-Z0-9_]{1,40})?\s*[:=]\s*[\"']?(?P<s>[^\s\"'$]{8,200})"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .check(Check::GenericValue)
    .revoke("https://docs.conan.io/2/reference/commands/remote.html"),
    SecretRule::new(
        "poetry-repository-credential",
        "Poetry repository password or token",
        Category::Registry,
        Severity::High,
        &["poetry_http_basic_", "poetry_pypi_token_"],
        r#"(?i)POETRY_(?:HTTP_BASIC_[A-Z0-9_]{1,40}_PASSWORD|PYPI_TOKEN_[A-Z0-9_]{1,40})\s*[:=]\s*[\"']?(?P<s>[^\s\"'$]{8,200})"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .check(Check::GenericValue)
    .revoke("https://python-poetry.org/docs/repositories/#configuring-credentials"),
    SecretRule::new(
        "twine-password",
        "Twine upload password",
        Category::Registry,
        Severity::High,
        &["twine_password"],
        r#"(?i)TWINE_PASSWORD\s*[:=]\s*[\"']?(?P<s>[^\s\"'$]{8,200})"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .check(Check::GenericValue)
    .revoke("https://pypi.org/manage/account/token/"),
    SecretRule::new(
        "cargo-registry-token",
        "Cargo alternative registry token",
        Category::Registry,
        Severity::High,
        &["cargo_registries_"],
        r#"(?i)CARGO_REGISTRIES_[A-Z0-9_]{1,40}_TOKEN\s*[:=]\s*[\"']?(?P<s>[A-Za-z0-9_\-+/=.:]{20,200})"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://doc.rust-lang.org/cargo/reference/registry-authentication.html"),
];
