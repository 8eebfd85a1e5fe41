//! Opaque secrets handed to clients once and stored only as hashes: refresh tokens and API keys.
//!
//! They carry 256 bits of randomness, so a fast hash (SHA-256) is enough to store them: unlike
//! passwords they cannot be guessed, only stolen, and the hash makes a stolen table useless.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A new secret: `prefix` followed by 43 URL-safe characters (32 random bytes).
pub fn generate(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// The form stored in the database: lowercase hex SHA-256.
pub fn digest(secret: impl AsRef<[u8]>) -> String {
    let hash = Sha256::digest(secret.as_ref());
    hash.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_secrets_never_repeat_and_keep_their_prefix() {
        let (first, second) = (generate("cutis_live_"), generate("cutis_live_"));
        assert_ne!(first, second);
        assert!(first.starts_with("cutis_live_"));
        assert_eq!(first.len(), "cutis_live_".len() + 43);
    }

    #[test]
    fn the_digest_is_stable_hex() {
        assert_eq!(digest("abc"), digest("abc"));
        assert_eq!(digest("abc").len(), 64);
        assert_ne!(digest("abc"), digest("abd"));
    }
}
