//! The typed `input` of admin mutations: GraphQL refuses a wrong shape (an unknown field, a
//! wrong type, a missing required field) before anything runs, the service refuses what
//! breaks its rules exactly as for REST, and an update keeps what it does not name and clears
//! what it names `null`.

use cutis::auth::roles::Role;
use cutis_tests::{
    clinic, collection, data, entry, error_code, id_of, microneedling, problem, spawn_app,
};
use serde_json::{Value, json};

const UPDATE: &str = "mutation($id: UUID!, $version: Int!, $input: UpdateTreatmentInput!) {
    updateTreatment(workspace: \"acme\", id: $id, expectedVersion: $version, input: $input) {
        version name summary downtimeNotes sessions { min max } faqs { question }
        seo { metaTitle } references { url }
    }
}";

/// The `extensions.fields[].field` of a response's first error.
fn fields_of(response: &Value) -> Vec<String> {
    let fields = response["errors"][0]["extensions"]["fields"].as_array().cloned();
    fields.unwrap_or_default().iter().map(|f| f["field"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn an_unknown_field_or_a_wrong_type_is_refused_by_validation_before_any_change() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let id = id_of(&app.create_treatment(&editor, "acme", &microneedling()).await);
    let literal = "mutation { createCondition(workspace: \"acme\",
        input: {slug: \"melasma\", name: \"Melasma\", nme: 3, anything: [true]}) { id } }";
    let wrong_shapes = [
        json!({"faqs": [{"question": "Q?", "answer": "A.", "rating": 5}]}),
        json!({"sessions": "four"}),
        json!({"sessions": {"min": 1}}),
        json!({"slug": 7}),
    ];

    let created = app.admin_graphql(&editor, literal, json!({})).await;
    let mut refused = Vec::new();
    for input in wrong_shapes {
        let vars = json!({"id": id, "version": 1, "input": input});
        refused.push((input, app.admin_graphql(&editor, UPDATE, vars).await));
    }

    assert_eq!(error_code(&created), "GRAPHQL_VALIDATION_FAILED", "{created}");
    let message = created["errors"][0]["message"].as_str().unwrap();
    // async-graphql names the first unknown field it meets; either is right.
    assert!(message.contains("nme") || message.contains("anything"), "{message}");
    assert_eq!(created["data"], Value::Null);
    for (input, response) in refused {
        assert_eq!(error_code(&response), "GRAPHQL_VALIDATION_FAILED", "{input}: {response}");
        assert_eq!(response["data"], Value::Null, "{input}");
    }
    let conditions = app.get_as(&editor, &collection("acme", "conditions")).await;
    assert_eq!(conditions.json::<Value>().await.unwrap()["items"], json!([]));
    let treatment = app.read_entry(&editor, &entry("acme", "treatments", &id)).await;
    assert_eq!(treatment["version"], 1);
}

#[tokio::test]
async fn an_update_with_null_clears_a_field_and_leaves_absent_ones_as_they_are() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let id = id_of(&app.create_treatment(&editor, "acme", &microneedling()).await);
    let change = json!({
        "summary": "A shorter summary.",
        "downtime_notes": null,
        "faqs": null,
        "seo": null,
    });

    let response =
        app.admin_graphql(&editor, UPDATE, json!({"id": id, "version": 1, "input": change})).await;

    let changed = &data(&response)["updateTreatment"];
    assert_eq!(changed["version"], 2);
    assert_eq!(changed["summary"], "A shorter summary.");
    assert_eq!(changed["downtimeNotes"], Value::Null);
    assert_eq!(changed["faqs"], json!([]));
    assert_eq!(changed["seo"], json!({"metaTitle": null}));
    assert_eq!(changed["name"], "Microneedling");
    assert_eq!(changed["sessions"], json!({"min": 4, "max": 6}));
    assert_eq!(changed["references"], json!([{"url": "https://journal.example/mn"}]));
    let rest = app.read_entry(&editor, &entry("acme", "treatments", &id)).await;
    assert_eq!(rest["downtime_notes"], Value::Null);
    assert_eq!(rest["faqs"], json!([]));
    assert_eq!(rest["results_timeline"], microneedling()["results_timeline"]);
}

#[tokio::test]
async fn a_nul_character_written_in_the_query_is_named_like_in_rest() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let id = id_of(&app.create_treatment(&editor, "acme", &microneedling()).await);
    let path = entry("acme", "treatments", &id);
    // A NUL in the JSON of `variables` is refused with the request body; one escaped in the
    // query text reaches `input`.
    let update = r#"mutation($id: UUID!) {
        updateTreatment(workspace: "acme", id: $id, expectedVersion: 1, input: {
            references: [{title: "T", url: "https://journal.example/a\u0000b"}]
        }) { version }
    }"#;
    let change = json!({"references": [{"title": "T", "url": "https://journal.example/a\u{0}b"}]});

    let graphql = app.admin_graphql(&editor, update, json!({"id": id})).await;
    let rest = problem(app.patch_as(&editor, &path, 1, &change).await, 422).await;

    assert_eq!(error_code(&graphql), "VALIDATION", "{graphql}");
    assert_eq!(fields_of(&graphql), ["references[0].url"]);
    assert_eq!(rest["errors"][0]["field"], "references[0].url");
    assert_eq!(
        graphql["errors"][0]["extensions"]["fields"][0]["message"],
        rest["errors"][0]["message"]
    );
    assert_eq!(app.read_entry(&editor, &path).await["version"], 1);
}

