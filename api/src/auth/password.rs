//! Password hashing with argon2id.
//!
//! Parameters follow the OWASP recommendation for argon2id: 19 MiB of memory, 2 iterations,
//! 1 lane. They are stored in each PHC hash string, so raising them later keeps old hashes
//! verifiable. Hashing costs tens of milliseconds of CPU, so callers run it on the blocking pool.

use std::sync::OnceLock;
use std::time::Duration;

use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};

use crate::error::{Error, Result};

/// Bounds how many logins hash at once. Each argon2 hash holds 19 MiB and a core for tens of
/// milliseconds, so unbounded, a burst of logins exhausts memory and starves every other
/// request; past the bound a login waits briefly for its turn, then is refused as busy.
pub struct PasswordGate {
    permits: tokio::sync::Semaphore,
    wait: Duration,
}

impl PasswordGate {
    /// At most `concurrency` (at least one) hashes at once; a login waits up to `wait`.
    pub fn new(concurrency: usize, wait: Duration) -> Self {
        Self { permits: tokio::sync::Semaphore::new(concurrency.max(1)), wait }
    }

    /// A turn to hash, or `503 BUSY` with `Retry-After` when none frees up within the wait.
    pub async fn enter(&self) -> Result<tokio::sync::SemaphorePermit<'_>> {
        match tokio::time::timeout(self.wait, self.permits.acquire()).await {
            Ok(Ok(permit)) => Ok(permit),
            Ok(Err(_)) | Err(_) => Err(Error::Busy { retry_after_secs: 1 }),
        }
    }
}

const MEMORY_KIB: u32 = 19 * 1024;
const ITERATIONS: u32 = 2;
const LANES: u32 = 1;

fn hasher() -> Result<Argon2<'static>> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, LANES, None)
        .map_err(|error| Error::Internal(format!("argon2 parameters: {error}")))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes `password` with a fresh random salt into a PHC string (`$argon2id$v=19$...`).
pub async fn hash(password: String) -> Result<String> {
    blocking(move || {
        let hash = hasher()?
            .hash_password(password.as_bytes())
            .map_err(|error| Error::Internal(format!("argon2 hashing: {error}")))?;
        Ok(hash.to_string())
    })
    .await
}

/// True when `password` matches `stored`. A malformed stored hash never matches.
pub async fn verify(password: String, stored: String) -> Result<bool> {
    blocking(move || Ok(hasher()?.verify_password(password.as_bytes(), stored.as_str()).is_ok()))
        .await
}

/// Spends the same work as a real verification, so a login for an unknown email takes as long
/// as one with a wrong password and does not reveal which accounts exist.
pub async fn verify_against_nothing(password: String) -> Result<()> {
    static DECOY: OnceLock<String> = OnceLock::new();
    blocking(move || {
        let hasher = hasher()?;
        let decoy = match DECOY.get() {
            Some(decoy) => decoy,
            None => {
                let hash = hasher
                    .hash_password(b"decoy password")
                    .map_err(|error| Error::Internal(format!("argon2 hashing: {error}")))?;
                DECOY.get_or_init(|| hash.to_string())
            }
        };
        let _ = hasher.verify_password(password.as_bytes(), decoy.as_str());
        Ok(())
    })
    .await
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|error| Error::Internal(format!("password task failed: {error}")))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_is_argon2id_and_verifies_only_its_password() {
        let stored = hash("correct horse battery".to_owned()).await.unwrap();

        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{stored}");
        assert!(verify("correct horse battery".to_owned(), stored.clone()).await.unwrap());
        assert!(!verify("correct horse battery!".to_owned(), stored).await.unwrap());
    }

    #[tokio::test]
    async fn a_malformed_stored_hash_never_matches() {
        assert!(!verify("anything".to_owned(), "not-a-hash".to_owned()).await.unwrap());
    }
}
