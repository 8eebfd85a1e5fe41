//! The media library through the admin REST API: uploads sniffed, checked and stripped of
//! their metadata, edited like every entry, and kept to their workspace.

use cutis::auth::roles::Role;
use cutis_tests::media::{camera_jpeg, dimensions, jpeg_segments, picture};
use cutis_tests::{collection, entry, id_of, problem, spawn_app, spawn_app_with};
use image::ImageFormat;
use reqwest::Method;
use serde_json::{Value, json};

fn file_of(asset: &Value, query: &str) -> String {
    format!("{}/file{query}", entry("acme", "media", &id_of(asset)))
}

#[tokio::test]
async fn an_upload_is_stored_without_its_gps_position_exif_xmp_or_comment() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let marker = "47.6205N-secret-position";
    let upload = camera_jpeg(1200, 800, marker);
    assert!(jpeg_segments(&upload).contains(&0xE1), "the test image carries EXIF");

    let asset = app
        .upload_media(&editor, "acme", ("IMG_0412.JPG", &upload), Some(&json!({"alt": "A cheek"})))
        .await;
    let (status, original) = app.bytes_as(&editor, &file_of(&asset, "?format=jpeg")).await;
    let (_, variant) = app.bytes_as(&editor, &file_of(&asset, "?w=640&format=jpeg")).await;

    assert_eq!(status, 200);
    assert_eq!(
        (asset["media_type"].as_str(), asset["width"].as_u64(), asset["height"].as_u64()),
        (Some("image/jpeg"), Some(1200), Some(800))
    );
    assert_eq!(
        (asset["filename"].as_str(), asset["kind"].as_str()),
        (Some("IMG_0412.JPG"), Some("photo"))
    );
    assert_eq!(asset["alt"], "A cheek");
    assert_eq!(asset["byte_size"].as_u64(), Some(original.len() as u64));
    for served in [&original, &variant] {
        let segments = jpeg_segments(served);
        assert!(!segments.iter().any(|m| (0xE1..=0xEF).contains(m) || *m == 0xFE), "{segments:x?}");
        let text = String::from_utf8_lossy(served);
        assert!(!text.contains(marker) && !text.contains("Exif") && !text.contains("xmpmeta"));
    }
    assert_eq!(dimensions(&variant), (640, 426, ImageFormat::Jpeg));
}

