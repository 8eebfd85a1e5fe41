//! Reading an uploaded file: `multipart/form-data` with a `file` part (and an optional
//! `metadata` part of JSON), or the file as the whole body with `?filename=`. Reading stops at
//! the media size limit (`413`), whatever the body claims its length is.

use actix_web::http::header;
use actix_web::{HttpRequest, web};
use futures_util::{Stream, StreamExt};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::content::media::MediaBody;
use crate::error::{Error, FieldError, Result};

/// The longest file name kept.
const MAX_FILENAME: usize = 255;

/// The file name of a raw-body upload.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadQuery {
    /// The file's name, for a raw-body upload (a multipart `file` part carries its own).
    #[param(example = "microneedling-hero.jpg")]
    pub filename: Option<String>,
}

/// The parts of a multipart upload.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    /// The image: JPEG, PNG or WebP.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// What the asset starts with (`kind`, `alt`, `consent`…), as JSON.
    metadata: Option<MediaBody>,
}

/// An upload as received, not yet checked.
#[derive(Debug)]
pub struct Received {
    pub filename: String,
    pub bytes: Vec<u8>,
    pub metadata: MediaBody,
    /// The form's other text parts, of the names the caller takes (the web admin's form).
    pub fields: Vec<(String, String)>,
}

/// Reads the upload `request` carries, at most `limit` bytes of file.
pub async fn read_upload(
    request: &HttpRequest,
    payload: web::Payload,
    query: &UploadQuery,
    limit: usize,
) -> Result<Received> {
    if is_multipart(request) {
        return read_form(request, payload, limit, &[]).await;
    }
    let filename = query.filename.as_deref().map(str::trim).filter(|name| !name.is_empty());
    let Some(filename) = filename else {
        return Err(field("filename", "is required when the image is sent as the body"));
    };
    let filename = clean_filename(filename)?;
    let bytes = read_all(payload, limit).await?;
    Ok(Received { filename, bytes, metadata: MediaBody::default(), fields: Vec::new() })
}

/// Reads a multipart form with a `file` part, at most `limit` bytes of it, and text parts
/// named in `fields` (besides `metadata`); any other part is `422`.
pub async fn read_form(
    request: &HttpRequest,
    payload: web::Payload,
    limit: usize,
    fields: &[&str],
) -> Result<Received> {
    let mut form = actix_multipart::Multipart::new(request.headers(), payload);
    let (mut file, mut metadata) = (None, MediaBody::default());
    let mut texts = Vec::new();
    while let Some(part) = form.next().await {
        let part = part.map_err(malformed)?;
        let name = part.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "file" => {
                let filename = part
                    .content_disposition()
                    .and_then(|disposition| disposition.get_filename())
                    .unwrap_or("upload")
                    .to_owned();
                let bytes = read_all(part.map(|chunk| chunk.map_err(malformed)), limit).await?;
                file = Some((clean_filename(&filename)?, bytes));
            }
            "metadata" => {
                let bytes = read_all(part.map(|chunk| chunk.map_err(malformed)), 64 << 10).await?;
                metadata = crate::request::body::parse(&bytes)?;
            }
            other if fields.contains(&other) => {
                let bytes = read_all(part.map(|chunk| chunk.map_err(malformed)), 64 << 10).await?;
                texts.push((other.to_owned(), String::from_utf8_lossy(&bytes).into_owned()));
            }
            other => return Err(field(other, "is not a part of an upload (file, metadata)")),
        }
    }
    let Some((filename, bytes)) = file else {
        return Err(field("file", "is required: the form has no file part"));
    };
    Ok(Received { filename, bytes, metadata, fields: texts })
}

/// Every chunk of `stream`, refused with `413` past `limit` bytes.
async fn read_all<S, E>(mut stream: S, limit: usize) -> Result<Vec<u8>>
where
    S: Stream<Item = std::result::Result<web::Bytes, E>> + Unpin,
    E: Into<Error>,
{
    let mut bytes = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(Into::into)?;
        if bytes.len() + chunk.len() > limit {
            return Err(Error::PayloadTooLarge { limit });
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// The last path segment of `raw`, without control characters, at most 255 characters.
fn clean_filename(raw: &str) -> Result<String> {
    let name = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let name: String = name.chars().filter(|c| !c.is_control()).collect();
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_FILENAME {
        return Err(field("filename", "must be a file name of 1 to 255 characters"));
    }
    Ok(name.to_owned())
}

fn is_multipart(request: &HttpRequest) -> bool {
    request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.trim_start().to_ascii_lowercase().starts_with("multipart/"))
}

fn field(name: &str, message: &str) -> Error {
    Error::Validation(vec![FieldError::new(name, message)])
}

fn malformed(error: impl std::fmt::Display) -> Error {
    Error::BadRequest(format!("the upload could not be read: {error}"))
}

impl From<actix_web::error::PayloadError> for Error {
    fn from(error: actix_web::error::PayloadError) -> Self {
        malformed(error)
    }
}

#[cfg(test)]
mod tests {
    use super::clean_filename;

    #[test]
    fn a_file_name_keeps_only_its_last_segment() {
        assert_eq!(clean_filename("C:\\photos\\cheek.jpg").ok().as_deref(), Some("cheek.jpg"));
        assert_eq!(clean_filename("../../etc/passwd").ok().as_deref(), Some("passwd"));
        assert!(clean_filename("dir/").is_err());
    }
}
