//! The in-process cache of rendered delivery responses (moka, bounded by bytes).
//!
//! Invalidation is by workspace generation: each cache key carries the generation of its
//! workspace at the time it was filled, and a publish or unpublish bumps that generation, so
//! every older entry stops matching at once and ages out under the memory bound. Bumps arrive
//! from this process directly and from other replicas over PostgreSQL LISTEN/NOTIFY.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use actix_web::web::Bytes;
use moka::future::Cache;
use uuid::Uuid;

use super::surrogate_keys::SurrogateKeys;

/// A rendered response, ready to send again.
#[derive(Debug)]
pub struct CachedResponse {
    pub body: Bytes,
    /// Strong validator over the body, quoted.
    pub etag: String,
    /// The locale the content is in (`Content-Language`); empty when not localised.
    pub locale: String,
    /// The media type served (`application/json`, or `application/ld+json` for JSON-LD).
    pub content_type: &'static str,
    /// What the body contains, as CDN purge keys ([`SurrogateKeys`]), kept with the body so a
    /// cached answer names the same entries as a fresh one.
    pub keys: SurrogateKeys,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct CacheKey {
    workspace: Uuid,
    generation: u64,
    /// Path, normalised query and anything else the response depends on (clinic scope).
    request: String,
}

#[derive(Clone)]
pub struct ResponseCache {
    responses: Option<Cache<CacheKey, Arc<CachedResponse>>>,
    generations: Arc<RwLock<HashMap<Uuid, u64>>>,
}

impl ResponseCache {
    /// A cache holding up to `max_bytes` of responses for at most `time_to_live`; 0 bytes
    /// disables it. The time limit bounds staleness where no notification can arrive (a
    /// `cutis import` run by another process against the same SQLite file).
    pub fn new(max_bytes: u64, time_to_live: Duration) -> Self {
        let responses = (max_bytes > 0).then(|| {
            Cache::builder()
                .max_capacity(max_bytes)
                .time_to_live(time_to_live)
                .weigher(|key: &CacheKey, value: &Arc<CachedResponse>| {
                    let keys: usize = value.keys.keys().iter().map(String::len).sum();
                    let size = key.request.len() + value.body.len() + value.etag.len() + keys + 64;
                    u32::try_from(size).unwrap_or(u32::MAX)
                })
                .build()
        });
        Self { responses, generations: Arc::default() }
    }

    fn key(&self, workspace: Uuid, request: &str) -> CacheKey {
        let generation = self
            .generations
            .read()
            .map(|generations| generations.get(&workspace).copied().unwrap_or(0))
            .unwrap_or(0);
        CacheKey { workspace, generation, request: request.to_owned() }
    }

    pub async fn get(&self, workspace: Uuid, request: &str) -> Option<Arc<CachedResponse>> {
        let responses = self.responses.as_ref()?;
        responses.get(&self.key(workspace, request)).await
    }

    /// Stores `response` under the generation current when rendering began (`key_before`), so
    /// a publish that lands mid-render is never hidden behind a stale entry.
    pub async fn insert(&self, key_before: CacheTicket, response: Arc<CachedResponse>) {
        if let Some(responses) = &self.responses {
            responses.insert(key_before.0, response).await;
        }
    }

    /// Remembers the generation before rendering starts.
    pub fn ticket(&self, workspace: Uuid, request: &str) -> CacheTicket {
        CacheTicket(self.key(workspace, request))
    }

    /// Drops every cached response of `workspace`.
    pub fn invalidate(&self, workspace: Uuid) {
        if let Ok(mut generations) = self.generations.write() {
            *generations.entry(workspace).or_insert(0) += 1;
        }
    }

    /// Drops everything (after missing notifications, e.g. a lost LISTEN connection).
    pub fn invalidate_all(&self) {
        if let Ok(mut generations) = self.generations.write() {
            for generation in generations.values_mut() {
                *generation += 1;
            }
        }
        if let Some(responses) = &self.responses {
            responses.invalidate_all();
        }
    }
}

/// The cache key as it was when rendering began.
pub struct CacheTicket(CacheKey);

#[cfg(test)]
mod tests {
    use super::*;

    fn response(body: &'static str) -> Arc<CachedResponse> {
        Arc::new(CachedResponse {
            body: Bytes::from(body),
            etag: "\"e\"".into(),
            locale: "en".into(),
            content_type: "application/json",
            keys: SurrogateKeys::new("demo"),
        })
    }

    #[tokio::test]
    async fn an_invalidated_workspace_misses_while_others_still_hit() {
        let cache = ResponseCache::new(1 << 20, Duration::from_secs(60));
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        cache.insert(cache.ticket(a, "/v1/treatments"), response("a")).await;
        cache.insert(cache.ticket(b, "/v1/treatments"), response("b")).await;

        cache.invalidate(a);

        assert!(cache.get(a, "/v1/treatments").await.is_none());
        assert!(cache.get(b, "/v1/treatments").await.is_some());
    }

    #[tokio::test]
    async fn a_render_that_straddles_a_publish_is_not_served_afterwards() {
        let cache = ResponseCache::new(1 << 20, Duration::from_secs(60));
        let workspace = Uuid::new_v4();
        let ticket = cache.ticket(workspace, "/v1/treatments/microneedling");

        cache.invalidate(workspace);
        cache.insert(ticket, response("stale")).await;

        assert!(cache.get(workspace, "/v1/treatments/microneedling").await.is_none());
    }

    #[tokio::test]
    async fn a_zero_sized_cache_never_hits() {
        let cache = ResponseCache::new(0, Duration::from_secs(60));
        let workspace = Uuid::new_v4();
        cache.insert(cache.ticket(workspace, "/x"), response("x")).await;
        assert!(cache.get(workspace, "/x").await.is_none());
    }
}
