//! `cutis export` and `cutis import`: one JSON document per workspace, a lossless round trip,
//! updates by slug, and files refused whole with the path of what is wrong.

use cutis::accounts::api_keys::KeyKind;
use cutis::accounts::workspaces;
use cutis::content::Content;
use cutis::delivery::follower::DeliveryFollower;
use cutis::demo::{LIBRARY, SECOND_TENANT};
use cutis::error::Error;
use cutis::transfer::{self, ImportOptions, ImportReport};
use cutis_tests::{TestApp, spawn_app};
use serde_json::{Value, json};

/// Imports `text` as `cutis import` does (acting as the import account).
pub(crate) async fn import(app: &TestApp, text: &str, workspace: Option<&str>) -> ImportReport {
    try_import(app, text, workspace).await.expect("the import succeeds")
}

async fn try_import(
    app: &TestApp,
    text: &str,
    workspace: Option<&str>,
) -> Result<ImportReport, Error> {
    let importer = transfer::import_account(&app.db).await.expect("the import account");
    let options = ImportOptions { workspace, source: "test.json", importer: &importer };
    let content = Content::new(app.db.clone(), DeliveryFollower::replicas_only());
    transfer::import(&content, text, options).await
}

async fn export(app: &TestApp, workspace: &str) -> String {
    transfer::export_workspace(&app.db, workspace, false).await.expect("the export succeeds")
}

/// The fields a refused import names.
fn refused_fields(result: Result<ImportReport, Error>) -> Vec<(String, String)> {
    match result {
        Err(Error::Validation(errors)) => {
            errors.into_iter().map(|error| (error.field, error.message)).collect()
        }
        other => panic!("expected the file to be refused field by field, got {other:?}"),
    }
}

fn index_of(list: &Value, slug: &str) -> usize {
    let items = list.as_array().expect("a list");
    items.iter().position(|item| item["slug"] == slug).expect("the entry is in the file")
}

async fn delivery_key(app: &TestApp, workspace: &str) -> String {
    let found = workspaces::find_by_slug(&app.db, workspace).await.expect("query");
    app.api_key(&found.expect("the workspace exists"), KeyKind::Delivery, None).await
}

async fn deliver(app: &TestApp, key: &str, path: &str) -> reqwest::Response {
    app.request(reqwest::Method::GET, path).bearer_auth(key).send().await.expect("send")
}

#[tokio::test]
async fn an_export_imported_into_a_fresh_database_exports_byte_for_byte_the_same() {
    // Arrange
    let source = spawn_app().await;
    import(&source, LIBRARY, None).await;
    let exported = export(&source, "demo").await;

    // Act
    let target = spawn_app().await;
    let report = import(&target, &exported, None).await;
    let again = export(&target, "demo").await;

    // Assert
    assert!(report.workspace_created);
    assert_eq!(report.treatments.created, ["chemical-peel", "microneedling"]);
    assert_eq!(report.offerings.created.len(), 4);
    assert_eq!(again, exported, "export → import → export must be identical");
}

#[tokio::test]
async fn the_demo_library_exports_exactly_as_it_is_written() {
    let app = spawn_app().await;
    import(&app, LIBRARY, None).await;
    import(&app, SECOND_TENANT, None).await;

    assert_eq!(export(&app, "demo").await, LIBRARY, "demo/demo.json is in the export's form");
    assert_eq!(export(&app, "glow-studio").await, SECOND_TENANT);
}

