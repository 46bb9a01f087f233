//! What every scanner may want to know of a file from its path: its language and whether
//! it is a test, fixture, example or documentation.

use serde::Serialize;

/// The language or format of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Language {
    C,
    Cpp,
    CSharp,
    Go,
    Java,
    JavaScript,
    Kotlin,
    Php,
    Python,
    Ruby,
    Rust,
    Scala,
    Shell,
    Swift,
    TypeScript,
    Sql,
    Html,
    Json,
    Yaml,
    Toml,
    Xml,
    Ini,
    Properties,
    DotEnv,
    Terraform,
    Hcl,
    Dockerfile,
    Notebook,
    Markdown,
    Text,
    Pem,
}

impl Language {
    /// Configuration and data formats, where `key = value` is a setting, not code.
    pub fn is_config(self) -> bool {
        matches!(
            self,
            Language::Json
                | Language::Yaml
                | Language::Toml
                | Language::Xml
                | Language::Ini
                | Language::Properties
                | Language::DotEnv
                | Language::Terraform
                | Language::Hcl
        )
    }

    /// Prose: documentation where example credentials are common.
    pub fn is_prose(self) -> bool {
        matches!(self, Language::Markdown | Language::Text | Language::Html)
    }
}

/// Everything known about a file before a scanner looks at it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FileClass {
    pub language: Option<Language>,
    /// Under a test, fixture, example, docs or mock directory, or named like a test.
    pub test_or_example: bool,
    /// A translation catalogue (`locales/`, `i18n/`, `.po`, `messages_de.properties`,
    /// `strings.xml`): its values are words shown to users, not configuration.
    pub translations: bool,
}

impl FileClass {
    pub fn is_config(&self) -> bool {
        self.language.is_some_and(Language::is_config)
    }
    pub fn is_prose(&self) -> bool {
        self.language.is_some_and(Language::is_prose)
    }
}

/// Classify by path (relative, `/`-separated). The kinds a scanner cares about beyond
/// language (lockfiles, IaC) are the scanner's own to recognise (its `Selection`).
pub fn classify(rel_path: &str) -> FileClass {
    let name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    FileClass {
        language: language_of(&lower, ext),
        test_or_example: is_test_or_example(rel_path),
        translations: is_translation_catalogue(rel_path, &lower, ext),
    }
}

/// Where applications keep the words they show, one file per language.
fn is_translation_catalogue(rel_path: &str, name: &str, ext: &str) -> bool {
    if matches!(ext, "po" | "pot" | "xlf" | "xliff" | "strings" | "arb") {
        return true;
    }
    let stem = name.split('.').next().unwrap_or(name);
    if name == "strings.xml" || (ext == "properties" && stem.starts_with("messages")) {
        return true;
    }
    // Every file is classified: compare the directories in place, copying nothing.
    const DIRS: &[&str] = &[
        "locale",
        "locales",
        "i18n",
        "l10n",
        "lang",
        "langs",
        "translations",
        "translation",
    ];
    rel_path
        .rsplit('/')
        .skip(1)
        .any(|d| DIRS.iter().any(|t| d.eq_ignore_ascii_case(t)))
}

/// Extensions that make `dockerfile.<ext>` a file about Dockerfiles (a parser's source, a
/// fuzzing dictionary, notes), not a Dockerfile: `Dockerfile.prod` is one, `dockerfile.rs`
/// is not.
const NOT_A_DOCKERFILE: &[&str] = &[
    "rs",
    "go",
    "py",
    "js",
    "ts",
    "java",
    "kt",
    "rb",
    "php",
    "cs",
    "c",
    "h",
    "cpp",
    "sh",
    "md",
    "txt",
    "rst",
    "adoc",
    "html",
    "json",
    "toml",
    "dict",
    "snap",
    "dockerignore",
];

/// Whether a lowercase file name is a Dockerfile (`Dockerfile`, `Containerfile`,
/// `Dockerfile.prod`, `api.dockerfile`).
pub fn is_dockerfile_name(name: &str) -> bool {
    let variant = |prefix: &str| {
        name.strip_prefix(prefix)
            .is_some_and(|ext| !NOT_A_DOCKERFILE.contains(&ext.rsplit('.').next().unwrap_or(ext)))
    };
    name == "dockerfile"
        || name == "containerfile"
        || variant("dockerfile.")
        || variant("containerfile.")
        || name.ends_with(".dockerfile")
}