#[tokio::test]
async fn the_type_is_read_from_the_bytes_and_anything_but_jpeg_png_or_webp_is_415() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let png = picture(40, 30, ImageFormat::Png);
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>".to_vec();

    let named_jpg = app.upload_media(&editor, "acme", ("diagram.jpg", &png), None).await;
    let text = app.upload_as(&editor, "acme", ("notes.png", b"just some text"), None).await;
    let vector = app.upload_as(&editor, "acme", ("logo.svg", &svg), None).await;
    let gif = app.upload_as(&editor, "acme", ("spinner.gif", b"GIF89a\x01\0\x01\0"), None).await;

    assert_eq!(named_jpg["media_type"], "image/png");
    for refused in [text, vector, gif] {
        let problem = problem(refused, 415).await;
        assert_eq!(problem["code"], "UNSUPPORTED_MEDIA_TYPE", "{problem}");
    }
    let list: Value = app.get_as(&editor, &collection("acme", "media")).await.json().await.unwrap();
    assert_eq!(list["items"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn an_upload_over_the_limit_is_413_and_a_decompression_bomb_is_422() {
    let app = spawn_app_with(|settings| settings.media.max_bytes = 4_000).await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let large = picture(400, 400, ImageFormat::Jpeg);
    assert!(large.len() > 4_000, "{}", large.len());
    let bomb = bomb_png(20_000, 20_000);

    problem(app.upload_as(&editor, "acme", ("large.jpg", &large), None).await, 413).await;
    let refused =
        problem(app.upload_as(&editor, "acme", ("bomb.png", &bomb), None).await, 422).await;

    assert_eq!(refused["errors"][0]["field"], "file", "{refused}");
    let list: Value = app.get_as(&editor, &collection("acme", "media")).await.json().await.unwrap();
    assert_eq!(list["items"], json!([]));
    assert!(std::fs::read_dir(app.media_dir.path()).map(|d| d.count()).unwrap_or(0) == 0);
}

/// A 1×1 PNG whose header claims `width` × `height`.
fn bomb_png(width: u32, height: u32) -> Vec<u8> {
    let mut png = picture(1, 1, ImageFormat::Png);
    png[16..20].copy_from_slice(&width.to_be_bytes());
    png[20..24].copy_from_slice(&height.to_be_bytes());
    let mut crc = !0u32;
    for byte in &png[12..29] {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    png[29..33].copy_from_slice(&(!crc).to_be_bytes());
    png
}

#[tokio::test]
async fn a_raw_body_upload_needs_a_file_name() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let webp = picture(64, 48, ImageFormat::WebP);
    let path = collection("acme", "media");

    let send = |query: &'static str| {
        app.authed(Method::POST, &format!("{path}{query}"), &editor.access_token)
            .header("Content-Type", "image/webp")
            .body(webp.clone())
            .send()
    };
    let named = send("?filename=uploads/hero.webp").await.unwrap();
    let unnamed = send("").await.unwrap();

    assert_eq!(named.status(), 201);
    let named: Value = named.json().await.unwrap();
    assert_eq!(
        (named["filename"].as_str(), named["media_type"].as_str()),
        (Some("hero.webp"), Some("image/webp"))
    );
    let refused = problem(unnamed, 422).await;
    assert_eq!(refused["errors"][0]["field"], "filename");
}

#[tokio::test]
async fn alt_text_is_per_locale_and_consent_belongs_to_patient_photos_only() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let jpeg = picture(80, 60, ImageFormat::Jpeg);
    let asset = app
        .upload_media(
            &editor,
            "acme",
            ("before.jpg", &jpeg),
            Some(&json!({"alt": "Left cheek before the first session"})),
        )
        .await;
    let path = entry("acme", "media", &id_of(&asset));
    let consent = json!({
        "obtained_on": "2026-09-14", "scope": ["website", "app"], "expires_on": "2028-09-14",
        "form_ref": "CF-2026-0141"
    });

    let refused = app.patch_as(&editor, &path, 1, &json!({"consent": consent})).await;
    let refused = problem(refused, 422).await;
    let fr = app
        .patch_as(
            &editor,
            &path,
            1,
            &json!({"locale": "fr", "alt": "Joue gauche avant la première séance"}),
        )
        .await;
    assert_eq!(fr.status(), 200);
    let patient = app
        .patch_as(&editor, &path, 2, &json!({"kind": "patient_photo", "consent": consent}))
        .await;
    assert_eq!(patient.status(), 200);
    let patient: Value = patient.json().await.unwrap();
    let bad = json!({"consent": {"obtained_on": "2026-09-14", "scope": [], "expires_on": "2025-01-01", "form_ref": " "}});
    let bad = problem(app.patch_as(&editor, &path, 3, &bad).await, 422).await;
    let en = app.read_entry(&editor, &path).await;
    let in_fr = app.read_entry(&editor, &format!("{path}?locale=fr")).await;
    let revisions: Value =
        app.get_as(&editor, &format!("{path}/revisions")).await.json().await.unwrap();

    assert_eq!(refused["errors"][0]["field"], "consent", "{refused}");
    assert_eq!(patient["consent"], consent);
    assert_eq!(patient["kind"], "patient_photo");
    let mut fields: Vec<&str> =
        bad["errors"].as_array().unwrap().iter().filter_map(|e| e["field"].as_str()).collect();
    fields.sort_unstable();
    assert_eq!(fields, ["consent.expires_on", "consent.form_ref", "consent.scope"]);
    assert_eq!(en["alt"], "Left cheek before the first session");
    assert_eq!(
        (in_fr["locale"].as_str(), in_fr["alt"].as_str()),
        (Some("fr"), Some("Joue gauche avant la première séance"))
    );
    assert_eq!(en["locales"], json!(["en", "fr"]));
    assert_eq!(en["version"], 3);
    assert_eq!(revisions["items"].as_array().map(Vec::len), Some(3));
}

