//! The media library of the web admin over HTTP, as an editor without JavaScript uses it: an
//! upload through the form, the image's page, its alt text and a patient's consent saved, and
//! nothing uploaded without the form's CSRF token.

use cutis::auth::roles::Role;
use cutis_tests::media::{camera_jpeg, dimensions};
use cutis_tests::{AdminBrowser, csrf_in, spawn_app};
use image::ImageFormat;
use reqwest::Method;

const MEDIA: &str = "/admin/workspaces/acme/media";

/// A multipart upload form with `csrf`, the file and its kind.
fn form(csrf: &str, file: &[u8], kind: &str) -> (String, Vec<u8>) {
    let boundary = "web-media-boundary";
    let mut body = Vec::new();
    for (name, value) in [("csrf", csrf), ("kind", kind), ("alt", "A cheek")] {
        let part = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        );
        body.extend_from_slice(part.as_bytes());
    }
    let head = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cheek.jpg\"\r\n\
         Content-Type: image/jpeg\r\n\r\n"
    );
    body.extend_from_slice(head.as_bytes());
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[tokio::test]
async fn an_editor_uploads_an_image_and_records_its_alt_text_and_consent_from_the_pages() {
    let app = spawn_app().await;
    let (mut browser, _) = AdminBrowser::member(&app, "acme", Role::Editor).await;
    let library = browser.page(MEDIA).await;
    let csrf = csrf_in(&library).expect("the upload form has a CSRF token");
    let cookie = format!("cutis_session={}", browser.session_cookie().unwrap());
    let jpeg = camera_jpeg(900, 600, "51.5N-somewhere");
    let upload = |csrf: String| {
        let (content_type, body) = form(&csrf, &jpeg, "patient_photo");
        app.request(Method::POST, MEDIA)
            .header("cookie", cookie.clone())
            .header("content-type", content_type)
            .body(body)
            .send()
    };

    let forged = upload("not-the-token".into()).await.unwrap();
    let uploaded = upload(csrf).await.unwrap();

    assert_eq!(forged.status(), 403);
    assert_eq!(uploaded.status(), 303);
    let location = uploaded.headers()["location"].to_str().unwrap().to_owned();
    let asset_path = location.split('?').next().unwrap().to_owned();
    let page = browser.page(&location).await;
    assert!(page.contains("Uploaded.") && page.contains("cheek.jpg"), "{page}");
    let version = "1";
    let saved = browser
        .submit(
            &asset_path,
            &asset_path,
            &[
                ("version", version),
                ("locale", "en"),
                ("alt", "Left cheek before the first session"),
                ("caption", ""),
                ("kind", "patient_photo"),
                ("credit", "Acme clinic"),
                ("obtained_on", "2026-09-14"),
                ("scope", "website"),
                ("scope", "app"),
                ("expires_on", "2028-09-14"),
                ("form_ref", "CF-2026-0141"),
            ],
        )
        .await;
    assert_eq!(saved.status(), 303, "{:?}", saved.text().await);
    let page = browser.page(&format!("{asset_path}?locale=en")).await;
    let refused = browser
        .submit(
            &asset_path,
            &asset_path,
            &[
                ("version", "2"),
                ("kind", "patient_photo"),
                ("alt", "x"),
                ("obtained_on", "not a date"),
            ],
        )
        .await;
    let image = browser.get(&format!("{asset_path}/file?w=320&format=jpeg")).await;
    let image = image.bytes().await.unwrap();
    let listed = browser.page(MEDIA).await;

    assert!(page.contains("value=\"Left cheek before the first session\""), "{page}");
    assert!(page.contains("value=\"CF-2026-0141\""));
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("consent.obtained_on"));
    assert_eq!(dimensions(&image), (320, 213, ImageFormat::Jpeg));
    assert!(listed.contains("Left cheek before the first session"));
}

#[tokio::test]
async fn a_viewer_sees_the_library_without_the_upload_form() {
    let app = spawn_app().await;
    let (mut browser, _) = AdminBrowser::member(&app, "acme", Role::Viewer).await;

    let library = browser.page(MEDIA).await;

    assert!(library.contains("No images yet."));
    assert!(!library.contains("Upload an image"));
}
