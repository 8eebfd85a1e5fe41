//! Bad input: every rule answers 422 naming the field by its path, all violations at once,
//! and nothing is written. Malformed, oversized and non-JSON bodies get 400, 413 and 415.

use cutis::auth::roles::Role;
use cutis_tests::{collection, entry, id_of, microneedling, problem, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};

/// `microneedling()` with `field` (a top-level key) replaced by `value`.
fn with(field: &str, value: Value) -> Value {
    let mut body = microneedling();
    body[field] = value;
    body
}

fn fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn every_invalid_treatment_field_is_named_by_its_path_and_nothing_is_written() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    app.create_condition(&editor, "acme", "melasma", "Melasma").await;
    let long = |n: usize| "x".repeat(n);
    let mut without_slug = microneedling();
    without_slug.as_object_mut().unwrap().remove("slug");
    let mut without_name = microneedling();
    without_name.as_object_mut().unwrap().remove("name");
    let cases: Vec<(Value, &str)> = vec![
        (with("slug", json!("Micro Needling")), "slug"),
        (with("slug", json!(long(81))), "slug"),
        (with("slug", json!("-needling")), "slug"),
        (without_slug, "slug"),
        (without_name, "name"),
        (with("name", json!("   ")), "name"),
        (with("name", json!(long(201))), "name"),
        (with("name", Value::Null), "name"),
        (with("locale", json!("de")), "locale"),
        (with("locale", json!("french")), "locale"),
        (with("summary", json!(long(2001))), "summary"),
        (with("body", json!(long(100_001))), "body"),
        (with("downtime_notes", json!(long(2001))), "downtime_notes"),
        (with("results_timeline", json!(long(2001))), "results_timeline"),
        (with("also_known_as", json!(["skin needling", "skin needling"])), "also_known_as[1]"),
        (with("also_known_as", json!([""])), "also_known_as[0]"),
        (with("contraindications", json!(["pregnancy", long(501)])), "contraindications[1]"),
        (with("sessions", json!({"min": 6, "max": 4})), "sessions.max"),
        (with("sessions", json!({"min": 0, "max": 4})), "sessions.min"),
        (with("procedure_minutes", json!({"min": 30, "max": 2000})), "procedure_minutes.max"),
        (with("session_interval_weeks", json!({"min": 0, "max": 4})), "session_interval_weeks.min"),
        (with("downtime_days", json!({"min": -1, "max": 2})), "downtime_days.min"),
        (with("sessions", json!({"min": "four", "max": 6})), "sessions.min"),
        (with("sessions", json!({"min": 4})), "sessions.max"),
        (with("aftercare", json!([{"timing": "", "instruction": "Rest."}])), "aftercare[0].timing"),
        (
            with("aftercare", json!([{"timing": "Day 1", "instruction": long(2001)}])),
            "aftercare[0].instruction",
        ),
        (
            with(
                "faqs",
                json!([{"question": "Q?", "answer": "A."}, {"question": " ", "answer": "A."}]),
            ),
            "faqs[1].question",
        ),
        (with("faqs", json!([{"question": "Q?", "answer": ""}])), "faqs[0].answer"),
        (with("faqs", json!([{"question": "Q?", "answer": "A.", "votes": 3}])), "faqs[0].votes"),
        (
            with("references", json!([{"title": "T", "url": "javascript:alert(1)", "year": 2020}])),
            "references[0].url",
        ),
        (
            with(
                "references",
                json!([{"title": "T", "url": format!("https://x.example/{}", long(2048)), "year": 2020}]),
            ),
            "references[0].url",
        ),
        (
            with("references", json!([{"title": "T", "url": "https://x.example", "year": 1500}])),
            "references[0].year",
        ),
        (
            with("references", json!([{"title": "", "url": "https://x.example", "year": 2020}])),
            "references[0].title",
        ),
        (with("conditions", json!([{"condition": "acne-scars"}])), "conditions[0].condition"),
        (
            with("conditions", json!([{"condition": "melasma"}, {"condition": "melasma"}])),
            "conditions[1].condition",
        ),
        (
            with("conditions", json!([{"condition": "melasma", "sessions": {"min": 3, "max": 2}}])),
            "conditions[0].sessions.max",
        ),
        (
            with("conditions", json!([{"condition": "melasma", "notes": long(2001)}])),
            "conditions[0].notes",
        ),
        (with("conditions", json!([{"slug": "melasma"}])), "conditions[0].slug"),
        (
            with("complementary", json!([{"treatment": "microneedling"}])),
            "complementary[0].treatment",
        ),
        (
            with("complementary", json!([{"treatment": "laser-toning"}])),
            "complementary[0].treatment",
        ),
        (
            with("complementary", json!([{"treatment": "laser-toning", "min_spacing_weeks": 500}])),
            "complementary[0].min_spacing_weeks",
        ),
        (with("seo", json!({"meta_title": long(201)})), "seo.meta_title"),
        (with("seo", json!({"meta_description": long(501)})), "seo.meta_description"),
        (with("note", json!(long(1001))), "note"),
        (with("price", json!(100)), "price"),
    ];

    for (body, field) in &cases {
        let response = app.post_as(&editor, &collection("acme", "treatments"), body).await;
        let problem = problem(response, 422).await;
        assert_eq!(problem["code"], "VALIDATION");
        assert!(fields(&problem).contains(&field.to_string()), "expected {field} in {problem}");
    }

    let list: Value =
        app.get_as(&editor, &collection("acme", "treatments")).await.json().await.unwrap();
    assert_eq!(list["items"], json!([]), "no invalid treatment was written");
}

