//! The admin GraphQL API (`POST /admin/graphql`): the same rules as the admin REST API, because
//! both call the same service — versions, validation, roles and tenancy.

use cutis::accounts::api_keys::KeyKind;
use cutis::auth::roles::Role;
use cutis_tests::{collection, data, entry, error_code, id_of, microneedling, problem, spawn_app};
use serde_json::{Value, json};

const CREATE: &str = "mutation($ws: String!, $input: CreateTreatmentInput!) {
    createTreatment(workspace: $ws, input: $input) {
        id slug version status locale name alsoKnownAs faqs { question answer }
        sessions { min max } seo { metaTitle } review { reviewer }
    }
}";

const UPDATE: &str = "mutation($ws: String!, $id: UUID!, $version: Int!,
                         $input: UpdateTreatmentInput!) {
    updateTreatment(workspace: $ws, id: $id, expectedVersion: $version, input: $input) {
        version sessions { min max } summary
    }
}";

const READ: &str = "query($ws: String!, $id: UUID!) {
    treatment(workspace: $ws, id: $id) { id version name summary sessions { min max } }
}";

/// The `extensions.fields[].field` of a response's first error.
fn fields_of(response: &Value) -> Vec<String> {
    let fields = response["errors"][0]["extensions"]["fields"].as_array().cloned();
    fields.unwrap_or_default().iter().map(|f| f["field"].as_str().unwrap().to_owned()).collect()
}

/// The `errors[].field` of a REST problem.
fn rest_fields_of(problem: &Value) -> Vec<String> {
    let fields = problem["errors"].as_array().cloned().unwrap_or_default();
    fields.iter().map(|f| f["field"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn an_editor_creates_a_treatment_through_graphql_that_rest_reads_back() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;

    let response =
        app.admin_graphql(&editor, CREATE, json!({"ws": "acme", "input": microneedling()})).await;

    let created = &data(&response)["createTreatment"];
    assert_eq!(created["version"], 1);
    assert_eq!(created["status"], "draft");
    let id = created["id"].as_str().unwrap();
    let rest = app.read_entry(&editor, &entry("acme", "treatments", id)).await;
    assert_eq!(rest["name"], created["name"]);
    assert_eq!(rest["also_known_as"], created["alsoKnownAs"]);
    assert_eq!(rest["faqs"], created["faqs"]);
    assert_eq!(rest["sessions"], created["sessions"]);
    assert_eq!(rest["seo"]["meta_title"], created["seo"]["metaTitle"]);
    assert_eq!(created["review"], Value::Null);
}

#[tokio::test]
async fn a_stale_expected_version_is_refused_like_a_stale_if_match() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let id = id_of(&app.create_treatment(&editor, "acme", &microneedling()).await);
    let path = entry("acme", "treatments", &id);
    assert_eq!(app.patch_as(&editor, &path, 1, &json!({"summary": "Second."})).await.status(), 200);
    let change = json!({"summary": "Overwritten?"});

    let graphql = app
        .admin_graphql(
            &editor,
            UPDATE,
            json!({"ws": "acme", "id": id, "version": 1, "input": change}),
        )
        .await;
    let rest = problem(app.patch_as(&editor, &path, 1, &change).await, 412).await;

    assert_eq!(error_code(&graphql), "VERSION_MISMATCH");
    assert_eq!(graphql["errors"][0]["extensions"]["currentVersion"], 2);
    assert_eq!(rest["current_version"], 2);
    assert_eq!(rest["code"], "VERSION_MISMATCH");
    assert_eq!(app.read_entry(&editor, &path).await["summary"], "Second.");
}

#[tokio::test]
async fn an_expected_version_that_matches_changes_the_treatment() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let id = id_of(&app.create_treatment(&editor, "acme", &microneedling()).await);
    let change = json!({"sessions": {"min": 3, "max": 6}});

    let response = app
        .admin_graphql(
            &editor,
            UPDATE,
            json!({"ws": "acme", "id": id, "version": 1, "input": change}),
        )
        .await;

    let changed = &data(&response)["updateTreatment"];
    assert_eq!(changed["version"], 2);
    assert_eq!(changed["sessions"], json!({"min": 3, "max": 6}));
    let rest = app.read_entry(&editor, &entry("acme", "treatments", &id)).await;
    assert_eq!(rest["version"], 2);
    assert_eq!(rest["sessions"], json!({"min": 3, "max": 6}));
}

