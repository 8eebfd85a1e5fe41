//! Settings read from `CUTIS_*` environment variables, with defaults that serve the demo on
//! SQLite. Values that may hold credentials are wrapped in [`SecretString`] so that neither
//! `Debug` nor a log line can print them.

use std::path::PathBuf;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};

/// Everything the server needs to start, in one place.
#[derive(Clone, Debug)]
pub struct Settings {
    /// `CUTIS_DATABASE_URL`: `sqlite://...` or `postgres://...`; may contain a password.
    pub database_url: SecretString,
    /// `CUTIS_BIND`: address to listen on; port 0 picks a free port.
    pub bind: String,
    /// `CUTIS_LOG`: a `tracing` filter such as `info` or `cutis=debug,info`.
    pub log: String,
    /// `CUTIS_WORKERS`: HTTP worker threads; defaults to the number of CPUs.
    pub workers: usize,
    /// `CUTIS_DB_MAX_CONNECTIONS`: size of the database pool.
    pub db_max_connections: u32,
    /// `CUTIS_DB_BUSY_TIMEOUT_MS`: how long SQLite waits on a lock before giving up.
    pub sqlite_busy_timeout: Duration,
    /// `CUTIS_SHUTDOWN_TIMEOUT_SECS`: grace period for in-flight requests on SIGTERM/Ctrl-C.
    pub shutdown_timeout: Duration,
    /// `CUTIS_READINESS_TIMEOUT_MS`: how long `/readyz` waits for the database.
    pub readiness_timeout: Duration,
    /// `CUTIS_BODY_LIMIT_BYTES`: largest JSON body accepted.
    pub body_limit_bytes: usize,
    /// `CUTIS_LOGIN_RATE_PER_IP`: login attempts per minute from one address.
    pub login_rate_per_ip: u32,
    /// `CUTIS_LOGIN_RATE_PER_ACCOUNT`: login attempts per minute for one email.
    pub login_rate_per_account: u32,
    /// `CUTIS_LOGIN_RATE_GLOBAL`: login attempts per minute for the whole server.
    pub login_rate_global: u32,
    /// `CUTIS_PASSWORD_HASH_CONCURRENCY`: password hashes at once (default: the CPU count).
    pub password_hash_concurrency: usize,
    /// `CUTIS_PASSWORD_HASH_WAIT_MS`: how long a login waits for its turn to hash before `503`.
    pub password_hash_wait: Duration,
    /// `CUTIS_DELIVERY_CACHE_MB`: memory for cached delivery responses; 0 turns the cache off.
    pub delivery_cache_bytes: u64,
    /// `CUTIS_DELIVERY_MAX_AGE_SECS`: `Cache-Control: max-age` of delivery responses.
    pub delivery_max_age_secs: u64,
    /// `CUTIS_DELIVERY_STALE_SECS`: `stale-while-revalidate` of delivery responses.
    pub delivery_stale_secs: u64,
    /// `CUTIS_SCHEDULER_INTERVAL_MS`: how often scheduled publishing looks for due entries.
    pub scheduler_interval: Duration,
    /// How webhooks are delivered: `CUTIS_WEBHOOK_*`.
    pub webhooks: WebhookSettings,
    /// How access tokens are signed: `CUTIS_JWT_*`.
    pub jwt: JwtSettings,
    /// Limits of the GraphQL APIs: `CUTIS_GRAPHQL_*`.
    pub graphql: GraphqlSettings,
    pub media: MediaSettings,
    /// `CUTIS_PUBLIC_URL`: the address clients reach this API at (`https://cms.example`),
    /// for the absolute image URLs of JSON-LD; image paths stay relative without it.
    pub public_url: Option<String>,
    /// `CUTIS_BENCH_BASELINE`: serve `GET /__bench/constant` (a fixed 2 KB JSON body), the
    /// baseline the benchmark compares every route with. Off unless asked for.
    pub bench_baseline: bool,
    /// `CUTIS_DEMO`: on a database without workspaces, `serve` loads the demo library and
    /// prints a login and a delivery key once. Demo mode also lets `cutis serve` run without
    /// `CUTIS_JWT_SECRET` (with a key for one run); outside it that is a start-up error.
    pub demo: bool,
}

