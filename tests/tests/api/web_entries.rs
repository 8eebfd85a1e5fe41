//! The web admin's condition and clinic pages, and a clinic's offerings, over HTTP as a browser
//! without JavaScript uses them. (The treatment pages are in `web_admin.rs`; every kind's pages
//! are the same code, so these test what is each kind's own.)

use cutis::auth::roles::Role;
use cutis_tests::{AdminBrowser, Session, TestApp, condition, entry, spawn_app};
use serde_json::{Value, json};

/// A signed-in member of `acme` in the web admin, and their API session.
async fn member(app: &TestApp, role: Role) -> (AdminBrowser<'_>, Session) {
    AdminBrowser::member(app, "acme", role).await
}

/// The id at the end of a redirect's path.
fn created_id(response: &reqwest::Response) -> String {
    let location = response.headers()["location"].to_str().expect("a location");
    location.split('?').next().unwrap().rsplit('/').next().unwrap().to_owned()
}

const CONDITIONS: &str = "/admin/workspaces/acme/conditions";
const CLINICS: &str = "/admin/workspaces/acme/clinics";

#[actix_web::test]
async fn an_editor_writes_a_condition_in_two_locales_and_finds_it_in_the_list() {
    let app = spawn_app().await;
    let (mut browser, session) = member(&app, Role::Editor).await;
    let new = format!("{CONDITIONS}/new");
    let nameless = [("locale", "en"), ("slug", "melasma"), ("name", "")];
    let refused = browser.submit(&new, CONDITIONS, &nameless).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("id=\"f-name-error\""), "no error at name");

    let english = [
        ("locale", "en"),
        ("slug", "melasma"),
        ("name", "Melasma"),
        ("synonyms", "brown patches\r\npregnancy mask\r\n"),
        ("summary", "Brown or grey-brown patches, mostly on the face."),
    ];
    let created = browser.submit(&new, CONDITIONS, &english).await;
    assert_eq!(created.status(), 303, "{:?}", created.text().await);
    let id = created_id(&created);
    let path = entry("acme", "conditions", &id);
    let stored = app.read_entry(&session, &path).await;
    assert_eq!(stored["synonyms"], json!(["brown patches", "pregnancy mask"]));

    let editor = format!("{CONDITIONS}/{id}");
    let french_page = browser.page(&format!("{editor}?locale=fr")).await;
    assert!(french_page.contains("has no fr text yet"), "no fallback notice: {french_page}");
    assert!(french_page.contains("pregnancy mask"), "the English text is not shown beside");
    let french = [
        ("locale", "fr"),
        ("version", "1"),
        ("slug", "melasma"),
        ("name", "Mélasma"),
        ("synonyms", "masque de grossesse"),
    ];
    let saved = browser.submit(&format!("{editor}?locale=fr"), &editor, &french).await;
    assert_eq!(saved.status(), 303, "{:?}", saved.text().await);
    let stored = app.read_entry(&session, &format!("{path}?locale=fr")).await;
    assert_eq!((stored["name"].as_str(), stored["locale"].as_str()), (Some("Mélasma"), Some("fr")));
    let english = app.read_entry(&session, &path).await;
    assert_eq!(english["name"], "Melasma", "the French save changed the English text");

    let listed = browser.page(&format!("{CONDITIONS}?q=mela")).await;
    assert!(listed.contains(&format!("href=\"{editor}\"")), "not in the list: {listed}");
    assert!(browser.page(&format!("{CONDITIONS}?q=acne")).await.contains("No condition matches."));
}

#[actix_web::test]
async fn a_condition_a_treatment_links_to_is_not_deleted_and_the_page_says_by_whom() {
    let app = spawn_app().await;
    let (mut browser, session) = member(&app, Role::Editor).await;
    let melasma =
        app.create_entry(&session, "acme", "conditions", &condition("melasma", "Melasma")).await;
    let peel =
        json!({"slug": "peel", "name": "Chemical peel", "conditions": [{"condition": "melasma"}]});
    app.create_entry(&session, "acme", "treatments", &peel).await;
    let id = melasma["id"].as_str().unwrap();
    let editor = format!("{CONDITIONS}/{id}");
    let refused = browser.submit(&editor, &format!("{editor}/delete"), &[("version", "1")]).await;
    assert_eq!(refused.status(), 409);
    let html = refused.text().await.unwrap();
    assert!(html.contains("peel"), "the page does not name the treatment: {html}");
    assert!(html.contains("class=\"editor\""), "the refusal is not shown in the editor: {html}");
    app.read_entry(&session, &entry("acme", "conditions", id)).await;
}

