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

mod published {
    use super::*;
    use cutis_tests::{Newsroom, TestApp, microneedling};

    async fn publish_with(app: &TestApp, room: &Newsroom, media: Value) -> Value {
        let mut needling = microneedling();
        needling["media"] = media;
        let created = app.create_treatment(&room.editor, "acme", &needling).await;
        let path = entry("acme", "treatments", &id_of(&created));
        let fr =
            json!({"locale": "fr", "name": "Microneedling", "summary": "Des micro-aiguilles."});
        let created = app.patch_as(&room.editor, &path, 1, &fr).await.json().await.unwrap();
        app.publish(room, "treatments", &created).await
    }

    async fn consent_photo(app: &TestApp, room: &Newsroom, name: &str, consent: Value) -> Value {
        let metadata =
            json!({"kind": "patient_photo", "alt": format!("{name} photo"), "consent": consent});
        let jpeg = camera_jpeg(900, 600, "52.5200N-home-address");
        app.upload_media(&room.editor, "acme", (name, &jpeg), Some(&metadata)).await
    }

    fn consent(scope: &[&str], expires_on: &str) -> Value {
        json!({"obtained_on": "2026-01-05", "scope": scope, "expires_on": expires_on, "form_ref": "CF-7"})
    }

    #[tokio::test]
    async fn a_published_treatment_serves_its_images_without_a_key_or_their_metadata() {
        let app = spawn_app().await;
        let room = app.newsroom("acme").await;
        let hero = app
            .upload_media(
                &room.editor,
                "acme",
                ("hero.png", &picture(1400, 700, ImageFormat::Png)),
                Some(&json!({"alt": "A microneedling pen"})),
            )
            .await;
        let fr = app
            .patch_as(
                &room.editor,
                &entry("acme", "media", &id_of(&hero)),
                1,
                &json!({"locale": "fr", "alt": "Un stylo de microneedling"}),
            )
            .await;
        assert_eq!(fr.status(), 200);
        let before =
            consent_photo(&app, &room, "before.jpg", consent(&["website"], "2099-01-01")).await;
        let after =
            consent_photo(&app, &room, "after.jpg", consent(&["website", "app"], "2099-01-01"))
                .await;
        let media = json!([
            {"asset": hero["id"], "role": "hero"},
            {"asset": before["id"], "role": "before", "pair": 1},
            {"asset": after["id"], "role": "after", "pair": 1},
        ]);
        publish_with(&app, &room, media).await;

        let en = app.delivered(&room.key, "/v1/treatments/microneedling").await;
        let in_fr = app.delivered(&room.key, "/v1/treatments/microneedling?locale=fr").await;
        let image = &en["media"][0];
        let url = image["url"].as_str().unwrap().to_owned();
        let webp = app
            .client
            .get(app.url(&format!("{url}?w=640")))
            .header("Accept", "image/webp,*/*")
            .send()
            .await
            .unwrap();
        let headers = webp.headers().clone();
        let webp = webp.bytes().await.unwrap();
        let photo_url = en["media"][1]["url"].as_str().unwrap().to_owned();
        let photo =
            app.client.get(app.url(&format!("{photo_url}?format=jpeg"))).send().await.unwrap();
        let photo_cache = photo.headers()["cache-control"].clone();
        let photo = photo.bytes().await.unwrap();
        let as_png =
            app.client.get(app.url(&format!("{photo_url}?format=png"))).send().await.unwrap();
        let revalidated = app
            .client
            .get(app.url(&format!("{url}?w=640")))
            .header("Accept", "image/webp")
            .header("If-None-Match", headers["etag"].clone())
            .send()
            .await
            .unwrap();
        let wrong_hash = app
            .client
            .get(app.url(&format!("/v1/media/{}/{}", hero["id"].as_str().unwrap(), "0".repeat(64))))
            .send()
            .await
            .unwrap();

        assert_eq!(
            (image["role"].as_str(), image["width"].as_u64(), image["height"].as_u64()),
            (Some("hero"), Some(1400), Some(700))
        );
        assert_eq!(image["alt"], "A microneedling pen");
        assert_eq!(in_fr["media"][0]["alt"], "Un stylo de microneedling");
        assert_eq!(
            in_fr["media"][1]["alt"], "before.jpg photo",
            "French falls back to the default locale"
        );
        let widths: Vec<u64> = image["srcset"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v["width"].as_u64())
            .collect();
        assert_eq!(widths, [320, 640, 960, 1280, 1400]);
        assert_eq!(image["srcset"][1]["url"], format!("{url}?w=640"));
        assert_eq!(en["media"][1]["pair"], 1);
        assert_eq!(dimensions(&webp), (640, 320, ImageFormat::WebP));
        assert_eq!(headers["cache-control"], "public, max-age=31536000, immutable");
        assert_eq!(revalidated.status(), 304);
        assert_eq!(dimensions(&photo), (900, 600, ImageFormat::Jpeg));
        assert_eq!(photo_cache, "public, max-age=3600, must-revalidate");
        assert_eq!(problem(as_png, 422).await["errors"][0]["field"], "format");
        assert_eq!(en["media"][1]["kind"], "patient_photo");
        let text = String::from_utf8_lossy(&photo);
        assert!(!text.contains("52.5200N") && !text.contains("Exif"));
        assert!(jpeg_segments(&photo).iter().all(|m| !(0xE1..=0xEF).contains(m)));
        problem(wrong_hash, 404).await;
    }