#[tokio::test]
async fn a_domain_violation_names_the_same_fields_as_the_rest_422_and_changes_nothing() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let id = id_of(&app.create_treatment(&editor, "acme", &microneedling()).await);
    let path = entry("acme", "treatments", &id);
    let invalid = [
        json!({"sessions": {"min": 6, "max": 2}, "faqs": [{"question": " ", "answer": "A."}]}),
        json!({"name": "n".repeat(300), "slug": "Not A Slug"}),
        json!({"locale": "de", "complementary": [{"treatment": "peel", "min_spacing_weeks": 200}]}),
        json!({"name": null}),
    ];

    for change in invalid {
        let graphql = app
            .admin_graphql(
                &editor,
                UPDATE,
                json!({"ws": "acme", "id": id, "version": 1, "input": change}),
            )
            .await;
        let rest = problem(app.patch_as(&editor, &path, 1, &change).await, 422).await;

        assert_eq!(error_code(&graphql), "VALIDATION", "{change}");
        assert!(!fields_of(&graphql).is_empty(), "{graphql}");
        assert_eq!(fields_of(&graphql), rest_fields_of(&rest), "{change}");
        assert_eq!(graphql["data"], Value::Null);
    }
    let unchanged = app.read_entry(&editor, &path).await;
    assert_eq!(unchanged["version"], 1);
    assert_eq!(unchanged["name"], "Microneedling");
}

#[tokio::test]
async fn a_300_character_name_and_a_bad_slug_on_create_are_named_and_nothing_is_created() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let body = json!({"slug": "Micro Needling!", "name": "n".repeat(300)});

    let graphql = app.admin_graphql(&editor, CREATE, json!({"ws": "acme", "input": body})).await;
    let rest =
        problem(app.post_as(&editor, &collection("acme", "treatments"), &body).await, 422).await;

    assert_eq!(error_code(&graphql), "VALIDATION");
    assert_eq!(fields_of(&graphql), ["name", "slug"], "in path order");
    assert_eq!(fields_of(&graphql), rest_fields_of(&rest));
    let list = app.get_as(&editor, &collection("acme", "treatments")).await;
    assert_eq!(list.json::<Value>().await.unwrap()["items"], json!([]));
}

#[tokio::test]
async fn creating_without_the_required_fields_is_refused_by_the_schema_naming_them() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let body = json!({"summary": "No slug, no name."});

    let graphql = app.admin_graphql(&editor, CREATE, json!({"ws": "acme", "input": body})).await;
    let rest =
        problem(app.post_as(&editor, &collection("acme", "treatments"), &body).await, 422).await;

    assert_eq!(error_code(&graphql), "GRAPHQL_VALIDATION_FAILED", "{graphql}");
    let message = graphql["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("slug"), "{message}");
    assert_eq!(rest_fields_of(&rest), ["name", "slug"]);
    let list = app.get_as(&editor, &collection("acme", "treatments")).await;
    assert_eq!(list.json::<Value>().await.unwrap()["items"], json!([]));
}

#[tokio::test]
async fn a_viewer_reads_but_is_forbidden_to_change_like_in_rest() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let viewer = app.sign_in_as("acme", Role::Viewer).await;
    let id = id_of(&app.create_treatment(&editor, "acme", &microneedling()).await);
    let change = json!({"summary": "A viewer's edit."});

    let read = app.admin_graphql(&viewer, READ, json!({"ws": "acme", "id": id})).await;
    let graphql = app
        .admin_graphql(
            &viewer,
            UPDATE,
            json!({"ws": "acme", "id": id, "version": 1, "input": change}),
        )
        .await;
    let rest = app.patch_as(&viewer, &entry("acme", "treatments", &id), 1, &change).await;

    assert_eq!(data(&read)["treatment"]["version"], 1);
    assert_eq!(error_code(&graphql), "FORBIDDEN");
    assert_eq!(graphql["data"], Value::Null);
    problem(rest, 403).await;
}

#[tokio::test]
async fn a_workspace_the_user_is_not_in_is_not_found_like_in_rest() {
    let app = spawn_app().await;
    let outsider = app.sign_in_as("acme", Role::Owner).await;
    let owner = app.sign_in_as("globex", Role::Owner).await;
    let id = id_of(&app.create_treatment(&owner, "globex", &microneedling()).await);

    let read = app.admin_graphql(&outsider, READ, json!({"ws": "globex", "id": id})).await;
    let create = app
        .admin_graphql(&outsider, CREATE, json!({"ws": "globex", "input": microneedling()}))
        .await;
    let missing = app.admin_graphql(&outsider, READ, json!({"ws": "nowhere", "id": id})).await;
    let rest = app.get_as(&outsider, &entry("globex", "treatments", &id)).await;

    assert_eq!(error_code(&read), "NOT_FOUND");
    assert_eq!(error_code(&create), "NOT_FOUND");
    assert_eq!(error_code(&missing), "NOT_FOUND");
    assert_eq!(read["errors"][0]["message"], "workspace 'globex' was not found");
    problem(rest, 404).await;
}