#[actix_web::test]
async fn a_clinic_is_created_with_its_errors_at_their_fields_and_published_without_review() {
    let app = spawn_app().await;
    let (mut editor, session) = member(&app, Role::Editor).await;
    let new = format!("{CLINICS}/new");
    let wrong = [
        ("locale", "en"),
        ("slug", "scarborough"),
        ("name", "Northshore, Scarborough"),
        ("country", "Canada"),
        ("timezone", "America/Toronto"),
    ];
    let refused = editor.submit(&new, CLINICS, &wrong).await;
    assert_eq!(refused.status(), 422);
    assert!(
        refused.text().await.unwrap().contains("id=\"f-country-error\""),
        "no error at country"
    );
    let listed = app.get_as(&session, "/admin/v1/workspaces/acme/clinics").await;
    assert_eq!(listed.json::<Value>().await.unwrap()["items"], json!([]));

    let mut right = wrong;
    right[3] = ("country", "CA");
    let created = editor.submit(&new, CLINICS, &right).await;
    assert_eq!(created.status(), 303, "{:?}", created.text().await);
    let id = created_id(&created);
    let page = editor.page(&format!("{CLINICS}/{id}")).await;
    assert!(page.contains("Offerings") && page.contains("Add an offering"), "{page}");
    assert!(!page.contains("Not medically reviewed"), "a clinic is not reviewed: {page}");

    // A clinic carries no medical content: a reviewer publishes it straight from draft.
    let (mut publisher, _) = member(&app, Role::Reviewer).await;
    let clinic_page = format!("{CLINICS}/{id}");
    let page = publisher.page(&clinic_page).await;
    assert!(page.contains("value=\"publish\"") && !page.contains("value=\"approve\""), "{page}");
    let step = [("version", "1"), ("step", "publish")];
    let published = publisher.submit(&clinic_page, &format!("{clinic_page}/step"), &step).await;
    assert_eq!(published.status(), 303, "{:?}", published.text().await);
    let stored = app.read_entry(&session, &entry("acme", "clinics", &id)).await;
    assert_eq!(stored["status"], "published");
}

#[actix_web::test]
async fn a_clinics_offerings_are_added_edited_and_removed_from_its_page() {
    let app = spawn_app().await;
    let (mut browser, session) = member(&app, Role::Editor).await;
    app.create_entry(
        &session,
        "acme",
        "treatments",
        &json!({"slug": "microneedling", "name": "Microneedling"}),
    )
    .await;
    let clinic =
        app.create_clinic(&session, "acme", "scarborough", "Northshore, Scarborough").await;
    let clinic_id = clinic["id"].as_str().unwrap();
    let offerings = format!("{CLINICS}/{clinic_id}/offerings");
    let new = format!("{offerings}/new");
    let half_price = [
        ("locale", "en"),
        ("treatment", "microneedling"),
        ("active", "true"),
        ("price_from.currency", "CAD"),
    ];
    let refused = browser.submit(&new, &offerings, &half_price).await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains("id=\"f-price_from-amount-error\""), "no error at the amount: {html}");
    let api = format!("/admin/v1/workspaces/acme/clinics/{clinic_id}/offerings");
    let none = app.get_as(&session, &api).await.json::<Value>().await.unwrap();
    assert_eq!(none["items"], json!([]));

    let offer = [
        ("locale", "en"),
        ("treatment", "microneedling"),
        ("active", "true"),
        ("price_from.amount", "29900"),
        ("price_from.currency", "CAD"),
        ("duration_minutes", "45"),
        ("notes", "Numbing cream included."),
    ];
    let created = browser.submit(&new, &offerings, &offer).await;
    assert_eq!(created.status(), 303, "{:?}", created.text().await);
    let id = created_id(&created);
    let stored = app.read_entry(&session, &format!("{api}/{id}")).await;
    assert_eq!(stored["price_from"], json!({"amount": 29900, "currency": "CAD"}));
    assert_eq!(
        (stored["active"].as_bool(), stored["notes"].as_str()),
        (Some(true), Some("Numbing cream included."))
    );
    let clinic_page = browser.page(&format!("{CLINICS}/{clinic_id}")).await;
    assert!(clinic_page.contains("299.00 CAD"), "the clinic page does not list it: {clinic_page}");

    // Unticked, the checkbox posts nothing: the offering is paused, its price cleared.
    let page = format!("{offerings}/{id}");
    let paused = [("locale", "en"), ("version", "1"), ("treatment", "microneedling")];
    let saved = browser.submit(&page, &page, &paused).await;
    assert_eq!(saved.status(), 303, "{:?}", saved.text().await);
    let stored = app.read_entry(&session, &format!("{api}/{id}")).await;
    assert_eq!((stored["active"].as_bool(), &stored["price_from"]), (Some(false), &Value::Null));

    let versionless = browser.submit(&page, &page, &offer).await;
    assert_eq!(versionless.status(), 400, "a form that does not say its version is refused");
    let removed = browser.submit(&page, &format!("{page}/delete"), &[("version", "2")]).await;
    assert_eq!(removed.status(), 303);
    let none = app.get_as(&session, &api).await.json::<Value>().await.unwrap();
    assert_eq!(none["items"], json!([]));
}

