//! Responsive variants: an image at a width from a fixed list, in JPEG, PNG or WebP, made the
//! first time it is asked for and stored beside the original, so every later request is a
//! read. A fixed list ([`crate::content::media::VARIANT_WIDTHS`]) keeps what an outsider can
//! make the server compute bounded.

use std::sync::Arc;

use actix_web::web::Bytes;
use image::imageops::FilterType;
use tokio::sync::Semaphore;
use uuid::Uuid;

use super::storage::{Key, Rendering};
use super::{Format, MediaStore, image as codec};
use crate::error::{Error, Result};

/// What a variant is made from: the stored original of one asset.
#[derive(Clone, Debug)]
pub struct Source {
    pub workspace: Uuid,
    pub asset: Uuid,
    pub hash: String,
    pub format: Format,
    pub width: u32,
    pub height: u32,
}

impl Source {
    /// The height at `width`, keeping the aspect ratio.
    pub fn height_at(&self, width: u32) -> u32 {
        crate::content::media::height_at((self.width, self.height), width)
    }

    fn key(&self, rendering: Rendering, format: Format) -> Key<'_> {
        Key { workspace: self.workspace, hash: &self.hash, rendering, format }
    }
}

/// Makes and keeps variants; at most a few are made at once, whatever the traffic.
#[derive(Clone)]
pub struct Variants {
    store: MediaStore,
    making: Arc<Semaphore>,
}

impl Variants {
    pub fn new(store: MediaStore) -> Self {
        let cpus = std::thread::available_parallelism().map_or(2, |n| n.get());
        Self { store, making: Arc::new(Semaphore::new(cpus)) }
    }

    pub fn store(&self) -> &MediaStore {
        &self.store
    }

    /// Stores a new asset's original.
    pub async fn put_original(&self, source: &Source, bytes: Vec<u8>) -> Result<()> {
        self.store.put(source.key(Rendering::Original, source.format), bytes).await
    }

    /// `source` at `width` (one of [`Source::widths`]) in `format`.
    pub async fn get(&self, source: &Source, width: u32, format: Format) -> Result<Bytes> {
        let original = source.key(Rendering::Original, source.format);
        if width == source.width && format == source.format {
            return self.store.get(original).await?.ok_or_else(|| missing(source));
        }
        let key = source.key(Rendering::Width(width), format);
        if let Some(bytes) = self.store.get(key).await? {
            return Ok(bytes);
        }
        let _permit = self.making.acquire().await.map_err(|_| missing(source))?;
        // Another request may have made it while this one waited.
        if let Some(bytes) = self.store.get(key).await? {
            return Ok(bytes);
        }
        let stored = self.store.get(original).await?.ok_or_else(|| missing(source))?;
        let (from, height) = (source.format, source.height_at(width));
        let bytes =
            tokio::task::spawn_blocking(move || make(&stored, from, (width, height), format))
                .await
                .map_err(|error| Error::Internal(format!("making a variant: {error}")))??;
        self.store.put(key, bytes.clone()).await?;
        Ok(Bytes::from(bytes))
    }
}

/// `original` (of `from`) resized to `size` and encoded as `to`.
pub fn make(original: &[u8], from: Format, size: (u32, u32), to: Format) -> Result<Vec<u8>> {
    let pixels = codec::decode(original, from)?;
    let resized = if (pixels.width(), pixels.height()) == size {
        pixels
    } else {
        pixels.resize_exact(size.0, size.1, FilterType::CatmullRom)
    };
    codec::encode(&resized, to)
}

fn missing(source: &Source) -> Error {
    Error::Internal(format!("the stored original of media asset {} is missing", source.asset))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_variant_has_the_size_and_format_asked_for() -> Result<()> {
        let original = codec::encode(&image::DynamicImage::new_rgb8(100, 50), Format::Png)?;
        let bytes = make(&original, Format::Png, (40, 20), Format::Webp)?;
        let made = codec::process(&bytes)?;
        assert_eq!((made.format, made.width, made.height), (Format::Webp, 40, 20));
        Ok(())
    }
}