#[tokio::test]
async fn variants_come_at_listed_widths_in_the_format_asked_for_or_accepted() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let asset = app
        .upload_media(&editor, "acme", ("clinic.png", &picture(1000, 500, ImageFormat::Png)), None)
        .await;
    let get = |query: &str, accept: &'static str| {
        app.authed(Method::GET, &file_of(&asset, query), &editor.access_token)
            .header("Accept", accept)
            .send()
    };

    let webp = get("?w=320", "image/avif,image/webp,*/*").await.unwrap();
    let (vary, etag) = (webp.headers()["vary"].clone(), webp.headers()["etag"].clone());
    let webp = webp.bytes().await.unwrap();
    let png = get("?w=640", "image/png,*/*").await.unwrap().bytes().await.unwrap();
    let jpeg = get("?format=jpeg", "*/*").await.unwrap().bytes().await.unwrap();
    let again = app
        .authed(Method::GET, &file_of(&asset, "?w=320"), &editor.access_token)
        .header("Accept", "image/webp")
        .header("If-None-Match", etag.clone())
        .send()
        .await
        .unwrap();
    let unlisted = get("?w=500", "*/*").await.unwrap();
    let larger = get("?w=1280", "*/*").await.unwrap();
    let format = get("?format=gif", "*/*").await.unwrap();

    assert_eq!(dimensions(&webp), (320, 160, ImageFormat::WebP));
    assert!(vary.to_str().unwrap_or_default().split(", ").any(|name| name == "Accept"), "{vary:?}");
    assert_eq!(dimensions(&png), (640, 320, ImageFormat::Png));
    assert_eq!(dimensions(&jpeg), (1000, 500, ImageFormat::Jpeg));
    assert_eq!(again.status(), 304);
    let unlisted = problem(unlisted, 422).await;
    assert!(
        unlisted["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("320, 640, 960, 1000")
    );
    problem(larger, 422).await;
    problem(format, 422).await;
}

#[tokio::test]
async fn another_workspace_never_sees_an_asset_and_viewers_cannot_upload() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let other = app.sign_in_as("globex", Role::Owner).await;
    let viewer = app.sign_in_as("acme", Role::Viewer).await;
    let jpeg = picture(50, 50, ImageFormat::Jpeg);
    let asset = app.upload_media(&editor, "acme", ("a.jpg", &jpeg), None).await;
    let id = id_of(&asset);

    problem(app.get_as(&other, &entry("globex", "media", &id)).await, 404).await;
    problem(app.get_as(&other, &format!("{}/file", entry("globex", "media", &id))).await, 404)
        .await;
    problem(
        app.patch_as(&other, &entry("globex", "media", &id), 1, &json!({"alt": "x"})).await,
        404,
    )
    .await;
    problem(app.upload_as(&viewer, "acme", ("b.jpg", &jpeg), None).await, 403).await;
    let (status, _) = app.bytes_as(&viewer, &file_of(&asset, "")).await;
    assert_eq!(status, 200);
    let listed: Value =
        app.get_as(&other, &collection("globex", "media")).await.json().await.unwrap();
    assert_eq!(listed["items"], json!([]));
}

#[tokio::test]
async fn the_library_lists_by_kind_and_name_and_a_deleted_asset_takes_its_files() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let jpeg = picture(60, 40, ImageFormat::Jpeg);
    let photo = app.upload_media(&editor, "acme", ("room.jpg", &jpeg), None).await;
    let drawing = picture(60, 40, ImageFormat::Png);
    let illustration = app
        .upload_media(
            &editor,
            "acme",
            ("pen-depth.png", &drawing),
            Some(&json!({"kind": "illustration", "alt": "How deep the needles go"})),
        )
        .await;
    let media = collection("acme", "media");

    let drawings: Value =
        app.get_as(&editor, &format!("{media}?kind=illustration")).await.json().await.unwrap();
    let named: Value = app.get_as(&editor, &format!("{media}?q=ROOM")).await.json().await.unwrap();
    let bad = app.get_as(&editor, &format!("{media}?kind=video")).await;
    let deleted = app.delete_as(&editor, &entry("acme", "media", &id_of(&photo)), 1).await;

    assert_eq!(drawings["items"][0]["id"], illustration["id"]);
    assert_eq!(drawings["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(named["items"][0]["id"], photo["id"]);
    assert_eq!(problem(bad, 422).await["errors"][0]["field"], "kind");
    assert_eq!(deleted.status(), 204);
    problem(app.get_as(&editor, &file_of(&photo, "")).await, 404).await;
    let workspace_dirs: Vec<_> =
        std::fs::read_dir(app.media_dir.path()).unwrap().flatten().collect();
    let kept: usize = workspace_dirs
        .iter()
        .map(|d| std::fs::read_dir(d.path()).map(|e| e.count()).unwrap_or(0))
        .sum();
    assert_eq!(kept, 1, "only the illustration's files are left");
}