#[actix_web::test]
async fn a_viewer_sees_a_clinics_offerings_but_cannot_change_them() {
    let app = spawn_app().await;
    let (_, session) = member(&app, Role::Editor).await;
    app.create_entry(
        &session,
        "acme",
        "treatments",
        &json!({"slug": "microneedling", "name": "Microneedling"}),
    )
    .await;
    let clinic =
        app.create_clinic(&session, "acme", "scarborough", "Northshore, Scarborough").await;
    let clinic_id = clinic["id"].as_str().unwrap();
    let api = format!("/admin/v1/workspaces/acme/clinics/{clinic_id}/offerings");
    let offered = app.post_as(&session, &api, &json!({"treatment": "microneedling"})).await;
    assert_eq!(offered.status(), 201);
    let offering: Value = offered.json().await.unwrap();

    let (mut viewer, _) = member(&app, Role::Viewer).await;
    let clinic_page = format!("{CLINICS}/{clinic_id}");
    let html = viewer.page(&clinic_page).await;
    assert!(html.contains("microneedling") && !html.contains("Add an offering"), "{html}");
    let page = format!("{clinic_page}/offerings/{}", offering["id"].as_str().unwrap());
    let html = viewer.page(&page).await;
    assert!(!html.contains("Remove the offering") && !html.contains(">Save<"), "{html}");
    let forged = viewer.submit(&page, &format!("{page}/delete"), &[("version", "1")]).await;
    assert_eq!(forged.status(), 403);
    let still = app.get_as(&session, &api).await.json::<Value>().await.unwrap();
    assert_eq!(still["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(viewer.get(&format!("{clinic_page}/offerings/new")).await.status(), 403);
}

#[actix_web::test]
async fn a_refused_publish_shows_the_editor_with_each_missing_item_and_changes_nothing() {
    let app = spawn_app().await;
    let (mut editor, session) = member(&app, Role::Editor).await;
    let bare = json!({"slug": "peel", "name": "Chemical peel"});
    let id = app.create_entry(&session, "acme", "treatments", &bare).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let page = format!("/admin/workspaces/acme/treatments/{id}");
    let step = format!("{page}/step");
    let submitted = editor.submit(&page, &step, &[("step", "submit"), ("version", "1")]).await;
    assert_eq!(submitted.status(), 303);
    let (mut reviewer, _) = member(&app, Role::Reviewer).await;
    let approved = reviewer.submit(&page, &step, &[("step", "approve"), ("version", "2")]).await;
    assert_eq!(approved.status(), 303);

    let publish = [("step", "publish"), ("version", "3"), ("locale", "fr")];
    let refused = reviewer.submit(&page, &step, &publish).await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains("class=\"editor\"") && html.contains("contraindications"), "{html}");
    assert!(html.contains("aria-current=\"page\">fr<"), "the editor left the locale: {html}");
    let stored = app.read_entry(&session, &entry("acme", "treatments", &id)).await;
    assert_eq!(
        (stored["status"].as_str(), stored["version"].as_i64()),
        (Some("approved"), Some(3))
    );
}

#[actix_web::test]
async fn the_home_page_lists_my_drafts_not_my_colleagues() {
    let app = spawn_app().await;
    let (mut browser, mine) = member(&app, Role::Editor).await;
    let colleague = app.sign_in_as("acme", Role::Editor).await;
    let peel = json!({"slug": "peel", "name": "Chemical peel"});
    let laser = json!({"slug": "laser", "name": "Laser resurfacing"});
    app.create_entry(&mine, "acme", "treatments", &peel).await;
    app.create_entry(&colleague, "acme", "treatments", &laser).await;
    let home = browser.page("/admin/workspaces/acme").await;
    let drafts = home.split("My drafts").nth(1).unwrap().split("</section>").next().unwrap();
    assert!(drafts.contains("Chemical peel") && !drafts.contains("Laser"), "{drafts}");
    let all_mine =
        browser.page("/admin/workspaces/acme/treatments?status=draft&updated_by=me").await;
    assert!(all_mine.contains("Chemical peel") && !all_mine.contains("Laser"), "{all_mine}");
}
