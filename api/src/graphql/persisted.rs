//! Automatic persisted queries, as Apollo Client, urql and Relay's APQ links speak them: a
//! client sends `extensions.persistedQuery = {"version": 1, "sha256Hash": "<hex>"}` and no
//! query; an unknown hash answers `PERSISTED_QUERY_NOT_FOUND`, the client sends the query once
//! with its hash, and from then on the hash alone names it — over `GET`, a short URL that a
//! CDN and the response cache can keep.
//!
//! Queries are remembered per process, bounded by size; a replica that never saw one answers
//! `PERSISTED_QUERY_NOT_FOUND` and the client sends it again, as the protocol expects. A
//! query is stored only when its text hashes to the hash it came with.

use std::sync::Arc;

use async_graphql::{Request, ServerError};
use moka::future::Cache;
use serde::Deserialize;

use super::errors::server_error;
use super::limits::MAX_QUERY_CHARS;
use crate::auth::tokens;

/// How many bytes of query text the store keeps.
const MAX_BYTES: u64 = 16 << 20;
const EXTENSION: &str = "persistedQuery";

/// The query texts clients persisted, by the hex SHA-256 of each.
#[derive(Clone)]
pub struct PersistedQueries {
    queries: Cache<String, Arc<str>>,
}

impl Default for PersistedQueries {
    fn default() -> Self {
        let queries = Cache::builder()
            .max_capacity(MAX_BYTES)
            .weigher(|hash: &String, query: &Arc<str>| {
                u32::try_from(hash.len() + query.len()).unwrap_or(u32::MAX)
            })
            .build();
        Self { queries }
    }
}

#[derive(Deserialize)]
struct PersistedQuery {
    version: i64,
    #[serde(rename = "sha256Hash")]
    sha256_hash: String,
}

impl PersistedQueries {
    /// Fills in `request`'s query from its `persistedQuery` extension, or remembers the query
    /// it sends with one. A request without the extension is left as it is.
    pub async fn resolve(&self, request: &mut Request) -> Result<(), ServerError> {
        let Some(extension) = request.extensions.remove(EXTENSION) else { return Ok(()) };
        let persisted: PersistedQuery = extension
            .into_json()
            .ok()
            .and_then(|json| serde_json::from_value(json).ok())
            .ok_or_else(|| invalid("extensions.persistedQuery must be {version, sha256Hash}"))?;
        if persisted.version != 1 {
            return Err(server_error(
                "PersistedQueryNotSupported",
                "PERSISTED_QUERY_NOT_SUPPORTED",
            ));
        }
        let hash = persisted.sha256_hash.to_ascii_lowercase();
        if hash.len() != 64 || !hash.bytes().all(|byte| byte.is_ascii_hexdigit()) {
            return Err(invalid("extensions.persistedQuery.sha256Hash must be 64 hex digits"));
        }
        if request.query.is_empty() {
            let query = self.queries.get(&hash).await.ok_or_else(not_found)?;
            request.query = query.to_string();
            return Ok(());
        }
        if tokens::digest(&request.query) != hash {
            return Err(server_error(
                "provided sha does not match query",
                "PERSISTED_QUERY_HASH_MISMATCH",
            ));
        }
        // Longer queries are refused when parsed; there is no point keeping them.
        if request.query.chars().count() <= MAX_QUERY_CHARS {
            self.queries.insert(hash, Arc::from(request.query.as_str())).await;
        }
        Ok(())
    }
}

/// The error Apollo's and urql's links look for, by message and by code, to send the query.
fn not_found() -> ServerError {
    server_error("PersistedQueryNotFound", "PERSISTED_QUERY_NOT_FOUND")
}

fn invalid(message: &str) -> ServerError {
    server_error(message, "PERSISTED_QUERY_INVALID")
}

#[cfg(test)]
mod tests {
    use async_graphql::Value;

    use super::*;

    const QUERY: &str = "{ treatments { edges { node { slug } } } }";

    fn with_hash(query: &str, hash: &str) -> Request {
        let extension = serde_json::json!({ "version": 1, "sha256Hash": hash });
        let mut request = Request::new(query);
        request.extensions.insert(EXTENSION.to_owned(), Value::from_json(extension).unwrap());
        request
    }

    fn code(error: &ServerError) -> String {
        let code = error.extensions.as_ref().and_then(|extensions| extensions.get("code"));
        code.map(ToString::to_string).unwrap_or_default()
    }

    #[tokio::test]
    async fn a_hash_alone_is_not_found_until_its_query_was_sent_with_it() {
        let store = PersistedQueries::default();
        let hash = tokens::digest(QUERY);

        let unknown = store.resolve(&mut with_hash("", &hash)).await.unwrap_err();
        store.resolve(&mut with_hash(QUERY, &hash)).await.unwrap();
        let mut known = with_hash("", &hash.to_uppercase());
        store.resolve(&mut known).await.unwrap();

        assert_eq!(unknown.message, "PersistedQueryNotFound");
        assert_eq!(code(&unknown), "\"PERSISTED_QUERY_NOT_FOUND\"");
        assert_eq!(known.query, QUERY);
        assert!(!known.extensions.contains_key(EXTENSION));
    }

    #[tokio::test]
    async fn a_query_that_does_not_hash_to_its_hash_is_refused_and_not_stored() {
        let store = PersistedQueries::default();
        let other = tokens::digest("{ conditions { edges { node { slug } } } }");

        let mismatch = store.resolve(&mut with_hash(QUERY, &other)).await.unwrap_err();
        let after = store.resolve(&mut with_hash("", &other)).await.unwrap_err();

        assert_eq!(code(&mismatch), "\"PERSISTED_QUERY_HASH_MISMATCH\"");
        assert_eq!(code(&after), "\"PERSISTED_QUERY_NOT_FOUND\"");
    }

    #[tokio::test]
    async fn a_malformed_extension_or_another_version_is_refused() {
        let store = PersistedQueries::default();

        let short = store.resolve(&mut with_hash("", "abc")).await.unwrap_err();
        let mut second = Request::new("");
        let extension = serde_json::json!({ "version": 2, "sha256Hash": tokens::digest(QUERY) });
        second.extensions.insert(EXTENSION.to_owned(), Value::from_json(extension).unwrap());
        let version = store.resolve(&mut second).await.unwrap_err();

        assert_eq!(code(&short), "\"PERSISTED_QUERY_INVALID\"");
        assert_eq!(code(&version), "\"PERSISTED_QUERY_NOT_SUPPORTED\"");
        assert!(
            store.resolve(&mut Request::new(QUERY)).await.is_ok(),
            "no extension, nothing to do"
        );
    }
}