#[tokio::test]
async fn a_request_without_an_access_token_is_unauthenticated() {
    let app = spawn_app().await;
    let owner = app.sign_in_as("acme", Role::Owner).await;
    let workspace =
        cutis::accounts::workspaces::find_by_slug(&app.db, "acme").await.unwrap().unwrap();
    let key = app.api_key(&workspace, KeyKind::Delivery, None).await;
    let query = "{ treatments(workspace: \"acme\") { nodes { id } } }";

    let anonymous = app.graphql_at("/admin/graphql", None, query, json!({})).await;
    let with_key = app.graphql_at("/admin/graphql", Some(&key), query, json!({})).await;
    let garbage = app.graphql_at("/admin/graphql", Some("not-a-token"), query, json!({})).await;
    let signed_in = app.admin_graphql(&owner, query, json!({})).await;

    assert_eq!(error_code(&anonymous), "UNAUTHENTICATED");
    assert_eq!(error_code(&with_key), "UNAUTHENTICATED");
    assert_eq!(error_code(&garbage), "UNAUTHENTICATED");
    assert_eq!(data(&signed_in)["treatments"]["nodes"], json!([]));
}

#[tokio::test]
async fn revisions_are_listed_newest_first_and_an_old_one_restored() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let id = id_of(&app.create_treatment(&editor, "acme", &microneedling()).await);
    let path = entry("acme", "treatments", &id);
    app.patch_as(&editor, &path, 1, &json!({"sessions": {"min": 1, "max": 1}})).await;
    let history = "query($id: UUID!) {
        revisions(workspace: \"acme\", kind: TREATMENT, id: $id) {
            nodes { version note author { name } } pageInfo { hasNextPage endCursor }
        }
        revision(workspace: \"acme\", kind: TREATMENT, id: $id, version: 1) { version snapshot }
    }";
    let restore = "mutation($id: UUID!) {
        restoreTreatment(workspace: \"acme\", id: $id, revision: 1, expectedVersion: 2,
                         note: \"Back to the first plan\") { version sessions { min max } }
    }";

    let listed = app.admin_graphql(&editor, history, json!({"id": id})).await;
    let restored = app.admin_graphql(&editor, restore, json!({"id": id})).await;

    let revisions = &data(&listed)["revisions"];
    let versions: Vec<i64> = revisions["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["version"].as_i64().unwrap())
        .collect();
    assert_eq!(versions, [2, 1]);
    assert_eq!(revisions["pageInfo"], json!({"hasNextPage": false, "endCursor": null}));
    assert_eq!(data(&listed)["revision"]["snapshot"]["sessions"], json!({"min": 4, "max": 6}));
    assert_eq!(data(&restored)["restoreTreatment"]["version"], 3);
    assert_eq!(data(&restored)["restoreTreatment"]["sessions"], json!({"min": 4, "max": 6}));
    let rest =
        app.get_as(&editor, &format!("{path}/revisions")).await.json::<Value>().await.unwrap();
    assert_eq!(rest["items"][0]["note"], "Back to the first plan");
}

#[tokio::test]
async fn a_delete_with_the_current_version_removes_the_treatment() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let id = id_of(&app.create_treatment(&editor, "acme", &microneedling()).await);
    let delete = "mutation($id: UUID!, $version: Int!) {
        deleteTreatment(workspace: \"acme\", id: $id, expectedVersion: $version)
    }";

    let stale = app.admin_graphql(&editor, delete, json!({"id": id, "version": 7})).await;
    let deleted = app.admin_graphql(&editor, delete, json!({"id": id, "version": 1})).await;

    assert_eq!(error_code(&stale), "VERSION_MISMATCH");
    assert_eq!(data(&deleted)["deleteTreatment"], json!(id));
    problem(app.get_as(&editor, &entry("acme", "treatments", &id)).await, 404).await;
}

