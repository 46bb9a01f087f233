//! Connection strings and URIs that carry passwords.

use crate::rule::{Category, Check, SecretRule};
use tollgate_core::{Confidence, Severity};

pub(crate) const RULES: &[SecretRule] = &[
    SecretRule::new(
        "postgres-uri-password",
        "PostgreSQL connection URI with password",
        Category::Database,
        Severity::Critical,
        &["postgres"],
        r#"(?i)\b(?:postgres(?:ql)?|postgis|pgsql)(?:\+[a-z0-9]+)?://[^:/?#@\s"\'`]{1,100}:(?P<s>[^@/?#\s"\'`]{3,200})@(?P<host>[^\s"\'/?#:`,;]+)"#,
    ),
    SecretRule::new(
        "mysql-uri-password",
        "MySQL / MariaDB connection URI with password",
        Category::Database,
        Severity::Critical,
        &["mysql", "mariadb"],
        r#"(?i)\b(?:mysql|mariadb)(?:\+[a-z0-9]+)?://[^:/?#@\s"\'`]{1,100}:(?P<s>[^@/?#\s"\'`]{3,200})@(?P<host>[^\s"\'/?#:`,;]+)"#,
    ),
    SecretRule::new(
        "mongodb-uri-password",
        "MongoDB connection URI with password",
        Category::Database,
        Severity::Critical,
        &["mongodb"],
        r#"(?i)\bmongodb(?:\+srv)?://[^:/?#@\s"\'`]{1,100}:(?P<s>[^@/?#\s"\'`]{3,200})@(?P<host>[^\s"\'/?#:`,;]+)"#,
    ),
    SecretRule::new(
        "redis-uri-password",
        "Redis connection URI with password",
        Category::Database,
        Severity::High,
        &["redis"],
        r#"(?i)\brediss?://(?:[^:/?#@\s"\'`]{0,100}):(?P<s>[^@/?#\s"\'`]{3,200})@(?P<host>[^\s"\'/?#:`,;]+)"#,
    ),
    SecretRule::new(
        "amqp-uri-password",
        "AMQP (RabbitMQ) connection URI with password",
        Category::Database,
        Severity::High,
        &["amqp"],
        r#"(?i)\bamqps?://[^:/?#@\s"\'`]{1,100}:(?P<s>[^@/?#\s"\'`]{3,200})@(?P<host>[^\s"\'/?#:`,;]+)"#,
    ),
    SecretRule::new(
        "ftp-uri-password",
        "FTP / SFTP URI with password",
        Category::Database,
        Severity::High,
        &["ftp://"],
        r#"(?i)\bs?ftps?://[^:/?#@\s"\'`]{1,100}:(?P<s>[^@/?#\s"\'`]{3,200})@(?P<host>[^\s"\'/?#:`,;]+)"#,
    ),
    SecretRule::new(
        "ldap-uri-password",
        "LDAP URI with bind password",
        Category::Database,
        Severity::High,
        &["ldap"],
        r#"(?i)\bldaps?://[^:/?#@\s"\'`]{1,100}:(?P<s>[^@/?#\s"\'`]{3,200})@(?P<host>[^\s"\'/?#:`,;]+)"#,
    ),
    SecretRule::new(
        "smtp-uri-password",
        "SMTP URI with password",
        Category::Database,
        Severity::Medium,
        &["smtp"],
        r#"(?i)\bsmtps?://[^:/?#@\s"\'`]{1,100}:(?P<s>[^@/?#\s"\'`]{3,200})@(?P<host>[^\s"\'/?#:`,;]+)"#,
    ),
    SecretRule::new(
        "http-url-password",
        "URL with embedded password",
        Category::Database,
        Severity::High,
        &["http"],
        r#"(?i)\bhttps?://[^:/?#@\s"\'`]{1,100}:(?P<s>[^@/?#\s"\'`]{3,200})@(?P<host>[^\s"\'/?#:`,;]+)"#,
    )
    .confidence(Confidence::Medium)
    .check(Check::GenericValue)
    .priority(1),
    SecretRule::new(
        "jdbc-password",
        "JDBC connection string with password",
        Category::Database,
        Severity::Critical,
        &["jdbc:"],
        r#"(?i)jdbc:[a-z0-9]+:[^\s"\'`]*?[;?&:]password=(?P<s>[^;&\s"\'`]{3,100})"#,
    ),
    SecretRule::new(
        "adonet-password",
        "ADO.NET connection string with password",
        Category::Database,
        Severity::Critical,
        &["password=", "pwd="],
        r#"(?i)(?:server|data source|host|address)\s*=[^;"\'\n]+;[^"\'\n]*?\b(?:password|pwd)\s*=\s*(?P<s>[^;"\'\n]{3,100})"#,
    ),
    SecretRule::new(
        "kubernetes-secret-value",
        "Secret value in a Kubernetes Secret manifest",
        Category::Database,
        Severity::High,
        &[],
        r#""#,
    )
    .about("A value of a Kubernetes `Secret` manifest's `data` (base64) or `stringData` whose key names a credential, decoded and checked like any other secret. Committed Secret manifests put cluster credentials in every clone."),
];
