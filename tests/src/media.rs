//! Images for the media tests: made here, sent as a multipart form or a raw body, and read
//! back to check what the server kept of them.

use image::{DynamicImage, ImageFormat, Rgb, RgbImage};
use reqwest::{Method, Response};
use serde_json::Value;

use crate::{Session, TestApp, collection};

/// A `width` × `height` gradient in `format`.
pub fn picture(width: u32, height: u32, format: ImageFormat) -> Vec<u8> {
    let pixels = RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x * 255 / width.max(1)) as u8, (y * 255 / height.max(1)) as u8, 128])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    DynamicImage::ImageRgb8(pixels).write_to(&mut out, format).expect("encode a test image");
    out.into_inner()
}

/// A JPEG carrying what a phone camera writes: an EXIF block with a GPS position, an XMP
/// packet and a comment, each holding `marker`.
pub fn camera_jpeg(width: u32, height: u32, marker: &str) -> Vec<u8> {
    let plain = picture(width, height, ImageFormat::Jpeg);
    let mut exif = b"Exif\0\0MM\0\x2a\0\0\0\x08".to_vec();
    // IFD0: one entry, GPSInfo (0x8825) pointing at the GPS IFD at offset 26.
    exif.extend_from_slice(&[0, 1, 0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 26, 0, 0, 0, 0]);
    // GPS IFD: GPSLatitudeRef "N", then the marker as a user comment.
    exif.extend_from_slice(&[0, 1, 0, 1, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0, 0, 0, 0, 0]);
    exif.extend_from_slice(marker.as_bytes());
    let xmp = format!(
        "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x='adobe:ns:meta/'><exif:GPSLatitude>\
         {marker}</exif:GPSLatitude></x:xmpmeta>"
    );
    let mut out = plain[..2].to_vec();
    for (kind, body) in [(0xE1, exif), (0xE1, xmp.into_bytes()), (0xFE, marker.as_bytes().to_vec())]
    {
        out.extend_from_slice(&[0xFF, kind]);
        out.extend_from_slice(&u16::try_from(body.len() + 2).unwrap_or(u16::MAX).to_be_bytes());
        out.extend_from_slice(&body);
    }
    out.extend_from_slice(&plain[2..]);
    out
}

/// The markers of the JPEG segments before the image data (`0xE0` APP0, `0xE1` APP1 …).
pub fn jpeg_segments(bytes: &[u8]) -> Vec<u8> {
    let mut markers = Vec::new();
    let mut at = 2;
    while at + 4 <= bytes.len() && bytes[at] == 0xFF {
        let marker = bytes[at + 1];
        if marker == 0xDA {
            break;
        }
        markers.push(marker);
        let len = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        at += 2 + len;
    }
    markers
}

/// The width, height and format of `bytes`.
pub fn dimensions(bytes: &[u8]) -> (u32, u32, ImageFormat) {
    let format = image::guess_format(bytes).expect("an image format");
    let decoded = image::load_from_memory(bytes).expect("a readable image");
    (decoded.width(), decoded.height(), format)
}

impl TestApp {
    /// Uploads `bytes` as the `file` part named `filename`, with `metadata` when given.
    pub async fn upload_as(
        &self,
        session: &Session,
        workspace: &str,
        (filename, bytes): (&str, &[u8]),
        metadata: Option<&Value>,
    ) -> Response {
        let boundary = "cutis-test-boundary-7d1f";
        let mut body = Vec::new();
        let mut part = |headers: String, content: &[u8]| {
            body.extend_from_slice(format!("--{boundary}\r\n{headers}\r\n\r\n").as_bytes());
            body.extend_from_slice(content);
            body.extend_from_slice(b"\r\n");
        };
        part(
            format!(
                "Content-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n\
                 Content-Type: application/octet-stream"
            ),
            bytes,
        );
        if let Some(metadata) = metadata {
            let json = metadata.to_string();
            part(
                "Content-Disposition: form-data; name=\"metadata\"\r\nContent-Type: \
                 application/json"
                    .to_owned(),
                json.as_bytes(),
            );
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        self.authed(Method::POST, &collection(workspace, "media"), &session.access_token)
            .header("Content-Type", format!("multipart/form-data; boundary={boundary}"))
            .body(body)
            .send()
            .await
            .expect("send an upload")
    }

    /// Uploads `bytes` and returns the new asset, which must be created.
    pub async fn upload_media(
        &self,
        session: &Session,
        workspace: &str,
        file: (&str, &[u8]),
        metadata: Option<&Value>,
    ) -> Value {
        let response = self.upload_as(session, workspace, file, metadata).await;
        let status = response.status();
        let text = response.text().await.expect("a body");
        assert_eq!(status, 201, "uploading: {text}");
        serde_json::from_str(&text).expect("JSON")
    }

    /// The bytes `path` answers with for `session`.
    pub async fn bytes_as(&self, session: &Session, path: &str) -> (u16, Vec<u8>) {
        let response = self.get_as(session, path).await;
        let status = response.status().as_u16();
        (status, response.bytes().await.expect("a body").to_vec())
    }
}
