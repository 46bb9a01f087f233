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
        r#"(?i)\b(?:postgres(?:ql)?|postgis|pgsql)(?:\+[a-z0-9]{1,20})?://[^:/?#@\s"\'`]{1,100}:(?P<s>[^@/?#\s"\'`]{3,200})@(?P<host>[^\s"\'/?#:`,;]{1,253})"#,
    ),
    SecretRule::new(
        "mysql-uri-password",
        "MySQL / MariaDB connection URI with password",
        Category::Database,
        Severity::Critical,
        &["mysql", "mariadb"],
        r#"(?i)\b(?:mysql|mariadb)(?:\+[a-z0-9]{1,20})?://[^:/?#@\s"\'`]{1,100}:(?P<s>[^@/?#\s"\'`]{3,200})@(?P<host>[^\s"\'/?#:`,;]{1,253})"#,
    ),
    SecretRule::new(
        "mongodb-uri-password",
        "MongoDB connection URI with password",
        Category::Database,
        Severity::Critical,
        &["mongodb"],
        r#"(?i)\bmongodb(?:\+srv)?://[^:/?#@\s"\'`]{1,100}:(?P<s>[^@/?#\s"\'`]{3,200})@(?P<host>[^\s"\'/?#:`,;]{1,253})"#,
    ),
    SecretRule::new(
        "redis-uri-password",
        "Redis connection URI with password",
        Category::Database,
        Severity::High,
        &["redis"],
        r#"(?i)\brediss?://(?:[^:/?#@\s"\'`]{0,100}):(?P<s>[^@/?#\s"\'`]{3,200})@(?P<host>[^\s"\'/?#:`,;]{1,253})"#,
    ),
    SecretRule::new(
        "amqp-uri-password",
        "AMQP (RabbitMQ) connection URI with password",
        Category::Database,
        Severity::High,
        &["amqp"],
        r#"(?i)\bamqps?://[^:/?#@\s"\'`]{1,100}:(?P<s>[^@/?#\s"\'`]{3,200})@(?P<host>[^\s"\'/?#:`,;]{1,253})"#,
    ),
    SecretRule::new(
        "ftp-uri-password",
        "FTP / SFTP URI with password",
        Category::Database,
        Severity::High,
        &["ftp://"],
        r#"(?i)\bs?ftps?://[^:/?#@\s"\'`]{1,100}:(?P<s>[^@/?#\s"\'`]{3,200})@(?P<host>[^\s"\'/?#:`,;]{1,253})"#,
    ),
    SecretRule::new(
        "ldap-uri-password",
        "LDAP URI with bind password",
        Category::Database,
        Severity::High,
        &["ldap"],
        r#"(?i)\bldaps?://[^:/?#@\s"\'`]{1,100}:(?P<s>[^@/?#\s"\'`]{3,200})@(?P<host>[^\s"\'/?#:`,;]{1,253})"#,
    ),
    SecretRule::new(
        "smtp-uri-password",
        "SMTP URI with password",
        Category::Database,
        Severity::Medium,
        &["smtp"],
        r#"(?i)\bsmtps?://[^:/?#@\s"\'`]{1,100}:(?P<s>[^@/?#\s"\'`]{3,200})@(?P<host>[^\s"\'/?#:`,;]{1,253})"#,
    ),
    SecretRule::new(
        "http-url-password",
        "URL with embedded password",
        Category::Database,
        Severity::High,
        &["http"],
        r#"(?i)\bhttps?://[^:/?#@\s"\'`]{1,100}:(?P<s>[^@/?#\s"\'`]{3,200})@(?P<host>[^\s"\'/?#:`,;]{1,253})"#,
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
        r#"(?i)jdbc:[a-z0-9]{1,30}:[^\s"\'`]{0,400}?[;?&:]password=(?P<s>[^;&\s"\'`]{3,100})"#,
    ),
    SecretRule::new(
        "adonet-password",
        "ADO.NET connection string with password",
        Category::Database,
        Severity::Critical,
        &["password=", "pwd="],
        r#"(?i)(?:server|data source|host|address)\s*=[^;"\'\n]{1,300};[^"\'\n]{0,600}?\b(?:password|pwd)\s*=\s*(?P<s>[^;"\'\n]{3,100})"#,
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
    SecretRule::new(
        "mssql-uri-password",
        "SQL Server connection URI with password",
        Category::Database,
        Severity::Critical,
        &["mssql", "sqlserver://"],
        r#"(?i)\b(?:mssql|sqlserver)(?:\+[a-z0-9]{1,20})?://[^:/?#@\s"'`]{1,100}:(?P<s>[^@/?#\s"'`]{3,200})@(?P<host>[^\s"'/?#:`,;]{1,253})"#,
    ),
    SecretRule::new(
        "oracle-uri-password",
        "Oracle connection URI with password",
        Category::Database,
        Severity::Critical,
        &["oracle"],
        r#"(?i)\boracle(?:\+[a-z0-9_]{1,20})?://[^:/?#@\s"'`]{1,100}:(?P<s>[^@/?#\s"'`]{3,200})@(?P<host>[^\s"'/?#:`,;]{1,253})"#,
    ),
    SecretRule::new(
        "neo4j-uri-password",
        "Neo4j connection URI with password",
        Category::Database,
        Severity::Critical,
        &["neo4j", "bolt://", "bolt+s"],
        r#"(?i)\b(?:neo4j|bolt)(?:\+s|\+ssc)?://[^:/?#@\s"'`]{1,100}:(?P<s>[^@/?#\s"'`]{3,200})@(?P<host>[^\s"'/?#:`,;]{1,253})"#,
    ),
    SecretRule::new(
        "cassandra-uri-password",
        "Cassandra connection URI with password",
        Category::Database,
        Severity::Critical,
        &["cassandra://"],
        r#"(?i)\bcassandra://[^:/?#@\s"'`]{1,100}:(?P<s>[^@/?#\s"'`]{3,200})@(?P<host>[^\s"'/?#:`,;]{1,253})"#,
    ),
    SecretRule::new(
        "couchbase-uri-password",
        "Couchbase connection URI with password",
        Category::Database,
        Severity::Critical,
        &["couchbase"],
        r#"(?i)\bcouchbases?://[^:/?#@\s"'`]{1,100}:(?P<s>[^@/?#\s"'`]{3,200})@(?P<host>[^\s"'/?#:`,;]{1,253})"#,
    ),
    SecretRule::new(
        "clickhouse-uri-password",
        "ClickHouse connection URI with password",
        Category::Database,
        Severity::Critical,
        &["clickhouse"],
        r#"(?i)\bclickhouse(?:\+[a-z]{1,20})?://[^:/?#@\s"'`]{1,100}:(?P<s>[^@/?#\s"'`]{3,200})@(?P<host>[^\s"'/?#:`,;]{1,253})"#,
    ),
    SecretRule::new(
        "cockroachdb-uri-password",
        "CockroachDB connection URI with password",
        Category::Database,
        Severity::Critical,
        &["cockroachdb"],
        r#"(?i)\bcockroachdb(?:\+[a-z0-9]{1,20})?://[^:/?#@\s"'`]{1,100}:(?P<s>[^@/?#\s"'`]{3,200})@(?P<host>[^\s"'/?#:`,;]{1,253})"#,
    ),
    SecretRule::new(
        "mqtt-uri-password",
        "MQTT broker URI with password",
        Category::Database,
        Severity::High,
        &["mqtt"],
        r#"(?i)\bmqtts?://[^:/?#@\s"'`]{1,100}:(?P<s>[^@/?#\s"'`]{3,200})@(?P<host>[^\s"'/?#:`,;]{1,253})"#,
    ),
    SecretRule::new(
        "nats-uri-password",
        "NATS server URI with password",
        Category::Database,
        Severity::High,
        &["nats://"],
        r#"(?i)\bnats://[^:/?#@\s"'`]{1,100}:(?P<s>[^@/?#\s"'`]{3,200})@(?P<host>[^\s"'/?#:`,;]{1,253})"#,
    ),
    SecretRule::new(
        "kafka-jaas-password",
        "Kafka SASL JAAS configuration with password",
        Category::Database,
        Severity::Critical,
        &["loginmodule"],
        r#"(?i)loginmodule\s+required\b[^\n]{0,300}?\bpassword\s*=\s*\\?"(?P<s>[^"\\\s]{3,200})\\?""#,
    )
    .about("A Kafka client's `sasl.jaas.config` with a PLAIN or SCRAM password in clear text. It authenticates to the brokers as that principal and reads or writes the topics its ACLs allow."),
    SecretRule::new(
        "redis-requirepass",
        "Redis server password (requirepass / masterauth)",
        Category::Database,
        Severity::High,
        &["requirepass", "masterauth"],
        r##"(?im)^\s*(?:requirepass|masterauth)\s+"?(?P<s>[^\s"#]{6,200})"?\s*$"##,
    )
    .about("A password set by `requirepass` or `masterauth` in a Redis configuration file. It authenticates to the server (or its primary) with full access to every key.")
    .check(Check::GenericValue),
    SecretRule::new(
        "nats-nkey-seed",
        "NATS NKey seed",
        Category::Database,
        Severity::Critical,
        &["nkey seed-----"],
        r#"-----BEGIN (?:USER|ACCOUNT|OPERATOR) NKEY SEED-----(?:\\n|\r?\n)(?P<s>S[UAO][A-Z2-7]{56})\b"#,
    )
    .about("A NATS NKey seed (the private key of a user, account or operator, as in a `.creds` file). It signs in to NATS as that identity; an operator or account seed issues new users.")
    .block(200),
    SecretRule::new(
        "influxdb-token",
        "InfluxDB API token",
        Category::Database,
        Severity::Critical,
        &["influx"],
        r#"(?i)influx(?:db)?[\w.\-]{0,30}?(?:api[_.\-]?|admin[_.\-]?|auth[_.\-]?|operator[_.\-]?)?token[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9_\-]{86}==))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(4.0)
    .revoke("https://docs.influxdata.com/influxdb/cloud/admin/tokens/"),
    SecretRule::new(
        "neon-api-key",
        "Neon API key",
        Category::Database,
        Severity::Critical,
        &["napi_"],
        r#"\b(?P<s>napi_[a-z0-9]{64})\b"#,
    )
    .about("A Neon API key (`napi_`). It creates, resets and deletes the organisation's Postgres projects, branches and roles, including their passwords.")
    .entropy(3.5)
    .prefixed()
    .revoke("https://console.neon.tech/app/settings/api-keys"),
    SecretRule::new(
        "upstash-token",
        "Upstash REST or management token",
        Category::Database,
        Severity::High,
        &["upstash"],
        r#"(?i)upstash[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key|token|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9_\-]{40,120}={0,2}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(4.0)
    .revoke("https://console.upstash.com/"),
    SecretRule::new(
        "aiven-api-token",
        "Aiven API token",
        Category::Database,
        Severity::Critical,
        &["aiven"],
        r#"(?i)aiven[\w.\-]{0,30}?(?:api[_.\-]?|auth[_.\-]?)?token[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9+/]{100,400}={0,2}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(4.5)
    .revoke("https://console.aiven.io/profile/tokens"),
    SecretRule::new(
        "couchbase-capella-api-secret",
        "Couchbase Capella API key secret",
        Category::Database,
        Severity::Critical,
        &["capella", "couchbase"],
        r#"(?i)(?:capella|couchbase)[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key[_.\-]?)?secret[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{48,128}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(4.0)
    .revoke("https://cloud.couchbase.com/"),
    SecretRule::new(
        "clickhouse-cloud-api-secret",
        "ClickHouse Cloud API key secret",
        Category::Database,
        Severity::Critical,
        &["clickhouse"],
        r#"(?i)clickhouse[\w.\-]{0,30}?(?:api[_.\-]?)?(?:key[_.\-]?)?secret[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{40,48}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(4.0)
    .revoke("https://console.clickhouse.cloud/"),
    SecretRule::new(
        "cockroachdb-cloud-api-key",
        "CockroachDB Cloud API secret key",
        Category::Database,
        Severity::Critical,
        &["cockroach", "ccloud"],
        r#"(?i)(?:cockroach(?:db|labs)?|ccloud)[\w.\-]{0,30}?(?:api[_.\-]?|secret[_.\-]?)(?:key|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9_]{40,80}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(4.0)
    .revoke("https://cockroachlabs.cloud/"),
    SecretRule::new(
        "redis-cloud-api-key",
        "Redis Cloud API account or user key",
        Category::Database,
        Severity::Critical,
        &["rediscloud", "redis_cloud", "redis-cloud", "redislabs", "redis_labs"],
        r#"(?i)redis[_.\-]?(?:cloud|labs)[\w.\-]{0,30}?(?:api[_.\-]?|access[_.\-]?|secret[_.\-]?|user[_.\-]?|account[_.\-]?)?(?:key|secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{40,60}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(4.0)
    .revoke("https://app.redislabs.com/"),
    SecretRule::new(
        "mongodb-atlas-api-private-key",
        "MongoDB Atlas programmatic API private key",
        Category::Database,
        Severity::Critical,
        &["atlas", "mongodb"],
        r#"(?i)(?:mongodb|atlas)(?s:.){0,160}?private[_.\-]?key[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}))(?:[^\w\-]|$)"#,
    )
    .about("The private half of a MongoDB Atlas programmatic API key (a UUID; the public half is 8 lower-case letters). With the pair an attacker manages the organisation's or project's clusters, database users, network access and backups.")
    .confidence(Confidence::Medium)
    .block(400)
    .revoke("https://www.mongodb.com/docs/atlas/configure-api-access/"),
    SecretRule::new(
        "prisma-accelerate-url",
        "Prisma Accelerate / Prisma Postgres connection string",
        Category::Database,
        Severity::Critical,
        &["accelerate.prisma-data.net"],
        r#"prisma(?:\+postgres)?://accelerate\.prisma-data\.net/?\?api_key=(?P<s>eyJ[A-Za-z0-9_\-]{10,600}\.[A-Za-z0-9_\-]{10,2000}\.[A-Za-z0-9_\-]{20,600})"#,
    )
    .about("A Prisma Accelerate or Prisma Postgres connection string with its API key. It runs queries against the project's database through Prisma's proxy.")
    .prefixed()
    .revoke("https://console.prisma.io/"),
    SecretRule::new(
        "xata-api-key",
        "Xata API key",
        Category::Database,
        Severity::Critical,
        &["xau_"],
        r#"\b(?P<s>xau_[A-Za-z0-9]{32,40})\b"#,
    )
    .entropy(4.0)
    .prefixed()
    .revoke("https://app.xata.io/settings"),
    SecretRule::new(
        "motherduck-token",
        "MotherDuck access token",
        Category::Database,
        Severity::High,
        &["motherduck"],
        r#"(?i)motherduck[\w.\-]{0,30}?(?:access[_.\-]?|service[_.\-]?)?token[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:eyJ[A-Za-z0-9_\-]{10,500}\.[A-Za-z0-9_\-]{10,2000}\.[A-Za-z0-9_\-]{20,1000}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .revoke("https://app.motherduck.com/"),
    SecretRule::new(
        "turso-auth-token",
        "Turso / libSQL database auth token",
        Category::Database,
        Severity::High,
        &["turso", "libsql"],
        r#"(?i)(?:turso|libsql)[\w.\-]{0,30}?(?:auth[_.\-]?|db[_.\-]?|database[_.\-]?|api[_.\-]?|platform[_.\-]?)?token[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:eyJ[A-Za-z0-9_\-]{10,500}\.[A-Za-z0-9_\-]{10,2000}\.[A-Za-z0-9_\-]{20,1000}))(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .revoke("https://app.turso.tech/"),
    SecretRule::new(
        "mysql-cli-password",
        "MySQL client command with password",
        Category::Database,
        Severity::High,
        &["mysql"],
        r#"\b(?i:mysql(?:dump|admin|import|sh|check)?)(?:\s[^\n]{0,120}?)?\s(?:-p|--password=)["']?(?P<s>[^\s"'`;]{3,100})"#,
    )
    .about("A MySQL or MariaDB client command (`mysql`, `mysqldump`, `mysqladmin`) with the password on the command line (`-pSECRET` or `--password=`). Besides the repository, it also lands in shell history and process listings.")
    .check(Check::GenericValue),
    SecretRule::new(
        "redis-cli-password",
        "redis-cli command with password",
        Category::Database,
        Severity::High,
        &["redis-cli"],
        r#"\bredis-cli(?:\s[^\n]{0,120}?)?\s(?:-a|--pass)\s+["']?(?P<s>[^\s"'`;]{3,100})"#,
    )
    .check(Check::GenericValue),
    SecretRule::new(
        "oracle-cli-password",
        "Oracle client command with user/password",
        Category::Database,
        Severity::Critical,
        &["sqlplus", "expdp", "impdp", "sqlldr"],
        r#"\b(?i:sqlplus|expdp|impdp|sqlldr)\s+(?:-[A-Za-z]{1,12}\s+){0,4}["']?[A-Za-z0-9_$#]{1,30}/(?P<s>[^@\s/"'`]{3,100})@"#,
    )
    .about("An Oracle client command (`sqlplus`, `expdp`, `impdp`, `sqlldr`) with `user/password@database` on the command line.")
    .check(Check::GenericValue),
    SecretRule::new(
        "mongodb-cli-password",
        "MongoDB shell or tool command with password",
        Category::Database,
        Severity::Critical,
        &["mongo"],
        r#"\b(?i:mongo(?:sh|dump|restore|export|import|stat|top)?)(?:\s[^\n]{0,160}?)?\s(?:--password[= ]|-p\s+)["']?(?P<s>[^\s"'`;]{3,100})"#,
    )
    .check(Check::GenericValue),
];