#[tokio::test]
async fn a_clinic_and_its_offering_are_created_and_changed_with_typed_input() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    app.create_treatment(&editor, "acme", &microneedling()).await;
    let create_clinic = "mutation($input: CreateClinicInput!) {
        createClinic(workspace: \"acme\", input: $input) { id version phone bookingUrl }
    }";
    let update_clinic = "mutation($id: UUID!) {
        updateClinic(workspace: \"acme\", id: $id, expectedVersion: 1, input: {phone: null}) {
            version phone city
        }
    }";
    let create_offering = "mutation($clinic: UUID!) {
        createOffering(workspace: \"acme\", clinic: $clinic, input: {
            treatment: \"microneedling\", duration_minutes: 45,
            price_from: {amount: 29900, currency: \"CAD\"}
        }) { id version active priceFrom { amount currency } durationMinutes }
    }";
    let update_offering = "mutation($clinic: UUID!, $id: UUID!) {
        updateOffering(workspace: \"acme\", clinic: $clinic, id: $id, expectedVersion: 1,
                       input: {active: false, price_from: null}) { version active priceFrom { amount } }
    }";

    let clinic = app
        .admin_graphql(&editor, create_clinic, json!({"input": clinic("scarborough", "North")}))
        .await;
    let clinic_id = data(&clinic)["createClinic"]["id"].as_str().unwrap().to_owned();
    let changed_clinic = app.admin_graphql(&editor, update_clinic, json!({"id": clinic_id})).await;
    let offering = app.admin_graphql(&editor, create_offering, json!({"clinic": clinic_id})).await;
    let offering_id = data(&offering)["createOffering"]["id"].as_str().unwrap().to_owned();
    let vars = json!({"clinic": clinic_id, "id": offering_id});
    let changed_offering = app.admin_graphql(&editor, update_offering, vars).await;

    assert_eq!(data(&clinic)["createClinic"]["phone"], "+1 416 555 0100");
    let changed_clinic = &data(&changed_clinic)["updateClinic"];
    assert_eq!(changed_clinic["version"], 2);
    assert_eq!(changed_clinic["phone"], Value::Null);
    assert_eq!(changed_clinic["city"], "Scarborough");
    let offering = &data(&offering)["createOffering"];
    assert_eq!(offering["priceFrom"], json!({"amount": 29900, "currency": "CAD"}));
    assert_eq!(offering["durationMinutes"], 45);
    assert_eq!(offering["active"], true);
    let changed_offering = &data(&changed_offering)["updateOffering"];
    assert_eq!(changed_offering["active"], false);
    assert_eq!(changed_offering["priceFrom"], Value::Null);
}

#[tokio::test]
async fn a_field_that_cannot_be_cleared_answers_the_services_error_for_null() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let created = app.create_clinic(&editor, "acme", "scarborough", "North").await;
    let path = entry("acme", "clinics", &id_of(&created));
    let update = "mutation($id: UUID!) {
        updateClinic(workspace: \"acme\", id: $id, expectedVersion: 1,
                     input: {country: null, timezone: \"Not a zone!\"}) { version }
    }";

    let graphql = app.admin_graphql(&editor, update, json!({"id": id_of(&created)})).await;
    let change = json!({"country": null, "timezone": "Not a zone!"});
    let rest = problem(app.patch_as(&editor, &path, 1, &change).await, 422).await;

    assert_eq!(error_code(&graphql), "VALIDATION");
    assert_eq!(fields_of(&graphql), ["country", "timezone"]);
    assert_eq!(rest["errors"][0]["field"], "country");
    assert_eq!(graphql["errors"][0]["extensions"]["fields"][0]["message"], "must not be null");
    assert_eq!(app.read_entry(&editor, &path).await["country"], "CA");
}

#[tokio::test]
async fn lists_filter_by_a_status_enum_and_refuse_one_that_is_not_a_status() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    let needling = app.create_treatment(&room.editor, "acme", &microneedling()).await;
    let peel = json!({"slug": "chemical-peel", "name": "Chemical peel"});
    app.create_treatment(&room.editor, "acme", &peel).await;
    app.publish(&room, "treatments", &needling).await;
    let list = |status: &str| {
        format!(
            "{{ treatments(workspace: \"acme\", status: {status}, sort: name, order: desc) {{
                nodes {{ slug status }}
            }} }}"
        )
    };

    let published = app.admin_graphql(&room.editor, &list("published"), json!({})).await;
    let drafts = app.admin_graphql(&room.editor, &list("draft"), json!({})).await;
    let unknown = app.admin_graphql(&room.editor, &list("live"), json!({})).await;

    let nodes = |response: &Value| data(response)["treatments"]["nodes"].clone();
    assert_eq!(nodes(&published), json!([{"slug": "microneedling", "status": "published"}]));
    assert_eq!(nodes(&drafts), json!([{"slug": "chemical-peel", "status": "draft"}]));
    assert_eq!(error_code(&unknown), "GRAPHQL_VALIDATION_FAILED", "{unknown}");
}

#[tokio::test]
async fn the_readme_update_example_runs_as_written() {
    let readme = include_str!("../../../README.md");
    let start = readme.find("```graphql\n").expect("README shows an admin mutation") + 11;
    let example = &readme[start..start + readme[start..].find("```").unwrap()];
    let app = spawn_app().await;
    let editor = app.sign_in_as("demo", Role::Editor).await;
    let id = id_of(&app.create_treatment(&editor, "demo", &microneedling()).await);

    let response = app.admin_graphql(&editor, example, json!({"id": id, "version": 1})).await;

    let changed = &data(&response)["updateTreatment"];
    assert_eq!(changed["version"], 2);
    assert_eq!(changed["sessions"], json!({"min": 3, "max": 5}));
    assert_eq!(changed["downtimeNotes"], Value::Null);
}
