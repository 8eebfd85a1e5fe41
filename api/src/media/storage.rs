//! Where media bytes live: a directory by default, or an S3-compatible bucket that every
//! replica on one database shares. Both are an `object_store` behind one type, so nothing
//! else knows which it is.
//!
//! Keys are by content: `{workspace}/{hash}/original.{ext}` for the stored upload and
//! `{workspace}/{hash}/{width}.{ext}` for each variant, so one image uploaded twice is stored
//! once, and its files are one prefix to delete when no asset has it any more.

use std::sync::Arc;

use actix_web::web::Bytes;
use futures_util::StreamExt;
use object_store::path::Path;
use object_store::{ObjectStore, PutPayload};
use secrecy::ExposeSecret;
use uuid::Uuid;

use super::Format;
use crate::config::MediaSettings;
use crate::error::{Error, Result};

/// The media bytes of every workspace.
#[derive(Clone)]
pub struct MediaStore {
    store: Arc<dyn ObjectStore>,
    /// Where the bytes are, for the start-up log.
    pub location: String,
}

/// Which stored file of an asset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rendering {
    Original,
    Width(u32),
}

/// The address of one stored file of an asset.
#[derive(Clone, Copy, Debug)]
pub struct Key<'a> {
    pub workspace: Uuid,
    pub hash: &'a str,
    pub rendering: Rendering,
    pub format: Format,
}

impl Key<'_> {
    fn path(&self) -> Path {
        let name = match self.rendering {
            Rendering::Original => "original".to_owned(),
            Rendering::Width(width) => width.to_string(),
        };
        let ext = self.format.name();
        Path::from(format!("{}/{}/{name}.{ext}", self.workspace, self.hash))
    }
}

impl MediaStore {
    /// The store `settings` name: the S3 bucket when one is set, else the directory.
    pub fn open(settings: &MediaSettings) -> Result<Self> {
        match &settings.s3 {
            Some(s3) => {
                let store = object_store::aws::AmazonS3Builder::new()
                    .with_bucket_name(&s3.bucket)
                    .with_region(&s3.region)
                    .with_allow_http(s3.allow_http);
                let store = match &s3.endpoint {
                    Some(endpoint) => store.with_endpoint(endpoint),
                    None => store,
                };
                let store = match (&s3.access_key_id, &s3.secret_access_key) {
                    (Some(id), Some(secret)) => {
                        store.with_access_key_id(id).with_secret_access_key(secret.expose_secret())
                    }
                    _ => store,
                };
                let store = store.build().map_err(storage_error)?;
                let location = format!("s3://{}", s3.bucket);
                Ok(Self { store: Arc::new(store), location })
            }
            None => {
                std::fs::create_dir_all(&settings.dir).map_err(|error| {
                    Error::Internal(format!("creating {}: {error}", settings.dir.display()))
                })?;
                let store = object_store::local::LocalFileSystem::new_with_prefix(&settings.dir)
                    .map_err(storage_error)?
                    .with_automatic_cleanup(true);
                let location = settings.dir.display().to_string();
                Ok(Self { store: Arc::new(store), location })
            }
        }
    }

    pub async fn put(&self, key: Key<'_>, bytes: Vec<u8>) -> Result<()> {
        self.store.put(&key.path(), PutPayload::from(bytes)).await.map_err(storage_error)?;
        Ok(())
    }

    /// The bytes at `key`, or `None` when nothing is stored there.
    pub async fn get(&self, key: Key<'_>) -> Result<Option<Bytes>> {
        match self.store.get(&key.path()).await {
            Ok(found) => Ok(Some(found.bytes().await.map_err(storage_error)?)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(error) => Err(storage_error(error)),
        }
    }

    /// Deletes every file of the image whose hash is `hash`.
    pub async fn remove(&self, workspace: Uuid, hash: &str) -> Result<()> {
        let prefix = Path::from(format!("{workspace}/{hash}"));
        let paths = self.store.list(Some(&prefix)).map(|meta| meta.map(|meta| meta.location));
        let mut deleted = self.store.delete_stream(paths.boxed());
        while let Some(outcome) = deleted.next().await {
            match outcome {
                Ok(_) | Err(object_store::Error::NotFound { .. }) => {}
                Err(error) => return Err(storage_error(error)),
            }
        }
        Ok(())
    }
}

fn storage_error(error: object_store::Error) -> Error {
    Error::Internal(format!("media storage: {error}"))
}