#[tokio::test]
async fn all_violations_are_reported_together() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let mut body = with("slug", json!("Bad Slug"));
    body["sessions"] = json!({"min": 6, "max": 4});
    body["faqs"] = json!([{"question": "", "answer": "A."}]);
    body["conditions"] = json!([{"condition": "unknown"}]);

    let response = app.post_as(&editor, &collection("acme", "treatments"), &body).await;

    let mut found = fields(&problem(response, 422).await);
    found.sort();
    assert_eq!(found, ["faqs[0].question", "sessions.max", "slug"]);
}

#[tokio::test]
async fn an_invalid_patch_leaves_the_treatment_exactly_as_it_was() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let created = app.create_treatment(&editor, "acme", &microneedling()).await;
    let path = entry("acme", "treatments", &id_of(&created));

    let invalid = json!({"name": "Renamed", "sessions": {"min": 9, "max": 1}, "conditions": [{"condition": "nope"}]});
    let response = app.patch_as(&editor, &path, 1, &invalid).await;
    let unknown_link = app
        .patch_as(
            &editor,
            &path,
            1,
            &json!({"name": "Renamed", "conditions": [{"condition": "nope"}]}),
        )
        .await;

    assert_eq!(fields(&problem(response, 422).await), ["sessions.max"]);
    assert_eq!(fields(&problem(unknown_link, 422).await), ["conditions[0].condition"]);
    assert_eq!(app.read_entry(&editor, &path).await, created);
    let revisions: Value =
        app.get_as(&editor, &format!("{path}/revisions")).await.json().await.unwrap();
    assert_eq!(revisions["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn invalid_condition_fields_are_named() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let cases = [
        (json!({"slug": "melasma", "name": ""}), "name"),
        (json!({"name": "Melasma"}), "slug"),
        (json!({"slug": "melasma", "name": "Melasma", "synonyms": ["a", "a"]}), "synonyms[1]"),
        (json!({"slug": "melasma", "name": "Melasma", "summary": "x".repeat(2001)}), "summary"),
        (json!({"slug": "melasma", "name": "Melasma", "colour": "brown"}), "colour"),
    ];

    for (body, field) in &cases {
        let response = app.post_as(&editor, &collection("acme", "conditions"), body).await;
        assert_eq!(fields(&problem(response, 422).await), [*field], "{body}");
    }
    let list: Value =
        app.get_as(&editor, &collection("acme", "conditions")).await.json().await.unwrap();
    assert_eq!(list["items"], json!([]));
}

#[tokio::test]
async fn malformed_json_is_400() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;

    let response = app
        .authed(Method::POST, &collection("acme", "treatments"), &editor.access_token)
        .header("content-type", "application/json")
        .body("{\"slug\": \"microneedling\",")
        .send()
        .await
        .unwrap();

    assert_eq!(problem(response, 400).await["code"], "BAD_REQUEST");
}

#[tokio::test]
async fn a_body_that_is_not_json_is_415() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;

    let response = app
        .authed(Method::POST, &collection("acme", "treatments"), &editor.access_token)
        .header("content-type", "text/plain")
        .body(microneedling().to_string())
        .send()
        .await
        .unwrap();

    assert_eq!(problem(response, 415).await["code"], "UNSUPPORTED_MEDIA_TYPE");
}

#[tokio::test]
async fn a_body_over_one_mebibyte_is_413_and_nothing_is_written() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;

    let response = app
        .post_as(
            &editor,
            &collection("acme", "treatments"),
            &with("body", json!("x".repeat(1_100_000))),
        )
        .await;

    assert_eq!(problem(response, 413).await["code"], "PAYLOAD_TOO_LARGE");
    let list: Value =
        app.get_as(&editor, &collection("acme", "treatments")).await.json().await.unwrap();
    assert_eq!(list["items"], json!([]));
}

#[tokio::test]
async fn without_a_token_a_bad_body_is_still_401() {
    let app = spawn_app().await;

    let response = app
        .request(Method::POST, &collection("acme", "treatments"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();

    problem(response, 401).await;
}

#[tokio::test]
async fn an_unknown_field_a_bad_slug_and_an_empty_name_are_reported_together_in_path_order() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let body = json!({"slug": "Bad Slug", "name": "", "nme": 1});

    let response = app.post_as(&editor, &collection("acme", "treatments"), &body).await;

    let problem = problem(response, 422).await;
    assert_eq!(fields(&problem), ["name", "nme", "slug"]);
    let messages: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages[0], "must not be blank");
    assert!(messages[1].starts_with("is not a known field; expected one of `slug`"), "{problem}");
    assert_eq!(messages[2], "may contain only lowercase letters, digits and hyphens");
    let list: Value =
        app.get_as(&editor, &collection("acme", "treatments")).await.json().await.unwrap();
    assert_eq!(list["items"], json!([]), "nothing was written");
    let valid = app.post_as(&editor, &collection("acme", "treatments"), &microneedling()).await;
    assert_eq!(valid.status(), 201, "a valid body is still accepted");
}