fn language_of(name: &str, ext: &str) -> Option<Language> {
    use Language::*;
    if is_dockerfile_name(name) {
        return Some(Dockerfile);
    }
    if name == ".env" || name.starts_with(".env.") || name.ends_with(".env") {
        return Some(DotEnv);
    }
    if matches!(
        name,
        ".npmrc"
            | ".pypirc"
            | ".netrc"
            | "_netrc"
            | ".gitconfig"
            | ".s3cfg"
            | "credentials"
            | "config"
    ) {
        return Some(Ini);
    }
    Some(match ext {
        "c" | "h" => C,
        "cc" | "cpp" | "cxx" | "hpp" | "hh" => Cpp,
        "cs" | "csx" => CSharp,
        "go" => Go,
        "java" => Java,
        "js" | "mjs" | "cjs" | "jsx" => JavaScript,
        "ts" | "tsx" | "mts" | "cts" => TypeScript,
        "kt" | "kts" => Kotlin,
        "php" => Php,
        "py" | "pyw" | "pyi" => Python,
        "rb" | "rake" | "gemspec" => Ruby,
        "rs" => Rust,
        "scala" | "sc" => Scala,
        "sh" | "bash" | "zsh" | "ksh" | "ps1" | "bat" | "cmd" => Shell,
        "swift" => Swift,
        "sql" => Sql,
        "html" | "htm" | "vue" | "svelte" | "jsp" | "erb" => Html,
        "json" | "jsonc" | "json5" => Json,
        "yaml" | "yml" => Yaml,
        "toml" | "lock" if name == "cargo.lock" || ext == "toml" => Toml,
        "xml" | "config" | "csproj" | "plist" => Xml,
        "ini" | "cfg" | "conf" | "cnf" => Ini,
        "properties" => Properties,
        "env" => DotEnv,
        "tf" => Terraform,
        "tfvars" | "hcl" => Hcl,
        "ipynb" => Notebook,
        "md" | "markdown" | "rst" | "adoc" => Markdown,
        "txt" => Text,
        "pem" | "key" | "crt" | "cer" | "p8" | "ppk" | "asc" | "gpg" | "pub" => Pem,
        _ => return None,
    })
}

/// Directory and file names that mark tests, fixtures, examples and documentation.
fn is_test_or_example(rel_path: &str) -> bool {
    let lower = rel_path.to_ascii_lowercase();
    let mut parts = lower.split('/').peekable();
    while let Some(part) = parts.next() {
        let is_file = parts.peek().is_none();
        if is_file {
            let stem = part.split('.').next().unwrap_or(part);
            return stem.starts_with("test_")
                || stem.ends_with("_test")
                || stem.ends_with("_tests")
                || stem.ends_with("_spec")
                || stem.starts_with("example")
                || stem.starts_with("sample")
                || part.contains(".test.")
                || part.contains(".spec.")
                || part.contains(".example")
                || part.contains(".sample")
                || stem.ends_with("test") && part.ends_with(".java")
                || stem.ends_with("tests") && part.ends_with(".cs");
        }
        if matches!(
            part,
            "test"
                | "tests"
                | "testing"
                | "testdata"
                | "test_data"
                | "test-data"
                | "__tests__"
                | "spec"
                | "specs"
                | "fixture"
                | "fixtures"
                | "__fixtures__"
                | "mock"
                | "mocks"
                | "__mocks__"
                | "example"
                | "examples"
                | "sample"
                | "samples"
                | "demo"
                | "demos"
                | "doc"
                | "docs"
                | "documentation"
                | "testutil"
                | "testutils"
                | "testsuite"
                | "vendor"
                | "third_party"
                | "node_modules"
                | "site-packages"
        ) || part.ends_with("_test")
            || part.ends_with("-tests")
            || part.ends_with("_tests")
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_and_kinds() {
        let c = classify("src/main.rs");
        assert_eq!(c.language, Some(Language::Rust));
        assert!(!c.test_or_example);
        assert_eq!(
            classify("deploy/.env.production").language,
            Some(Language::DotEnv)
        );
        assert_eq!(
            classify("infra/main.tf").language,
            Some(Language::Terraform)
        );
        assert_eq!(classify("a/b/unknown.xyz").language, None);
        for d in [
            "Dockerfile",
            "deploy/Dockerfile.prod",
            "Containerfile",
            "api.dockerfile",
        ] {
            assert_eq!(classify(d).language, Some(Language::Dockerfile), "{d}");
        }
        // Files about Dockerfiles are what their extension says.
        assert_eq!(classify("src/dockerfile.rs").language, Some(Language::Rust));
        assert_ne!(
            classify("fuzz/dicts/dockerfile.dict").language,
            Some(Language::Dockerfile)
        );
    }

    #[test]
    fn test_and_example_paths() {
        for p in [
            "tests/config.py",
            "src/test/java/FooTest.java",
            "pkg/server_test.go",
            "docs/setup.md",
            "app/__tests__/a.js",
            "web/login.spec.ts",
            "config/settings.example.yaml",
            "lib/testdata/x.json",
        ] {
            assert!(classify(p).test_or_example, "{p}");
        }
        for p in [
            "src/payments/stripe.py",
            "contest/main.go",
            "latest/app.js",
            "config/prod.yaml",
        ] {
            assert!(!classify(p).test_or_example, "{p}");
        }
    }

    #[test]
    fn translation_catalogues() {
        for p in [
            "config/locales/de.yml",
            "src/i18n/en.json",
            "locale/fr/LC_MESSAGES/django.po",
            "app/src/main/res/values-de/strings.xml",
            "src/main/resources/messages_de.properties",
            "ios/en.lproj/Localizable.strings",
            "web/public/lang/pt-BR.json",
        ] {
            assert!(classify(p).translations, "{p}");
        }
        for p in [
            "config/settings.yml",
            "src/main/resources/application.properties",
            "src/language/parser.rs",
            "deploy/.env",
            "src/i18n.ts",
        ] {
            assert!(!classify(p).translations, "{p}");
        }
    }
}
