//! The delivery side: published snapshots, the one reader REST and GraphQL read them through,
//! the response and key caches, and their invalidation across replicas.

pub mod cache;
pub mod clinic_scope;
pub mod fan_out;
pub mod follower;
pub mod jsonld;
pub mod keys;
pub mod notify;
pub mod preview;
pub mod published;
pub mod read;
pub mod reader;
pub mod script_safe;
pub mod snapshots;
pub mod source;
pub mod surrogate_keys;

use cache::ResponseCache;
use fan_out::FanOutCache;
use keys::KeyCache;

use crate::search::indexes::SearchIndexes;

/// The caches one server process keeps for the delivery APIs.
#[derive(Clone)]
pub struct DeliveryCaches {
    pub responses: ResponseCache,
    pub keys: KeyCache,
    /// How long each workspace's nested lists can be, for pricing GraphQL queries.
    pub fan_out: FanOutCache,
    /// Each workspace's search index, derived from its published content.
    pub search: SearchIndexes,
}

impl DeliveryCaches {
    pub fn new(response_cache_bytes: u64, time_to_live: std::time::Duration) -> Self {
        Self {
            responses: ResponseCache::new(response_cache_bytes, time_to_live),
            keys: KeyCache::default(),
            fan_out: FanOutCache::default(),
            search: SearchIndexes::default(),
        }
    }

    pub fn invalidate_all(&self) {
        self.responses.invalidate_all();
        self.keys.invalidate_all();
        self.fan_out.invalidate_all();
        self.search.invalidate_all();
    }

    /// Forgets what was cached of `workspace`'s content.
    pub fn invalidate_content(&self, workspace: uuid::Uuid) {
        self.responses.invalidate(workspace);
        self.fan_out.invalidate(workspace);
        self.search.invalidate(workspace);
    }
}