#[tokio::test]
async fn the_treatment_list_pages_with_first_and_after() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    for slug in ["alpha", "bravo", "charlie"] {
        app.create_treatment(&editor, "acme", &json!({"slug": slug, "name": slug})).await;
    }
    let list = "query($after: String, $first: Int) {
        treatments(workspace: \"acme\", sort: name, first: $first, after: $after) {
            nodes { slug } pageInfo { hasNextPage endCursor }
        }
    }";

    let first = app.admin_graphql(&editor, list, json!({"first": 2})).await;
    let cursor = data(&first)["treatments"]["pageInfo"]["endCursor"].clone();
    let second = app.admin_graphql(&editor, list, json!({"first": 2, "after": cursor})).await;
    let invalid = app.admin_graphql(&editor, list, json!({"first": 500})).await;

    assert_eq!(data(&first)["treatments"]["nodes"], json!([{"slug": "alpha"}, {"slug": "bravo"}]));
    assert_eq!(data(&first)["treatments"]["pageInfo"]["hasNextPage"], true);
    assert_eq!(data(&second)["treatments"]["nodes"], json!([{"slug": "charlie"}]));
    assert_eq!(data(&second)["treatments"]["pageInfo"]["hasNextPage"], false);
    assert_eq!(error_code(&invalid), "VALIDATION");
    assert_eq!(fields_of(&invalid), ["first"]);
}

#[tokio::test]
async fn conditions_are_created_and_changed_through_graphql() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("acme", Role::Editor).await;
    let create = "mutation { createCondition(workspace: \"acme\", input: {
        slug: \"melasma\", name: \"Melasma\", synonyms: [\"mask of pregnancy\"] }) { id version synonyms } }";

    let created = app.admin_graphql(&editor, create, json!({})).await;
    let id = data(&created)["createCondition"]["id"].as_str().unwrap().to_owned();
    let update = "mutation($id: UUID!) { updateCondition(workspace: \"acme\", id: $id,
        expectedVersion: 1, input: {summary: \"Brown patches on the face.\"}) { version summary } }";
    let changed = app.admin_graphql(&editor, update, json!({"id": id})).await;

    assert_eq!(data(&created)["createCondition"]["synonyms"], json!(["mask of pregnancy"]));
    assert_eq!(data(&changed)["updateCondition"]["version"], 2);
    let rest = app.read_entry(&editor, &entry("acme", "conditions", &id)).await;
    assert_eq!(rest["summary"], "Brown patches on the face.");
}

#[tokio::test]
async fn a_treatment_goes_through_review_to_delivery_by_mutations() {
    let app = spawn_app().await;
    let room = app.newsroom("acme").await;
    let id = id_of(&app.create_treatment(&room.editor, "acme", &microneedling()).await);
    let step = |name: &str| {
        format!(
            "mutation($id: UUID!, $version: Int!) {{
                {name}(workspace: \"acme\", id: $id, expectedVersion: $version) {{
                    version status review {{ reviewer }} publishedAt
                }}
            }}"
        )
    };
    let vars = |version: i64| json!({"id": id, "version": version});

    let early = app.admin_graphql(&room.reviewer, &step("publishTreatment"), vars(1)).await;
    let submitted = app.admin_graphql(&room.editor, &step("submitTreatment"), vars(1)).await;
    let self_approved = app.admin_graphql(&room.editor, &step("approveTreatment"), vars(2)).await;
    let approved = app.admin_graphql(&room.reviewer, &step("approveTreatment"), vars(2)).await;
    let stale = app.admin_graphql(&room.reviewer, &step("publishTreatment"), vars(2)).await;
    let published = app.admin_graphql(&room.reviewer, &step("publishTreatment"), vars(3)).await;

    assert_eq!(error_code(&early), "CONFLICT");
    assert_eq!(data(&submitted)["submitTreatment"]["status"], "in_review");
    assert_eq!(error_code(&self_approved), "FORBIDDEN");
    assert!(data(&approved)["approveTreatment"]["review"]["reviewer"].is_string());
    assert_eq!(error_code(&stale), "VERSION_MISMATCH");
    assert_eq!(stale["errors"][0]["extensions"]["currentVersion"], 3);
    let published = &data(&published)["publishTreatment"];
    assert_eq!(published["status"], "published");
    assert_eq!(published["version"], 4);
    assert!(published["publishedAt"].as_str().unwrap().ends_with('Z'), "{published}");
    let served = app.delivered(&room.key, "/v1/treatments/microneedling").await;
    assert_eq!(served["version"], 4);
}
