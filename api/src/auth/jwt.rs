//! Access tokens: short-lived JWTs signed with an algorithm the server fixes.
//!
//! The algorithm is never read from the token: a token whose header names another algorithm
//! (or `none`) fails verification. HS256 with `CUTIS_JWT_SECRET` is the default; EdDSA or RS256
//! with PEM key files is the option for deployments that verify tokens elsewhere.

use std::path::Path;
use std::time::Duration;

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::config::{JwtSettings, JwtSigning};
use crate::error::{Error, Result};

/// How long an access token lives.
pub const ACCESS_TOKEN_TTL: Duration = Duration::from_secs(15 * 60);

/// The claims Cutis puts in (and requires of) every access token.
#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    /// The user's id.
    pub sub: String,
    pub exp: u64,
    pub iat: u64,
    pub jti: String,
}

/// Signing and verification keys with their fixed validation rules.
#[derive(Clone)]
pub struct JwtKeys {
    algorithm: Algorithm,
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    issuer: String,
    audience: String,
}

impl JwtKeys {
    pub fn from_settings(settings: &JwtSettings) -> Result<Self> {
        let (algorithm, encoding, decoding) = match &settings.signing {
            JwtSigning::Hs256(secret) => hmac_keys(secret.expose_secret().as_bytes())?,
            JwtSigning::Ephemeral => {
                tracing::warn!(
                    "CUTIS_JWT_SECRET is not set: signing access tokens with a random key that \
                     lasts as long as this process"
                );
                hmac_keys(crate::auth::tokens::generate("").as_bytes())?
            }
            JwtSigning::KeyFiles { algorithm, private_key_file, public_key_file } => {
                key_file_keys(algorithm, private_key_file, public_key_file)?
            }
        };
        let mut validation = Validation::new(algorithm);
        validation.set_issuer(&[&settings.issuer]);
        validation.set_audience(&[&settings.audience]);
        validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
        validation.leeway = 5;
        Ok(Self {
            algorithm,
            encoding,
            decoding,
            validation,
            issuer: settings.issuer.clone(),
            audience: settings.audience.clone(),
        })
    }

    /// A fresh access token for `user_id`, and its lifetime in seconds.
    pub fn issue(&self, user_id: Uuid) -> Result<(String, u64)> {
        let now = jsonwebtoken::get_current_timestamp();
        let ttl = ACCESS_TOKEN_TTL.as_secs();
        let claims = Claims {
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            sub: user_id.to_string(),
            exp: now + ttl,
            iat: now,
            jti: Uuid::new_v4().to_string(),
        };
        let token = jsonwebtoken::encode(&Header::new(self.algorithm), &claims, &self.encoding)
            .map_err(|error| Error::Internal(format!("signing an access token: {error}")))?;
        Ok((token, ttl))
    }

    /// The user id of a valid token; any defect is 401 with a reason the client may read.
    pub fn verify(&self, token: &str) -> Result<Uuid> {
        use jsonwebtoken::errors::ErrorKind;
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map_err(|error| {
                let reason = match error.kind() {
                    ErrorKind::ExpiredSignature => "the access token has expired",
                    ErrorKind::InvalidAudience => "the access token is for another audience",
                    ErrorKind::InvalidIssuer => "the access token has another issuer",
                    ErrorKind::InvalidAlgorithm => "the access token uses another algorithm",
                    ErrorKind::InvalidSignature => "the access token signature is invalid",
                    _ => "the access token is malformed",
                };
                Error::Unauthorized(reason.to_owned())
            })?;
        Uuid::parse_str(&data.claims.sub)
            .map_err(|_| Error::Unauthorized("the access token subject is malformed".to_owned()))
    }
}

type KeyTriple = (Algorithm, EncodingKey, DecodingKey);

fn hmac_keys(secret: &[u8]) -> Result<KeyTriple> {
    if secret.len() < 32 {
        return Err(Error::Internal("CUTIS_JWT_SECRET must be at least 32 bytes".to_owned()));
    }
    Ok((Algorithm::HS256, EncodingKey::from_secret(secret), DecodingKey::from_secret(secret)))
}

fn key_file_keys(algorithm: &str, private_file: &Path, public_file: &Path) -> Result<KeyTriple> {
    let read = |path: &Path| {
        std::fs::read(path)
            .map_err(|error| Error::Internal(format!("reading {}: {error}", path.display())))
    };
    let (private, public) = (read(private_file)?, read(public_file)?);
    let bad_key =
        |error: jsonwebtoken::errors::Error| Error::Internal(format!("JWT key files: {error}"));
    match algorithm {
        "EdDSA" => Ok((
            Algorithm::EdDSA,
            EncodingKey::from_ed_pem(&private).map_err(bad_key)?,
            DecodingKey::from_ed_pem(&public).map_err(bad_key)?,
        )),
        "RS256" => Ok((
            Algorithm::RS256,
            EncodingKey::from_rsa_pem(&private).map_err(bad_key)?,
            DecodingKey::from_rsa_pem(&public).map_err(bad_key)?,
        )),
        other => Err(Error::Internal(format!(
            "CUTIS_JWT_ALGORITHM {other:?}: expected HS256, EdDSA or RS256"
        ))),
    }
}