    #[tokio::test]
    async fn images_no_published_entry_shows_answer_404_and_deleting_a_shown_one_is_409() {
        let app = spawn_app().await;
        let room = app.newsroom("acme").await;
        let jpeg = picture(400, 300, ImageFormat::Jpeg);
        let hero = app
            .upload_media(&room.editor, "acme", ("hero.jpg", &jpeg), Some(&json!({"alt": "A pen"})))
            .await;
        let unused = app
            .upload_media(
                &room.editor,
                "acme",
                ("spare.jpg", &picture(300, 200, ImageFormat::Jpeg)),
                None,
            )
            .await;
        let mut needling = microneedling();
        needling["media"] = json!([{"asset": hero["id"], "role": "hero"}]);
        let draft = app.create_treatment(&room.editor, "acme", &needling).await;
        let path_of = |asset: &Value| {
            format!(
                "/v1/media/{}/{}",
                asset["id"].as_str().unwrap(),
                asset["content_hash"].as_str().unwrap()
            )
        };

        let while_draft = app.client.get(app.url(&path_of(&hero))).send().await.unwrap();
        let published = app.publish(&room, "treatments", &draft).await;
        let once_published = app.client.get(app.url(&path_of(&hero))).send().await.unwrap();
        let never_shown = app.client.get(app.url(&path_of(&unused))).send().await.unwrap();
        let asset = entry("acme", "media", &id_of(&hero));
        let refused = app.delete_as(&room.editor, &asset, 1).await;
        let treatment = entry("acme", "treatments", &id_of(&published));
        let version = published["version"].as_i64().unwrap();
        let emptied = app.patch_as(&room.editor, &treatment, version, &json!({"media": []})).await;
        assert_eq!(emptied.status(), 200);
        let still_live = app.delete_as(&room.editor, &asset, 1).await;
        let unpublished =
            app.step(&room.reviewer, &treatment, "unpublish", version + 1, None).await;
        assert_eq!(unpublished.status(), 200);
        let after_unpublish = app.client.get(app.url(&path_of(&hero))).send().await.unwrap();
        let deleted = app.delete_as(&room.editor, &asset, 1).await;

        problem(while_draft, 404).await;
        assert_eq!(once_published.status(), 200);
        problem(never_shown, 404).await;
        let refused = problem(refused, 409).await;
        assert!(
            refused["detail"].as_str().unwrap_or_default().contains("'microneedling'"),
            "{refused}"
        );
        let still_live = problem(still_live, 409).await;
        assert!(still_live["detail"].as_str().unwrap_or_default().contains("'microneedling'"));
        problem(after_unpublish, 404).await;
        assert_eq!(deleted.status(), 204);
    }