/// How the webhook worker delivers.
#[derive(Clone, Debug)]
pub struct WebhookSettings {
    /// `CUTIS_WEBHOOK_RETRY_BASE_MS`: the first backoff step; each retry waits about twice
    /// the one before.
    pub retry_base: Duration,
    /// `CUTIS_WEBHOOK_INTERVAL_MS`: how often the worker looks for due deliveries.
    pub interval: Duration,
    /// `CUTIS_WEBHOOK_ALLOW_PRIVATE`: allow `http` and loopback, private and link-local
    /// addresses (local development and tests).
    pub allow_private: bool,
}

/// What a GraphQL query may cost before it is refused, and whether delivery answers
/// introspection (production sites may hide their schema).
#[derive(Clone, Debug)]
pub struct GraphqlSettings {
    /// `CUTIS_GRAPHQL_MAX_DEPTH`: deepest selection nesting.
    pub max_depth: usize,
    /// `CUTIS_GRAPHQL_MAX_COMPLEXITY`: most fields, list fields counting once per item asked.
    pub max_complexity: usize,
    /// `CUTIS_GRAPHQL_INTROSPECTION`: `false` switches delivery introspection off.
    pub introspection: bool,
    /// `CUTIS_GRAPHQL_MAX_RESPONSE_BYTES`: largest response a query may build; past it the
    /// query is cut off.
    pub max_response_bytes: usize,
    /// `CUTIS_GRAPHQL_TIMEOUT_MS`: longest a query may run before it is cut off.
    pub timeout_ms: u64,
}

/// Where media bytes are kept and how large an upload may be.
#[derive(Clone, Debug)]
pub struct MediaSettings {
    /// `CUTIS_MEDIA_DIR`: the directory (default: beside the SQLite file, or `cutis-media`).
    pub dir: std::path::PathBuf,
    /// `CUTIS_MEDIA_MAX_BYTES`: the largest upload accepted (default 20 MiB).
    pub max_bytes: usize,
    /// `CUTIS_MEDIA_S3_BUCKET` and its companions: an S3-compatible bucket instead.
    pub s3: Option<S3Settings>,
}

/// An S3-compatible bucket (`CUTIS_MEDIA_S3_*`).
#[derive(Clone, Debug)]
pub struct S3Settings {
    pub bucket: String,
    /// `CUTIS_MEDIA_S3_ENDPOINT`: for stores other than AWS (MinIO, Ceph, R2…).
    pub endpoint: Option<String>,
    /// `CUTIS_MEDIA_S3_REGION` (default `us-east-1`).
    pub region: String,
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<SecretString>,
    /// `CUTIS_MEDIA_S3_ALLOW_HTTP`: allow a plain-HTTP endpoint (a local test server).
    pub allow_http: bool,
}

/// Access-token settings.
#[derive(Clone, Debug)]
pub struct JwtSettings {
    /// `CUTIS_JWT_ISSUER`, the `iss` claim.
    pub issuer: String,
    /// `CUTIS_JWT_AUDIENCE`, the `aud` claim.
    pub audience: String,
    pub signing: JwtSigning,
}

/// Where the signing key comes from.
#[derive(Clone, Debug)]
pub enum JwtSigning {
    /// HS256 with `CUTIS_JWT_SECRET` (at least 32 bytes).
    Hs256(SecretString),
    /// `CUTIS_JWT_ALGORITHM` = `EdDSA` or `RS256` with `CUTIS_JWT_PRIVATE_KEY_FILE` and
    /// `CUTIS_JWT_PUBLIC_KEY_FILE` (PEM).
    KeyFiles { algorithm: String, private_key_file: PathBuf, public_key_file: PathBuf },
    /// Nothing configured: a random HS256 key for this process only (the demo); tokens do not
    /// survive a restart and replicas cannot share them.
    Ephemeral,
}

/// A setting that is present but cannot be understood.
#[derive(Debug, thiserror::Error)]
#[error("{name}: {reason}")]
pub struct SettingsError {
    pub name: &'static str,
    pub reason: String,
}