#[tokio::test]
async fn every_unknown_field_and_wrong_type_in_nested_lists_is_named_with_the_rules_broken() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    app.create_condition(&editor, "acme", "melasma", "Melasma").await;
    let mut body = with("sessions", json!("four"));
    body["price"] = json!(100);
    body["summary"] = json!("x".repeat(2001));
    body["faqs"] = json!([
        {"question": 1, "answer": "A."},
        {"question": "Q?", "answer": "A.", "votes": 3},
        {"question": " ", "answer": "A."},
        "Is it safe?",
        {"question": "Q?", "answer": "a\u{0}b"},
    ]);
    body["aftercare"] = json!([{"timing": 5, "instruction": "Rest."}, {"timing": "Day 1"}]);
    body["conditions"] = json!([{"condition": "melasma", "sessions": {"min": "two", "max": 3}}]);

    let response = app.post_as(&editor, &collection("acme", "treatments"), &body).await;

    let problem = problem(response, 422).await;
    let expected = [
        "aftercare[0].timing",
        "aftercare[1].instruction",
        "conditions[0].sessions.min",
        "faqs[0].question",
        "faqs[1].votes",
        "faqs[2].question",
        "faqs[3]",
        "faqs[4].answer",
        "price",
        "sessions",
        "summary",
    ];
    assert_eq!(fields(&problem), expected, "{problem}");
    let list: Value =
        app.get_as(&editor, &collection("acme", "treatments")).await.json().await.unwrap();
    assert_eq!(list["items"], json!([]), "nothing was written");
}

#[tokio::test]
async fn a_patch_with_shape_and_rule_errors_names_them_all_and_changes_nothing() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let created = app.create_treatment(&editor, "acme", &microneedling()).await;
    let path = entry("acme", "treatments", &id_of(&created));
    let invalid = json!({"name": "", "sessions": {"min": 1, "max": "3"}, "colour": "red"});

    let response = app.patch_as(&editor, &path, 1, &invalid).await;

    assert_eq!(fields(&problem(response, 422).await), ["colour", "name", "sessions.max"]);
    assert_eq!(app.read_entry(&editor, &path).await, created);
    let revisions: Value =
        app.get_as(&editor, &format!("{path}/revisions")).await.json().await.unwrap();
    assert_eq!(revisions["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn workspace_settings_report_every_violation_and_keep_the_settings() {
    let app = spawn_app().await;
    let owner = app.sign_in_as("acme", Role::Owner).await;
    let path = "/admin/v1/workspaces/acme";
    let before: Value = app.get_as(&owner, path).await.json().await.unwrap();
    let invalid = json!({"name": "", "locales": ["en", 7], "default_locale": "x y", "colour": 1});

    let response =
        app.authed(Method::PATCH, path, &owner.access_token).json(&invalid).send().await.unwrap();

    let found = fields(&problem(response, 422).await);
    assert_eq!(found, ["colour", "default_locale", "locales[1]", "name"]);
    let after: Value = app.get_as(&owner, path).await.json().await.unwrap();
    assert_eq!(after, before);
}

#[tokio::test]
async fn account_bodies_name_every_wrong_field_at_once() {
    let app = spawn_app().await;
    let owner = app.sign_in_as("acme", Role::Owner).await;
    let invitations = "/admin/v1/workspaces/acme/invitations";
    let cases = [
        (
            "/v1/auth/login",
            json!({"email": 1, "pasword": "x"}),
            &["email", "password", "pasword"][..],
        ),
        (invitations, json!({"email": "not an address", "role": "boss"}), &["email", "role"]),
        (
            "/admin/v1/workspaces/acme/api-keys",
            json!({"name": 5, "kind": "gold"}),
            &["kind", "name"],
        ),
    ];

    for (path, body, expected) in cases {
        let response =
            app.authed(Method::POST, path, &owner.access_token).json(&body).send().await.unwrap();

        assert_eq!(fields(&problem(response, 422).await), expected, "{path}");
    }
    let pending: Value = app.get_as(&owner, invitations).await.json().await.unwrap();
    assert_eq!(pending["items"], json!([]), "no invitation was made");
}

#[tokio::test]
async fn a_whole_number_written_with_a_point_is_that_number_and_a_fraction_is_named() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;

    let fraction = with("sessions", json!({"min": 3.5, "max": 6.0}));
    let refused = app.post_as(&editor, &collection("acme", "treatments"), &fraction).await;
    assert_eq!(fields(&problem(refused, 422).await), ["sessions.min"]);
    let whole = with("sessions", json!({"min": 3.0, "max": 6.0}));
    let created = app.create_treatment(&editor, "acme", &whole).await;

    assert_eq!(created["sessions"], json!({"min": 3, "max": 6}));
}