    #[tokio::test]
    async fn before_and_after_photos_need_consent_for_the_website_and_alt_text_to_publish() {
        let app = spawn_app().await;
        let room = app.newsroom("acme").await;
        let expired =
            consent_photo(&app, &room, "expired.jpg", consent(&["website"], "2026-02-01")).await;
        let app_only =
            consent_photo(&app, &room, "app-only.jpg", consent(&["app"], "2099-01-01")).await;
        let plain = app
            .upload_media(
                &room.editor,
                "acme",
                ("plain.jpg", &picture(90, 60, ImageFormat::Jpeg)),
                None,
            )
            .await;
        let mut needling = microneedling();
        needling["media"] = json!([
            {"asset": expired["id"], "role": "before", "pair": 1},
            {"asset": app_only["id"], "role": "after", "pair": 1},
            {"asset": plain["id"], "role": "gallery"},
        ]);
        let created = app.create_treatment(&room.editor, "acme", &needling).await;
        let path = entry("acme", "treatments", &id_of(&created));
        let checks: Value =
            app.get_as(&room.editor, &format!("{path}/checks")).await.json().await.unwrap();

        let ready = app.complete_for_publishing(&room, &created).await;
        let version = ready["version"].as_i64().unwrap();
        let submitted = app.step(&room.editor, &path, "submit", version, None).await;
        assert_eq!(submitted.status(), 200);
        let approved = app.step(&room.reviewer, &path, "approve", version + 1, None).await;
        assert_eq!(approved.status(), 200);
        let publish = app.step(&room.reviewer, &path, "publish", version + 2, None).await;
        let refused = problem(publish, 422).await;

        let media_item = checks["checklist"]
            .as_array()
            .unwrap()
            .iter()
            .find(|item| item["field"] == "media")
            .cloned()
            .unwrap_or_default();
        assert_eq!(media_item["met"], false, "{checks}");
        let missing = media_item["missing"].as_str().unwrap_or_default();
        assert!(missing.contains("consent ended on 2026-02-01"), "{missing}");
        assert!(missing.contains("does not cover the website"), "{missing}");
        assert!(missing.contains("(plain.jpg) has no alt text"), "{missing}");
        let fields: Vec<&str> = refused["errors"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e["field"].as_str())
            .collect();
        assert_eq!(fields, ["media"], "{refused}");
        problem(app.deliver(&room.key, "/v1/treatments/microneedling").await, 404).await;
    }

    #[tokio::test]
    async fn a_treatment_refuses_unpaired_photos_and_assets_of_another_workspace() {
        let app = spawn_app().await;
        let room = app.newsroom("acme").await;
        let other = app.sign_in_as("globex", Role::Editor).await;
        let theirs = app
            .upload_media(
                &other,
                "globex",
                ("theirs.jpg", &picture(50, 50, ImageFormat::Jpeg)),
                None,
            )
            .await;
        let ours = app
            .upload_media(
                &room.editor,
                "acme",
                ("ours.jpg", &picture(50, 50, ImageFormat::Jpeg)),
                None,
            )
            .await;
        let mut needling = microneedling();
        needling["media"] = json!([
            {"asset": theirs["id"], "role": "hero"},
            {"asset": ours["id"], "role": "before", "pair": 1},
        ]);

        let response =
            app.post_as(&room.editor, &collection("acme", "treatments"), &needling).await;

        let refused = problem(response, 422).await;
        let fields: Vec<&str> = refused["errors"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e["field"].as_str())
            .collect();
        assert!(fields.contains(&"media"), "{refused}");
        let mut twice = microneedling();
        twice["media"] = json!([
            {"asset": ours["id"], "role": "hero"},
            {"asset": ours["id"], "role": "gallery"},
        ]);
        let twice = problem(
            app.post_as(&room.editor, &collection("acme", "treatments"), &twice).await,
            422,
        )
        .await;
        assert_eq!(twice["errors"][0]["field"], "media[1].asset", "{twice}");
        let mut paired = microneedling();
        paired["media"] = json!([{"asset": theirs["id"], "role": "hero"}]);
        let foreign = problem(
            app.post_as(&room.editor, &collection("acme", "treatments"), &paired).await,
            422,
        )
        .await;
        assert_eq!(foreign["errors"][0]["field"], "media[0].asset", "{foreign}");
    }