#[tokio::test]
async fn an_export_is_sorted_by_slug_and_holds_no_secrets() {
    let app = spawn_app().await;
    import(&app, LIBRARY, None).await;
    let key = delivery_key(&app, "demo").await;

    let with_history = transfer::export_workspace(&app.db, "demo", true).await.expect("export");

    let document: Value = serde_json::from_str(&with_history).expect("JSON");
    let slugs: Vec<&str> = document["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["slug"].as_str())
        .collect();
    let mut sorted = slugs.clone();
    sorted.sort();
    assert_eq!(slugs, sorted);
    let revisions = document["revisions"].as_array().expect("revisions with --revisions");
    assert!(
        revisions.iter().any(|r| r["entry"] == "treatments/microneedling" && r["version"] == 1)
    );
    assert_eq!(revisions[0]["author"], "Cutis import");
    for secret in [key.as_str(), "cutis_live_", "$argon2", transfer::IMPORT_ACCOUNT] {
        assert!(!with_history.contains(secret), "the export contains {secret}");
    }
}

#[tokio::test]
async fn importing_into_an_existing_workspace_updates_entries_by_slug() {
    // Arrange: the demo, then the same file with microneedling changed and a new condition.
    let app = spawn_app().await;
    import(&app, LIBRARY, None).await;
    let key = delivery_key(&app, "demo").await;
    let mut document: Value = serde_json::from_str(&export(&app, "demo").await).unwrap();
    let at = index_of(&document["treatments"], "microneedling");
    let microneedling = &mut document["treatments"][at];
    microneedling["sessions"] = json!({"min": 3, "max": 5});
    microneedling["translations"]["fr"]["name"] = json!("Microponction");
    document["conditions"].as_array_mut().unwrap().push(json!({
        "slug": "rosacea",
        "status": "draft",
        "translations": {"en": {"name": "Rosacea"}}
    }));

    // Act
    let report = import(&app, &document.to_string(), None).await;

    // Assert: changed entries are updated and republished, the rest left alone.
    assert!(!report.workspace_created);
    assert_eq!(report.treatments.updated, ["microneedling"]);
    assert_eq!(report.treatments.unchanged, ["chemical-peel"]);
    assert_eq!(report.conditions.created, ["rosacea"]);
    assert_eq!(report.conditions.unchanged.len(), 8);
    let response = deliver(&app, &key, "/v1/treatments/microneedling?locale=fr").await;
    assert_eq!(response.status(), 200);
    let served: Value = response.json().await.unwrap();
    assert_eq!(served["name"], "Microponction");
    assert_eq!(served["sessions"], json!({"min": 3, "max": 5}));
    assert_eq!(served["review"]["reviewer"], "Dr. Amara Okafor", "the file's review is kept");
    assert_eq!(deliver(&app, &key, "/v1/conditions/rosacea").await.status(), 404, "a draft");

    // And importing the same file again changes nothing at all.
    let again = import(&app, &document.to_string(), None).await;
    assert!(!again.changed_anything(), "{again}");
}

#[tokio::test]
async fn a_broken_file_is_refused_whole_and_names_the_field() {
    // Arrange: a valid change next to an invalid one.
    let app = spawn_app().await;
    import(&app, LIBRARY, None).await;
    let before = export(&app, "demo").await;
    let mut document: Value = serde_json::from_str(&before).unwrap();
    let at = index_of(&document["treatments"], "microneedling");
    document["conditions"][0]["translations"]["en"]["name"] = json!("Renamed");
    document["treatments"][at]["translations"]["fr"]["faqs"][2]["question"] = json!("  ");
    document["treatments"][at]["conditions"][1]["condition"] = json!("rosacea");
    document["treatments"][at]["sessions"] = json!({"min": 6, "max": 4});

    // Act
    let fields = refused_fields(try_import(&app, &document.to_string(), None).await);

    // Assert: every problem, each at its path in the file, and nothing written.
    let named: Vec<&str> = fields.iter().map(|(field, _)| field.as_str()).collect();
    let faq = format!("treatments[{at}].translations.fr.faqs[2].question");
    assert!(named.contains(&faq.as_str()), "{fields:?}");
    assert!(named.contains(&format!("treatments[{at}].sessions.max").as_str()), "{fields:?}");
    let link = format!("treatments[{at}].conditions[1].condition");
    assert!(named.contains(&link.as_str()), "{fields:?}");
    assert_eq!(export(&app, "demo").await, before, "a refused file changes nothing");
}

#[tokio::test]
async fn a_field_of_the_wrong_shape_is_named_by_its_path() {
    let app = spawn_app().await;
    let mut wrong_type: Value = serde_json::from_str(LIBRARY).unwrap();
    wrong_type["treatments"][0]["sessions"]["min"] = json!("four");
    let mut unknown: Value = serde_json::from_str(LIBRARY).unwrap();
    unknown["clinics"][1]["offerings"][0]["price"] = json!(10);

    let first = refused_fields(try_import(&app, &wrong_type.to_string(), None).await);
    let second = refused_fields(try_import(&app, &unknown.to_string(), None).await);

    assert_eq!(first[0].0, "treatments[0].sessions.min");
    assert_eq!(second[0].0, "clinics[1].offerings[0].price");
    assert!(second[0].1.contains("unknown field"), "{second:?}");
    let format = refused_fields(try_import(&app, r#"{"format":"strapi"}"#, None).await);
    assert_eq!(format[0].0, "format");
    assert!(workspaces::list_all(&app.db).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_failure_inside_the_import_leaves_nothing_behind() {
    // Arrange: a file only the content service can fault: its last treatment complements
    // itself, after everything else has been written in the import's transaction.
    let app = spawn_app().await;
    let mut document: Value = serde_json::from_str(LIBRARY).unwrap();
    let last = document["treatments"].as_array().unwrap().len() - 1;
    let slug = document["treatments"][last]["slug"].clone();
    document["treatments"][last]["complementary"] = json!([{"treatment": slug}]);

    // Act
    let fields = refused_fields(try_import(&app, &document.to_string(), None).await);

    // Assert
    assert_eq!(fields[0].0, format!("treatments[{last}].complementary[0].treatment"));
    assert!(workspaces::list_all(&app.db).await.unwrap().is_empty(), "rolled back entirely");
}

#[tokio::test]
async fn the_two_demo_workspaces_never_see_each_other() {
    // Arrange: both demo files; each has its own microneedling.
    let app = spawn_app().await;
    import(&app, LIBRARY, None).await;
    import(&app, SECOND_TENANT, None).await;
    let demo_key = delivery_key(&app, "demo").await;
    let glow_key = delivery_key(&app, "glow-studio").await;

    // Act
    let demo: Value =
        deliver(&app, &demo_key, "/v1/treatments/microneedling").await.json().await.unwrap();
    let glow: Value =
        deliver(&app, &glow_key, "/v1/treatments/microneedling").await.json().await.unwrap();
    let foreign = deliver(&app, &demo_key, "/v1/conditions/dull-skin").await;

    // Assert
    assert_eq!(demo["name"], "Microneedling");
    assert_eq!(glow["name"], "Dermaroller Microneedling");
    assert_eq!(foreign.status(), 404, "glow-studio's condition is invisible to the demo key");
    assert_eq!(deliver(&app, &glow_key, "/v1/conditions/dull-skin").await.status(), 200);
}

#[tokio::test]
async fn a_file_imports_into_another_workspace_when_asked() {
    let app = spawn_app().await;

    let report = import(&app, SECOND_TENANT, Some("glow-copy")).await;
    let key = delivery_key(&app, "glow-copy").await;

    assert_eq!(report.workspace, "glow-copy");
    assert!(workspaces::find_by_slug(&app.db, "glow-studio").await.unwrap().is_none());
    assert_eq!(deliver(&app, &key, "/v1/clinics/downtown").await.status(), 200);
}

#[tokio::test]
async fn every_workflow_status_survives_the_round_trip() {
    // Arrange: entries left at every step of the workflow.
    let app = spawn_app().await;
    let mut document: Value = serde_json::from_str(LIBRARY).unwrap();
    let statuses = ["draft", "in_review", "approved", "archived"];
    for (at, status) in statuses.iter().enumerate() {
        document["conditions"][at]["status"] = json!(status);
    }
    document["conditions"][2]["review"] =
        json!({"reviewer": "Dr. Lena Park", "reviewed_at": "2026-09-30T08:15:00.123456Z"});
    document["clinics"][0]["status"] = json!("draft");

    // Act
    import(&app, &document.to_string(), None).await;
    let exported: Value = serde_json::from_str(&export(&app, "demo").await).unwrap();

    // Assert
    assert_eq!(exported, document);
}

#[tokio::test]
async fn an_import_moves_entries_back_and_forth_in_the_workflow() {
    // Arrange: the demo, then the file with microneedling as a draft.
    let app = spawn_app().await;
    import(&app, LIBRARY, None).await;
    let mut document: Value = serde_json::from_str(LIBRARY).unwrap();
    let at = index_of(&document["treatments"], "microneedling");
    document["treatments"][at]["status"] = json!("draft");
    document["treatments"][at].as_object_mut().unwrap().remove("review");

    // Act
    let to_draft = import(&app, &document.to_string(), None).await;
    let drafted: Value = serde_json::from_str(&export(&app, "demo").await).unwrap();
    let back = import(&app, LIBRARY, None).await;

    // Assert
    assert_eq!(to_draft.treatments.updated, ["microneedling"]);
    assert_eq!(drafted["treatments"][at]["status"], "draft");
    assert_eq!(back.treatments.updated, ["microneedling"]);
    assert_eq!(export(&app, "demo").await, LIBRARY, "published again, with its review");
}

/// The demo library with a review policy and claim rules of its own, as an export writes them.
fn library_with_governance() -> String {
    let mut document: Value = serde_json::from_str(LIBRARY).unwrap();
    document["workspace"]["governance"] = json!({
        "review_valid_months": 6,
        "review_notice_days": 14,
        "overdue_policy": "withdraw",
        "required_fields": ["aftercare", "faqs"]
    });
    document["workspace"]["claim_rules"] = json!([
        {"shipped": "en-cure", "severity": "warn", "enabled": true},
        {"shipped": "fr-garanti", "severity": "block", "enabled": false},
        {"locale": "en", "matching": "phrase", "pattern": "miracle",
         "reason": "Nothing a clinic offers is a miracle.", "severity": "block", "enabled": true}
    ]);
    serde_json::to_string_pretty(&document).unwrap() + "\n"
}

#[tokio::test]
async fn a_workspaces_review_policy_and_claim_rules_travel_with_its_export() {
    let app = spawn_app().await;
    let file = library_with_governance();
    import(&app, &file, None).await;

    let workspace = workspaces::find_by_slug(&app.db, "demo").await.unwrap().unwrap();
    assert_eq!(workspace.governance.review_valid_months, 6);
    assert_eq!(workspace.governance.required_fields, ["aftercare", "faqs"]);
    let rules = cutis::content::governance::rules::list(&app.db, workspace.id).await.unwrap();
    let cure = rules.iter().find(|rule| rule.id == "en-cure").unwrap();
    assert_eq!(serde_json::to_value(cure.severity).unwrap(), "warn");
    assert!(!rules.iter().find(|rule| rule.id == "fr-garanti").unwrap().enabled);
    assert!(rules.iter().any(|rule| rule.source == "workspace" && rule.pattern == "miracle"));
    let exported = export(&app, "demo").await;
    let as_json = |text: &str| serde_json::from_str::<Value>(text).unwrap();
    assert_eq!(as_json(&exported), as_json(&file), "the export lost or changed a setting");
    let again = spawn_app().await;
    import(&again, &exported, None).await;
    assert_eq!(
        export(&again, "demo").await,
        exported,
        "export → import → export must be identical"
    );
}

#[tokio::test]
async fn an_existing_workspace_keeps_its_own_review_policy_and_rules() {
    let app = spawn_app().await;
    import(&app, LIBRARY, None).await;
    import(&app, &library_with_governance(), None).await;
    let workspace = workspaces::find_by_slug(&app.db, "demo").await.unwrap().unwrap();
    assert_eq!(workspace.governance, Default::default());
    assert_eq!(export(&app, "demo").await, LIBRARY);
}

#[tokio::test]
async fn a_wrong_review_policy_or_claim_rule_is_refused_at_its_path_and_leaves_nothing() {
    let app = spawn_app().await;
    let mut document: Value = serde_json::from_str(&library_with_governance()).unwrap();
    document["workspace"]["governance"]["review_valid_months"] = json!(0);
    let refused = refused_fields(try_import(&app, &document.to_string(), None).await);
    assert_eq!(refused[0].0, "workspace.governance.review_valid_months", "{refused:?}");

    let mut document: Value = serde_json::from_str(&library_with_governance()).unwrap();
    document["workspace"]["claim_rules"][0]["shipped"] = json!("en-nonsense");
    let refused = refused_fields(try_import(&app, &document.to_string(), None).await);
    assert_eq!(
        refused,
        [("workspace.claim_rules[0].shipped".to_owned(), "names no rule Cutis ships".to_owned())]
    );

    let mut document: Value = serde_json::from_str(&library_with_governance()).unwrap();
    document["workspace"]["claim_rules"][2]["pattern"] = json!(" ");
    let refused = refused_fields(try_import(&app, &document.to_string(), None).await);
    assert_eq!(refused[0].0, "workspace.claim_rules[2].pattern", "{refused:?}");
    assert!(
        workspaces::find_by_slug(&app.db, "demo").await.unwrap().is_none(),
        "a refused import left a workspace"
    );
}
