//! Nothing crosses workspaces: another workspace is 404, never 403, and keys see only their own.

use cutis::accounts::api_keys::KeyKind;
use cutis::auth::roles::Role;
use cutis_tests::{
    Newsroom, TestApp, collection, data, entry, error_code, id_of, microneedling, problem,
    spawn_app,
};
use reqwest::Method;
use serde_json::{Value, json};

#[tokio::test]
async fn another_workspace_is_404_even_for_its_owner_role_elsewhere() {
    let app = spawn_app().await;
    let owner_a = app.sign_in_as("alpha", Role::Owner).await;
    app.create_workspace("beta").await;

    for path in [
        "/admin/v1/workspaces/beta",
        "/admin/v1/workspaces/beta/members",
        "/admin/v1/workspaces/beta/api-keys",
    ] {
        let response = app.authed(Method::GET, path, &owner_a.access_token).send().await.unwrap();
        problem(response, 404).await;
    }
}

#[tokio::test]
async fn an_unknown_workspace_and_a_foreign_one_look_the_same() {
    let app = spawn_app().await;
    let owner_a = app.sign_in_as("alpha", Role::Owner).await;
    app.create_workspace("beta").await;

    let foreign = app
        .authed(Method::GET, "/admin/v1/workspaces/beta", &owner_a.access_token)
        .send()
        .await
        .unwrap();
    let missing = app
        .authed(Method::GET, "/admin/v1/workspaces/gamma", &owner_a.access_token)
        .send()
        .await
        .unwrap();

    assert_eq!(problem(foreign, 404).await["code"], problem(missing, 404).await["code"]);
}

#[tokio::test]
async fn the_workspace_list_shows_only_my_workspaces() {
    let app = spawn_app().await;
    let editor_a = app.sign_in_as("alpha", Role::Editor).await;
    app.create_workspace("beta").await;

    let list: Value = app
        .authed(Method::GET, "/admin/v1/workspaces", &editor_a.access_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    let slugs: Vec<&str> =
        list["items"].as_array().unwrap().iter().map(|w| w["slug"].as_str().unwrap()).collect();
    assert_eq!(slugs, ["alpha"]);
}

#[tokio::test]
async fn a_delivery_key_sees_only_its_own_workspace() {
    let app = spawn_app().await;
    let alpha = app.create_workspace("alpha").await;
    let beta = app.create_workspace("beta").await;
    let key_b = app.api_key(&beta, KeyKind::Delivery, None).await;

    let seen: Value = app
        .authed(Method::GET, "/v1/workspace", &key_b)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    assert_eq!(seen["slug"], "beta");
    assert_ne!(seen["id"], alpha.id.to_string());
}

#[tokio::test]
async fn a_delivery_key_is_refused_by_the_admin_api_and_a_jwt_by_the_delivery_api() {
    let app = spawn_app().await;
    let editor = app.sign_in_as("alpha", Role::Owner).await;
    let alpha = app.create_workspace("alpha-two").await;
    let key = app.api_key(&alpha, KeyKind::Delivery, None).await;

    let admin_with_key = app.authed(Method::GET, "/v1/me", &key).send().await.unwrap();
    let delivery_with_jwt =
        app.authed(Method::GET, "/v1/workspace", &editor.access_token).send().await.unwrap();

    problem(admin_with_key, 401).await;
    problem(delivery_with_jwt, 401).await;
}

/// Creates clinic `slug` in the room's workspace, offering microneedling; returns it, a draft.
async fn clinic_offering_microneedling(app: &TestApp, room: &Newsroom, slug: &str) -> Value {
    let workspace = room.workspace.as_str();
    let created = app.create_clinic(&room.editor, workspace, slug, &format!("{slug} clinic")).await;
    let id = id_of(&created);
    let offering = json!({"treatment": "microneedling", "active": true, "duration_minutes": 60});
    let path = format!("{}/{id}/offerings", collection(workspace, "clinics"));
    assert_eq!(app.post_as(&room.editor, &path, &offering).await.status(), 201);
    app.read_entry(&room.editor, &entry(workspace, "clinics", &id)).await
}

#[tokio::test]
async fn a_preview_key_finds_no_clinic_of_another_workspace_but_finds_its_own() {
    let app = spawn_app().await;
    let alpha = app.newsroom("alpha").await;
    let beta = app.newsroom("beta").await;
    for room in [&alpha, &beta] {
        app.create_treatment(&room.editor, &room.workspace, &microneedling()).await;
    }
    clinic_offering_microneedling(&app, &alpha, "markham").await;
    let foreign = clinic_offering_microneedling(&app, &beta, "scarborough").await;
    app.publish(&beta, "clinics", &foreign).await;
    let workspace = cutis::accounts::workspaces::find_by_slug(&app.db, "alpha").await.unwrap();
    let preview_key = app.api_key(&workspace.unwrap(), KeyKind::Preview, None).await;
    let clinic_query = "query($slug: String!) { clinic(slug: $slug, preview: true) { slug } }";
    let treatments_query = "query($slug: String!) {
        treatments(filter: {clinic: $slug}, preview: true) {
            edges { node { slug offering { clinic { slug } } } }
        }
    }";

    let foreign_rest = [
        app.deliver(&preview_key, "/v1/treatments?clinic=scarborough&preview=true").await,
        app.deliver(&preview_key, "/v1/clinics/scarborough?preview=true").await,
        app.deliver(&preview_key, "/v1/clinics/scarborough/treatments?preview=true").await,
    ];
    let foreign_clinic =
        app.delivery_graphql(&preview_key, clinic_query, json!({"slug": "scarborough"})).await;
    let foreign_treatments =
        app.delivery_graphql(&preview_key, treatments_query, json!({"slug": "scarborough"})).await;
    let own_listed =
        app.delivered(&preview_key, "/v1/treatments?clinic=markham&preview=true").await;
    let own_clinic = app.delivered(&preview_key, "/v1/clinics/markham?preview=true").await;
    let own_nested =
        app.delivered(&preview_key, "/v1/clinics/markham/treatments?preview=true").await;
    let own_graphql_clinic =
        app.delivery_graphql(&preview_key, clinic_query, json!({"slug": "markham"})).await;
    let own_graphql_treatments =
        app.delivery_graphql(&preview_key, treatments_query, json!({"slug": "markham"})).await;

    for response in foreign_rest {
        assert_eq!(problem(response, 404).await["code"], "NOT_FOUND");
    }
    // `clinic(slug)` is null for a clinic that does not exist, as the schema documents.
    assert_eq!(data(&foreign_clinic)["clinic"], Value::Null);
    assert_eq!(error_code(&foreign_treatments), "NOT_FOUND", "{foreign_treatments}");
    assert_eq!(own_listed["items"][0]["offering"]["clinic"]["slug"], "markham");
    assert_eq!(own_clinic["slug"], "markham");
    assert_eq!(own_nested["items"][0]["offering"], own_listed["items"][0]["offering"]);
    assert_eq!(data(&own_graphql_clinic)["clinic"]["slug"], "markham");
    assert_eq!(
        data(&own_graphql_treatments)["treatments"]["edges"],
        json!([{"node": {"slug": "microneedling", "offering": {"clinic": {"slug": "markham"}}}}])
    );
}