    #[tokio::test]
    async fn a_photo_whose_consent_ends_is_no_longer_served() {
        let app = spawn_app().await;
        let room = app.newsroom("acme").await;
        let before =
            consent_photo(&app, &room, "before.jpg", consent(&["website"], "2099-01-01")).await;
        let after =
            consent_photo(&app, &room, "after.jpg", consent(&["website"], "2099-01-01")).await;
        let media = json!([
            {"asset": before["id"], "role": "before", "pair": 1},
            {"asset": after["id"], "role": "after", "pair": 1},
        ]);
        publish_with(&app, &room, media).await;
        let url =
            format!("/v1/media/{}/{}", id_of(&before), before["content_hash"].as_str().unwrap());

        let while_consented = app.client.get(app.url(&url)).send().await.unwrap();
        let ended = json!({"consent": consent(&["website"], "2026-01-31")});
        let withdrawn =
            app.patch_as(&room.editor, &entry("acme", "media", &id_of(&before)), 1, &ended).await;
        assert_eq!(withdrawn.status(), 200);
        let once_ended = app.client.get(app.url(&url)).send().await.unwrap();

        assert_eq!(while_consented.status(), 200);
        problem(once_ended, 404).await;
    }
}

#[tokio::test]
async fn graphql_sets_and_reads_a_treatments_images_as_rest_does() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let hero = app
        .upload_media(&editor, "acme", ("hero.jpg", &picture(60, 40, ImageFormat::Jpeg)), None)
        .await;
    let query = "mutation($input: CreateTreatmentInput!) {
        createTreatment(workspace: \"acme\", input: $input) { id media { asset role pair } }
    }";
    let input = json!({"slug": "microneedling", "name": "Microneedling",
        "media": [{"asset": hero["id"], "role": "hero"}]});

    let response = app.admin_graphql(&editor, query, json!({"input": input})).await;

    let created = &cutis_tests::data(&response)["createTreatment"];
    assert_eq!(created["media"], json!([{"asset": hero["id"], "role": "hero", "pair": null}]));
    let rest = app
        .read_entry(&editor, &entry("acme", "treatments", created["id"].as_str().unwrap()))
        .await;
    assert_eq!(rest["media"], json!([{"asset": hero["id"], "role": "hero", "pair": null}]));
}

mod withdrawn {
    use super::*;
    use cutis_tests::microneedling;

    #[tokio::test]
    async fn the_scheduler_takes_a_photo_whose_consent_ended_out_of_the_published_snapshot() {
        let app = spawn_app_with(|settings| {
            settings.scheduler_interval = std::time::Duration::from_millis(50);
        })
        .await;
        let room = app.newsroom("acme").await;
        let photo = |name: &str| {
            let metadata = json!({"kind": "patient_photo", "alt": name, "consent": {
                "obtained_on": "2026-01-05", "scope": ["website"], "expires_on": "2099-01-01",
                "form_ref": "CF-9"}});
            (name.to_owned(), metadata)
        };
        let mut assets = Vec::new();
        for (name, metadata) in [photo("before.jpg"), photo("after.jpg")] {
            let jpeg = picture(200, 100, ImageFormat::Jpeg);
            assets.push(
                app.upload_media(&room.editor, "acme", (&name, &jpeg), Some(&metadata)).await,
            );
        }
        let hero = app
            .upload_media(
                &room.editor,
                "acme",
                ("hero.jpg", &picture(200, 100, ImageFormat::Jpeg)),
                Some(&json!({"alt": "A pen"})),
            )
            .await;
        let mut needling = microneedling();
        needling["media"] = json!([
            {"asset": hero["id"], "role": "hero"},
            {"asset": assets[0]["id"], "role": "before", "pair": 1},
            {"asset": assets[1]["id"], "role": "after", "pair": 1},
        ]);
        let created = app.create_treatment(&room.editor, "acme", &needling).await;
        app.publish(&room, "treatments", &created).await;
        let before = app.delivered(&room.key, "/v1/treatments/microneedling").await;

        let withdraw =
            json!({"consent": null, "kind": "patient_photo", "note": "Consent withdrawn"});
        let path = entry("acme", "media", &id_of(&assets[0]));
        assert_eq!(app.patch_as(&room.editor, &path, 1, &withdraw).await.status(), 200);
        let mut after = Value::Null;
        for _ in 0..100 {
            after = app.delivered(&room.key, "/v1/treatments/microneedling").await;
            if after["media"].as_array().map(Vec::len) == Some(2) {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }

        assert_eq!(before["media"].as_array().map(Vec::len), Some(3));
        let left: Vec<&Value> =
            after["media"].as_array().unwrap().iter().map(|image| &image["asset"]).collect();
        assert_eq!(left, [&hero["id"], &assets[1]["id"]], "{after}");
        assert_eq!(after["version"], before["version"], "the published version stays");
    }
}

mod in_a_bucket {
    use super::*;
    use cutis_tests::microneedling;
    use cutis_tests::s3::S3Server;