impl Settings {
    /// Reads settings from the process environment.
    pub fn from_env() -> Result<Self, SettingsError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup`, so tests can supply their own environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, SettingsError> {
        let get = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
        let number = |name: &'static str, default: u64| -> Result<u64, SettingsError> {
            match get(name) {
                None => Ok(default),
                Some(raw) => raw.trim().parse().map_err(|_| SettingsError {
                    name,
                    reason: format!("expected a whole number, got {raw:?}"),
                }),
            }
        };
        let cpus = std::thread::available_parallelism().map_or(2, |n| n.get());
        Ok(Self {
            database_url: get("CUTIS_DATABASE_URL")
                .unwrap_or_else(|| "sqlite://cutis.db?mode=rwc".to_owned())
                .into(),
            bind: get("CUTIS_BIND").unwrap_or_else(|| "127.0.0.1:8080".to_owned()),
            log: get("CUTIS_LOG").unwrap_or_else(|| "info".to_owned()),
            workers: usize::try_from(number("CUTIS_WORKERS", cpus as u64)?).unwrap_or(cpus).max(1),
            db_max_connections: u32::try_from(number("CUTIS_DB_MAX_CONNECTIONS", 16)?)
                .unwrap_or(16)
                .max(1),
            sqlite_busy_timeout: Duration::from_millis(number("CUTIS_DB_BUSY_TIMEOUT_MS", 5_000)?),
            shutdown_timeout: Duration::from_secs(number("CUTIS_SHUTDOWN_TIMEOUT_SECS", 30)?),
            readiness_timeout: Duration::from_millis(number("CUTIS_READINESS_TIMEOUT_MS", 2_000)?),
            body_limit_bytes: usize::try_from(number("CUTIS_BODY_LIMIT_BYTES", 1024 * 1024)?)
                .unwrap_or(1024 * 1024),
            login_rate_per_ip: u32::try_from(number("CUTIS_LOGIN_RATE_PER_IP", 30)?).unwrap_or(30),
            login_rate_per_account: u32::try_from(number("CUTIS_LOGIN_RATE_PER_ACCOUNT", 10)?)
                .unwrap_or(10),
            login_rate_global: u32::try_from(number("CUTIS_LOGIN_RATE_GLOBAL", 600)?)
                .unwrap_or(600),
            password_hash_concurrency: usize::try_from(number(
                "CUTIS_PASSWORD_HASH_CONCURRENCY",
                cpus as u64,
            )?)
            .unwrap_or(cpus)
            .max(1),
            password_hash_wait: Duration::from_millis(number(
                "CUTIS_PASSWORD_HASH_WAIT_MS",
                2_000,
            )?),
            delivery_cache_bytes: number("CUTIS_DELIVERY_CACHE_MB", 64)?.saturating_mul(1 << 20),
            delivery_max_age_secs: number("CUTIS_DELIVERY_MAX_AGE_SECS", 60)?,
            delivery_stale_secs: number("CUTIS_DELIVERY_STALE_SECS", 300)?,
            scheduler_interval: Duration::from_millis(
                number("CUTIS_SCHEDULER_INTERVAL_MS", 15_000)?.max(10),
            ),
            webhooks: WebhookSettings {
                retry_base: Duration::from_millis(
                    number("CUTIS_WEBHOOK_RETRY_BASE_MS", 5_000)?.max(1),
                ),
                interval: Duration::from_millis(
                    number("CUTIS_WEBHOOK_INTERVAL_MS", 1_000)?.max(10),
                ),
                allow_private: switch(&get, "CUTIS_WEBHOOK_ALLOW_PRIVATE", false)?,
            },
            jwt: JwtSettings {
                issuer: get("CUTIS_JWT_ISSUER").unwrap_or_else(|| "cutis".to_owned()),
                audience: get("CUTIS_JWT_AUDIENCE").unwrap_or_else(|| "cutis-admin".to_owned()),
                signing: jwt_signing(&get)?,
            },
            graphql: GraphqlSettings::from_lookup(&get, number)?,
            media: MediaSettings::from_lookup(&get, number)?,
            public_url: public_url(&get)?,
            bench_baseline: switch(&get, "CUTIS_BENCH_BASELINE", false)?,
            demo: switch(&get, "CUTIS_DEMO", true)?,
        })
    }

    /// Which database engine the URL names.
    pub fn database_kind(&self) -> DatabaseKind {
        DatabaseKind::of(self.database_url.expose_secret())
    }
}

impl Default for GraphqlSettings {
    fn default() -> Self {
        Self {
            max_depth: 10,
            max_complexity: 500,
            introspection: true,
            max_response_bytes: 8 * 1024 * 1024,
            timeout_ms: 10_000,
        }
    }
}

impl GraphqlSettings {
    fn from_lookup(
        get: &impl Fn(&str) -> Option<String>,
        number: impl Fn(&'static str, u64) -> Result<u64, SettingsError>,
    ) -> Result<Self, SettingsError> {
        let defaults = Self::default();
        let size = |name, default: usize| {
            number(name, default as u64).map(|n| usize::try_from(n).unwrap_or(default))
        };
        Ok(Self {
            max_depth: size("CUTIS_GRAPHQL_MAX_DEPTH", defaults.max_depth)?,
            max_complexity: size("CUTIS_GRAPHQL_MAX_COMPLEXITY", defaults.max_complexity)?,
            introspection: switch(get, "CUTIS_GRAPHQL_INTROSPECTION", defaults.introspection)?,
            max_response_bytes: size(
                "CUTIS_GRAPHQL_MAX_RESPONSE_BYTES",
                defaults.max_response_bytes,
            )?,
            timeout_ms: number("CUTIS_GRAPHQL_TIMEOUT_MS", defaults.timeout_ms)?,
        })
    }
}

impl MediaSettings {
    fn from_lookup(
        get: &impl Fn(&str) -> Option<String>,
        number: impl Fn(&'static str, u64) -> Result<u64, SettingsError>,
    ) -> Result<Self, SettingsError> {
        let database = get("CUTIS_DATABASE_URL").unwrap_or_else(|| "sqlite://cutis.db".to_owned());
        let dir = get("CUTIS_MEDIA_DIR").map_or_else(|| media_dir_beside(&database), Into::into);
        let max_bytes = number("CUTIS_MEDIA_MAX_BYTES", 20 << 20)?;
        let s3 = match get("CUTIS_MEDIA_S3_BUCKET") {
            None => None,
            Some(bucket) => Some(S3Settings {
                bucket,
                endpoint: get("CUTIS_MEDIA_S3_ENDPOINT"),
                region: get("CUTIS_MEDIA_S3_REGION").unwrap_or_else(|| "us-east-1".to_owned()),
                access_key_id: get("CUTIS_MEDIA_S3_ACCESS_KEY_ID"),
                secret_access_key: get("CUTIS_MEDIA_S3_SECRET_ACCESS_KEY").map(Into::into),
                allow_http: switch(get, "CUTIS_MEDIA_S3_ALLOW_HTTP", false)?,
            }),
        };
        Ok(Self { dir, max_bytes: usize::try_from(max_bytes).unwrap_or(usize::MAX), s3 })
    }
}

/// `cutis-media` beside the SQLite file `database` names (`data/cutis.db` →
/// `data/cutis-media`), or in the working directory for other databases.
fn media_dir_beside(database: &str) -> std::path::PathBuf {
    let file = database
        .strip_prefix("sqlite://")
        .or_else(|| database.strip_prefix("sqlite:"))
        .map(|rest| rest.split('?').next().unwrap_or_default())
        .filter(|path| !path.is_empty() && *path != ":memory:");
    let Some(file) = file else { return "cutis-media".into() };
    let file = std::path::Path::new(file);
    let stem = file.file_stem().and_then(|stem| stem.to_str()).unwrap_or("cutis");
    file.with_file_name(format!("{stem}-media"))
}

/// `CUTIS_PUBLIC_URL` without its trailing `/`: an http(s) origin, with a path prefix if any.
fn public_url(get: &impl Fn(&str) -> Option<String>) -> Result<Option<String>, SettingsError> {
    let Some(raw) = get("CUTIS_PUBLIC_URL") else { return Ok(None) };
    let parsed = url::Url::parse(raw.trim()).ok();
    match parsed.filter(|url| matches!(url.scheme(), "http" | "https") && url.host().is_some()) {
        Some(_) => Ok(Some(raw.trim().trim_end_matches('/').to_owned())),
        None => Err(SettingsError {
            name: "CUTIS_PUBLIC_URL",
            reason: format!("expected an http(s) URL such as https://cms.example, got {raw:?}"),
        }),
    }
}

/// A true/false setting (`true`/`false`, `1`/`0`, `yes`/`no`, `on`/`off`).
fn switch(
    get: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: bool,
) -> Result<bool, SettingsError> {
    match get(name).map(|raw| raw.trim().to_ascii_lowercase()) {
        None => Ok(default),
        Some(raw) => match raw.as_str() {
            "true" | "1" | "yes" | "on" => Ok(true),
            "false" | "0" | "no" | "off" => Ok(false),
            _ => {
                Err(SettingsError { name, reason: format!("expected true or false, got {raw:?}") })
            }
        },
    }
}

fn jwt_signing(get: &impl Fn(&str) -> Option<String>) -> Result<JwtSigning, SettingsError> {
    let algorithm = get("CUTIS_JWT_ALGORITHM").unwrap_or_else(|| "HS256".to_owned());
    if algorithm == "HS256" {
        return Ok(get("CUTIS_JWT_SECRET").map_or(JwtSigning::Ephemeral, |secret| {
            JwtSigning::Hs256(SecretString::from(secret))
        }));
    }
    let file = |name: &'static str| {
        get(name).map(PathBuf::from).ok_or(SettingsError {
            name,
            reason: format!("required when CUTIS_JWT_ALGORITHM is {algorithm}"),
        })
    };
    Ok(JwtSigning::KeyFiles {
        private_key_file: file("CUTIS_JWT_PRIVATE_KEY_FILE")?,
        public_key_file: file("CUTIS_JWT_PUBLIC_KEY_FILE")?,
        algorithm,
    })
}

/// The two databases Cutis runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DatabaseKind {
    Sqlite,
    Postgres,
}

impl DatabaseKind {
    pub fn of(url: &str) -> Self {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Self::Postgres
        } else {
            Self::Sqlite
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(pairs: &[(&str, &str)]) -> Result<Settings, SettingsError> {
        Settings::from_lookup(|name| {
            pairs.iter().find(|(key, _)| *key == name).map(|(_, value)| (*value).to_owned())
        })
    }

    #[test]
    fn an_empty_environment_serves_sqlite_on_port_8080() {
        let settings = settings(&[]).expect("defaults are valid");
        assert_eq!(settings.bind, "127.0.0.1:8080");
        assert_eq!(settings.database_kind(), DatabaseKind::Sqlite);
        assert_eq!(settings.database_url.expose_secret(), "sqlite://cutis.db?mode=rwc");
        assert_eq!(settings.body_limit_bytes, 1024 * 1024);
        assert!(matches!(settings.jwt.signing, JwtSigning::Ephemeral));
    }

    #[test]
    fn media_is_kept_beside_the_sqlite_file_unless_a_directory_is_named() {
        assert_eq!(
            media_dir_beside("sqlite://data/site.db?mode=rwc"),
            std::path::Path::new("data/site-media")
        );
        assert_eq!(media_dir_beside("sqlite::memory:"), std::path::Path::new("cutis-media"));
        assert_eq!(media_dir_beside("postgres://db/cutis"), std::path::Path::new("cutis-media"));
        let named = settings(&[("CUTIS_MEDIA_DIR", "/srv/media")]).map(|s| s.media.dir);
        assert_eq!(named.ok(), Some("/srv/media".into()));
    }

    #[test]
    fn a_non_numeric_worker_count_names_the_variable() {
        let error = settings(&[("CUTIS_WORKERS", "many")]).expect_err("must be refused");
        assert_eq!(error.name, "CUTIS_WORKERS");
    }

    #[test]
    fn an_asymmetric_algorithm_without_key_files_names_the_missing_file() {
        let error = settings(&[("CUTIS_JWT_ALGORITHM", "EdDSA")]).expect_err("must be refused");
        assert_eq!(error.name, "CUTIS_JWT_PRIVATE_KEY_FILE");
    }

    #[test]
    fn secrets_never_appear_in_debug_output() {
        let settings = settings(&[
            ("CUTIS_DATABASE_URL", "postgres://cutis:hunter2@db/cutis"),
            ("CUTIS_JWT_SECRET", "s3cr3t-signing-key"),
        ])
        .expect("valid");
        assert!(matches!(settings.jwt.signing, JwtSigning::Hs256(_)));
        let printed = format!("{settings:?}");
        assert!(!printed.contains("hunter2"), "{printed}");
        assert!(!printed.contains("s3cr3t-signing-key"), "{printed}");
        assert_eq!(settings.database_kind(), DatabaseKind::Postgres);
    }
}
