//! The delivery `TreatmentImage`: an image of a published treatment, as REST serves it, with
//! `url(width:, format:)` for a rendering of its own.

use async_graphql::{ComplexObject, Enum, SimpleObject};

use crate::content::media;
use crate::content::publishing::documents::{ImageDocument, ImageVariant as VariantDocument};
use crate::error::{Error, FieldError};
use crate::graphql::types::ImageRole;
use crate::media::Format;

/// What an image is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Enum)]
#[graphql(rename_items = "snake_case")]
pub enum MediaKind {
    Photo,
    Illustration,
    /// A photograph of a patient, shown with their consent.
    PatientPhoto,
}

impl From<media::MediaKind> for MediaKind {
    fn from(kind: media::MediaKind) -> Self {
        match kind {
            media::MediaKind::Photo => Self::Photo,
            media::MediaKind::Illustration => Self::Illustration,
            media::MediaKind::PatientPhoto => Self::PatientPhoto,
        }
    }
}

/// A format an image is served in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Enum)]
#[graphql(rename_items = "snake_case")]
pub enum ImageFormat {
    Webp,
    Jpeg,
    Png,
}

/// The point a crop keeps in view, each coordinate from 0 (left, top) to 1.
#[derive(Clone, Copy, Debug, SimpleObject)]
pub struct FocalPoint {
    pub x: f64,
    pub y: f64,
}

/// One width of an image, for `srcset`.
#[derive(Clone, Debug, SimpleObject)]
pub struct ImageVariant {
    pub width: u32,
    pub height: u32,
    pub url: String,
}

/// An image of a published treatment, served without a key.
#[derive(Clone, Debug, SimpleObject)]
#[graphql(complex)]
pub struct TreatmentImage {
    pub asset: uuid::Uuid,
    pub kind: MediaKind,
    pub role: ImageRole,
    /// Pairs a `before` with its `after`.
    pub pair: Option<i32>,
    /// The uploaded format.
    pub media_type: String,
    pub width: u32,
    pub height: u32,
    /// In the served locale, or the image's default-locale text.
    pub alt: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
    pub focal_point: Option<FocalPoint>,
    /// Every width it is served at, narrowest first.
    pub srcset: Vec<ImageVariant>,
    #[graphql(skip)]
    path: String,
}

impl From<ImageDocument> for TreatmentImage {
    fn from(image: ImageDocument) -> Self {
        Self {
            asset: image.asset,
            kind: image.kind.into(),
            role: image.role.into(),
            pair: image.pair,
            media_type: image.media_type,
            width: image.width,
            height: image.height,
            alt: image.alt,
            caption: image.caption,
            credit: image.credit,
            focal_point: image.focal_point.map(|p| FocalPoint { x: p.x, y: p.y }),
            srcset: image.srcset.into_iter().map(variant).collect(),
            path: image.url,
        }
    }
}

fn variant(variant: VariantDocument) -> ImageVariant {
    ImageVariant { width: variant.width, height: variant.height, url: variant.url }
}

#[ComplexObject]
impl TreatmentImage {
    /// The image's address: at its own width unless `width` names one of `srcset`'s, in
    /// `format`, or negotiated from `Accept` (WebP when taken) when none is named.
    async fn url(
        &self,
        width: Option<u32>,
        format: Option<ImageFormat>,
    ) -> async_graphql::Result<String> {
        let mut query = Vec::new();
        if let Some(width) = width.filter(|width| *width != self.width) {
            let width = media::served_width(self.width, width)
                .map_err(|message| Error::Validation(vec![FieldError::new("width", message)]))?;
            query.push(format!("w={width}"));
        }
        if let Some(format) = format {
            let format = match format {
                ImageFormat::Webp => Format::Webp,
                ImageFormat::Jpeg => Format::Jpeg,
                ImageFormat::Png => Format::Png,
            };
            query.push(format!("format={}", format.name()));
        }
        if query.is_empty() {
            return Ok(self.path.clone());
        }
        Ok(format!("{}?{}", self.path, query.join("&")))
    }
}
