//! Reading an upload: its type sniffed from its first bytes (never taken from its name or
//! header), its declared size checked before a pixel is decoded, its orientation applied, and
//! the pixels encoded afresh. Nothing of the uploaded file but its pixels survives, so EXIF,
//! XMP, GPS positions, ICC profiles and comments are gone from what is stored and served.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageReader, Limits};
use serde::{Deserialize, Serialize};

use crate::error::{Error, FieldError, Result};

/// The most pixels an upload may declare: 50 megapixels, past any camera a clinic uses.
/// Larger declarations are decompression bombs and are refused before decoding.
pub const MAX_PIXELS: u64 = 50_000_000;
/// The longest side an upload may declare.
pub const MAX_SIDE: u32 = 12_000;
/// JPEG quality of stored originals and variants.
const JPEG_QUALITY: u8 = 88;
/// WebP quality of variants and of stored WebP originals.
const WEBP_QUALITY: f32 = 82.0;

/// An image format Cutis stores and serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
#[schema(as = ImageFormat)]
pub enum Format {
    Jpeg,
    Png,
    Webp,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Jpeg, Format::Png, Format::Webp];

    /// The format whose magic number `bytes` begins with.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(Self::Webp)
        } else {
            None
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Webp => "image/webp",
        }
    }

    pub fn of_media_type(media_type: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|format| format.media_type() == media_type)
    }

    /// The name `?format=` takes, and the file extension.
    pub fn name(self) -> &'static str {
        match self {
            Self::Jpeg => "jpeg",
            Self::Png => "png",
            Self::Webp => "webp",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "jpeg" | "jpg" => Some(Self::Jpeg),
            "png" => Some(Self::Png),
            "webp" => Some(Self::Webp),
            _ => None,
        }
    }

    fn codec(self) -> image::ImageFormat {
        match self {
            Self::Jpeg => image::ImageFormat::Jpeg,
            Self::Png => image::ImageFormat::Png,
            Self::Webp => image::ImageFormat::WebP,
        }
    }
}

/// An upload made safe to store: the re-encoded bytes and what they are.
#[derive(Clone, Debug)]
pub struct Processed {
    pub format: Format,
    pub width: u32,
    pub height: u32,
    pub bytes: Vec<u8>,
    /// Hex SHA-256 of `bytes`.
    pub content_hash: String,
}

/// Sniffs, checks, decodes and re-encodes `upload`. Slow: run it off the async workers.
pub fn process(upload: &[u8]) -> Result<Processed> {
    let format = Format::sniff(upload).ok_or_else(|| {
        Error::UnsupportedMediaType(
            "the file is not a JPEG, PNG or WebP image (its type is read from its bytes, not \
             its name); SVG and other formats are not accepted"
                .to_owned(),
        )
    })?;
    let pixels = decode(upload, format)?;
    let bytes = encode(&pixels, format)?;
    Ok(Processed {
        format,
        width: pixels.width(),
        height: pixels.height(),
        content_hash: crate::auth::tokens::digest(&bytes),
        bytes,
    })
}

/// The pixels of `bytes` (of `format`), upright.
pub fn decode(bytes: &[u8], format: Format) -> Result<DynamicImage> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format.codec());
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_PIXELS * 4 + (64 << 20));
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(unreadable)?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(too_many_pixels(width, height));
    }
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut pixels = DynamicImage::from_decoder(decoder).map_err(unreadable)?;
    pixels.apply_orientation(orientation);
    Ok(pixels)
}

/// `pixels` encoded as `format`, with no metadata at all.
pub fn encode(pixels: &DynamicImage, format: Format) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    match format {
        Format::Jpeg => {
            let rgb = pixels.to_rgb8();
            let encoder =
                image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
            rgb.write_with_encoder(encoder).map_err(unencodable)?;
        }
        Format::Png => {
            let encoder = image::codecs::png::PngEncoder::new(&mut out);
            if pixels.color().has_alpha() {
                pixels.to_rgba8().write_with_encoder(encoder).map_err(unencodable)?;
            } else {
                pixels.to_rgb8().write_with_encoder(encoder).map_err(unencodable)?;
            }
        }
        Format::Webp => {
            let (width, height) = (pixels.width(), pixels.height());
            let encoded = if pixels.color().has_alpha() {
                let rgba = pixels.to_rgba8();
                webp::Encoder::from_rgba(rgba.as_raw(), width, height).encode(WEBP_QUALITY)
            } else {
                let rgb = pixels.to_rgb8();
                webp::Encoder::from_rgb(rgb.as_raw(), width, height).encode(WEBP_QUALITY)
            };
            out.extend_from_slice(&encoded);
        }
    }
    Ok(out)
}

fn too_many_pixels(width: u32, height: u32) -> Error {
    Error::Validation(vec![FieldError::new(
        "file",
        format!(
            "declares {width}×{height} pixels; at most {} megapixels and {MAX_SIDE} pixels a \
             side are accepted",
            MAX_PIXELS / 1_000_000
        ),
    )])
}

fn unreadable(error: image::ImageError) -> Error {
    let message = match error {
        image::ImageError::Limits(_) => format!(
            "is larger than accepted: at most {} megapixels and {MAX_SIDE} pixels a side",
            MAX_PIXELS / 1_000_000
        ),
        other => format!("cannot be read as an image: {other}"),
    };
    Error::Validation(vec![FieldError::new("file", message)])
}

fn unencodable(error: image::ImageError) -> Error {
    Error::Internal(format!("encoding an image: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let pixels = DynamicImage::new_rgb8(width, height);
        encode(&pixels, Format::Png).unwrap_or_default()
    }

    /// The CRC-32 a PNG chunk ends with.
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for byte in bytes {
            crc ^= u32::from(*byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }

    #[test]
    fn formats_are_sniffed_from_the_bytes() {
        assert_eq!(Format::sniff(&png(2, 2)), Some(Format::Png));
        assert_eq!(Format::sniff(b"\xFF\xD8\xFF\xE0rest"), Some(Format::Jpeg));
        assert_eq!(Format::sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some(Format::Webp));
        assert_eq!(Format::sniff(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), None);
        assert_eq!(Format::sniff(b"GIF89a"), None);
    }

    #[test]
    fn a_declared_size_past_the_limit_is_refused_before_decoding() {
        // A 1×1 PNG whose header declares 11,000 × 11,000 pixels (121 megapixels).
        let mut bomb = png(1, 1);
        bomb[16..20].copy_from_slice(&11_000u32.to_be_bytes());
        bomb[20..24].copy_from_slice(&11_000u32.to_be_bytes());
        let crc = crc32(&bomb[12..29]);
        bomb[29..33].copy_from_slice(&crc.to_be_bytes());
        let refused = process(&bomb);
        let Err(Error::Validation(errors)) = &refused else { panic!("{refused:?}") };
        assert!(errors[0].message.contains("11000×11000"), "{errors:?}");
    }

    #[test]
    fn every_format_round_trips_its_pixels_size() -> Result<()> {
        let pixels = DynamicImage::new_rgb8(30, 20);
        for format in Format::ALL {
            let bytes = encode(&pixels, format)?;
            assert_eq!(Format::sniff(&bytes), Some(format));
            let processed = process(&bytes)?;
            assert_eq!((processed.width, processed.height, processed.format), (30, 20, format));
        }
        Ok(())
    }
}