    #[tokio::test]
    async fn images_round_trip_through_an_s3_bucket_that_replicas_share() {
        let Some(s3) = S3Server::start().await else { return };
        let bucket = s3.settings();
        let app = spawn_app_with(|settings| settings.media.s3 = Some(bucket.clone())).await;
        let room = app.newsroom("acme").await;
        let hero = app
            .upload_media(
                &room.editor,
                "acme",
                ("hero.png", &picture(800, 400, ImageFormat::Png)),
                Some(&json!({"alt": "A pen"})),
            )
            .await;
        let mut needling = microneedling();
        needling["media"] = json!([{"asset": hero["id"], "role": "hero"}]);
        let created = app.create_treatment(&room.editor, "acme", &needling).await;
        app.publish(&room, "treatments", &created).await;
        let url = format!(
            "/v1/media/{}/{}?w=640&format=webp",
            id_of(&hero),
            hero["content_hash"].as_str().unwrap()
        );

        let served = app.client.get(app.url(&url)).send().await.unwrap().bytes().await.unwrap();
        let keys = s3.keys().await;
        let replica = app.spawn_replica(|settings| settings.media.s3 = Some(bucket.clone())).await;
        let from_replica =
            replica.client.get(format!("{}{url}", replica.address)).send().await.unwrap();
        let from_replica = from_replica.bytes().await.unwrap();

        assert_eq!(dimensions(&served), (640, 320, ImageFormat::WebP));
        let hash = hero["content_hash"].as_str().unwrap();
        assert!(keys.iter().any(|key| key.ends_with(&format!("{hash}/original.png"))), "{keys:?}");
        assert!(keys.iter().any(|key| key.ends_with(&format!("{hash}/640.webp"))), "{keys:?}");
        assert_eq!(from_replica, served, "the replica reads the variant the first server made");
        assert!(
            std::fs::read_dir(app.media_dir.path()).unwrap().next().is_none(),
            "nothing on disk"
        );
    }

    #[tokio::test]
    async fn a_deleted_asset_leaves_nothing_in_the_bucket() {
        let Some(s3) = S3Server::start().await else { return };
        let bucket = s3.settings();
        let app = spawn_app_with(|settings| settings.media.s3 = Some(bucket)).await;
        let editor = app.sign_in_as("acme", Role::Editor).await;
        let asset = app
            .upload_media(&editor, "acme", ("a.jpg", &picture(700, 300, ImageFormat::Jpeg)), None)
            .await;
        let (status, _) = app.bytes_as(&editor, &file_of(&asset, "?w=320")).await;
        assert_eq!(status, 200);
        assert_eq!(s3.keys().await.len(), 2);

        let deleted = app.delete_as(&editor, &entry("acme", "media", &id_of(&asset)), 1).await;

        assert_eq!(deleted.status(), 204);
        assert_eq!(s3.keys().await, Vec::<String>::new());
    }
}
