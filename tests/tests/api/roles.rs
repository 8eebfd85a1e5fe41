//! Every role against every account-level admin action: allowed is 2xx, not allowed is 403.
//! (The content actions have their own role tests beside each resource.)

use cutis::accounts::{members, workspaces};
use cutis::auth::roles::Role;
use cutis_tests::{Session, TestApp, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};

struct Action {
    name: &'static str,
    method: Method,
    path: &'static str,
    body: Option<Value>,
    allowed: &'static [Role],
}

const MANAGERS: &[Role] = &[Role::Owner, Role::Admin];
const EVERYONE: &[Role] = &[Role::Owner, Role::Admin, Role::Editor, Role::Reviewer, Role::Viewer];

fn actions() -> Vec<Action> {
    vec![
        Action {
            name: "read the workspace",
            method: Method::GET,
            path: "/admin/v1/workspaces/acme",
            body: None,
            allowed: EVERYONE,
        },
        Action {
            name: "change workspace settings",
            method: Method::PATCH,
            path: "/admin/v1/workspaces/acme",
            body: Some(json!({"cors_origins": ["https://www.acme.example"]})),
            allowed: MANAGERS,
        },
        Action {
            name: "list members",
            method: Method::GET,
            path: "/admin/v1/workspaces/acme/members",
            body: None,
            allowed: MANAGERS,
        },
        Action {
            name: "invite a member",
            method: Method::POST,
            path: "/admin/v1/workspaces/acme/invitations",
            body: Some(json!({"email": "new-{n}@acme.example", "role": "editor"})),
            allowed: MANAGERS,
        },
        Action {
            name: "list invitations",
            method: Method::GET,
            path: "/admin/v1/workspaces/acme/invitations",
            body: None,
            allowed: MANAGERS,
        },
        Action {
            name: "list API keys",
            method: Method::GET,
            path: "/admin/v1/workspaces/acme/api-keys",
            body: None,
            allowed: MANAGERS,
        },
        Action {
            name: "create an API key",
            method: Method::POST,
            path: "/admin/v1/workspaces/acme/api-keys",
            body: Some(json!({"name": "website"})),
            allowed: MANAGERS,
        },
    ]
}

async fn attempt(app: &TestApp, token: &str, action: &Action, n: usize) -> u16 {
    let mut request = app.authed(action.method.clone(), action.path, token);
    if let Some(body) = &action.body {
        let body = body.to_string().replace("{n}", &n.to_string());
        request = request.header("content-type", "application/json").body(body);
    }
    request.send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn each_role_may_do_exactly_what_the_permission_table_says() {
    let app = spawn_app().await;
    let mut n = 0;

    for role in Role::ALL {
        let session = app.sign_in_as("acme", role).await;
        for action in actions() {
            n += 1;
            let status = attempt(&app, &session.access_token, &action, n).await;
            if action.allowed.contains(&role) {
                assert!((200..300).contains(&status), "{role} may {}: got {status}", action.name);
            } else {
                assert_eq!(status, 403, "{role} may not {}", action.name);
            }
        }
    }
}

#[tokio::test]
async fn an_admin_cannot_make_an_owner_but_an_owner_can() {
    let app = spawn_app().await;
    let admin = app.sign_in_as("acme", Role::Admin).await;
    let owner = app.sign_in_as("acme", Role::Owner).await;
    let body = json!({"email": "partner@acme.example", "role": "owner"});

    let by_admin = app
        .authed(Method::POST, "/admin/v1/workspaces/acme/invitations", &admin.access_token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let by_owner = app
        .authed(Method::POST, "/admin/v1/workspaces/acme/invitations", &owner.access_token)
        .json(&body)
        .send()
        .await
        .unwrap();

    assert_eq!(by_admin.status(), 403);
    assert_eq!(by_owner.status(), 201);
}

#[tokio::test]
async fn the_last_owner_cannot_be_demoted_or_removed() {
    let app = spawn_app().await;
    let owner = app.sign_in_as("acme", Role::Owner).await;
    let me: Value = app
        .authed(Method::GET, "/v1/me", &owner.access_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let path = format!("/admin/v1/workspaces/acme/members/{}", me["id"].as_str().unwrap());

    let demote = app
        .authed(Method::PATCH, &path, &owner.access_token)
        .json(&json!({"role": "editor"}))
        .send()
        .await
        .unwrap();
    let remove = app.authed(Method::DELETE, &path, &owner.access_token).send().await.unwrap();

    assert_eq!(demote.status(), 409);
    assert_eq!(remove.status(), 409);
}

async fn user_id(app: &TestApp, session: &Session) -> String {
    let me: Value = app
        .authed(Method::GET, "/v1/me", &session.access_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    me["id"].as_str().unwrap().to_owned()
}

async fn owners_of_acme(app: &TestApp, admin: &Session) -> usize {
    let members: Value = app
        .authed(Method::GET, "/admin/v1/workspaces/acme/members", &admin.access_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    members["items"].as_array().unwrap().iter().filter(|m| m["role"] == "owner").count()
}

#[tokio::test]
async fn two_owners_demoting_each_other_and_leaving_at_once_always_leave_one_owner() {
    let app = spawn_app().await;
    let (first, second) =
        (app.sign_in_as("acme", Role::Owner).await, app.sign_in_as("acme", Role::Owner).await);
    let admin = app.sign_in_as("acme", Role::Admin).await;
    let (first_id, second_id) = (user_id(&app, &first).await, user_id(&app, &second).await);
    let workspace = workspaces::find_by_slug(&app.db, "acme").await.unwrap().unwrap();
    let member = |id: &str| format!("/admin/v1/workspaces/acme/members/{id}");

    // The race is won or lost in microseconds; thirty rounds make a lost one all but certain.
    for round in 0..30 {
        let mut requests = tokio::task::JoinSet::new();
        for (actor, other, own) in
            [(&first, &second_id, &first_id), (&second, &first_id, &second_id)]
        {
            let demote = app
                .authed(Method::PATCH, &member(other), &actor.access_token)
                .json(&json!({"role": "editor"}));
            let leave = app.authed(Method::DELETE, &member(own), &actor.access_token);
            for request in [demote, leave] {
                requests.spawn(async move { request.send().await.unwrap().status().as_u16() });
            }
        }
        let statuses = requests.join_all().await;

        assert_eq!(owners_of_acme(&app, &admin).await, 1, "round {round}: {statuses:?}");
        assert!(
            statuses.iter().all(|status| [204, 403, 404, 409].contains(status)),
            "round {round}: {statuses:?}"
        );
        // Make both owners again for the next round, the way the CLI would.
        for id in [&first_id, &second_id] {
            let id = id.parse().unwrap();
            match members::role_of(&app.db, workspace.id, id).await.unwrap() {
                Some(_) => members::set_role(&app.db, workspace.id, id, Role::Owner).await.unwrap(),
                None => members::add(&app.db, workspace.id, id, Role::Owner).await.unwrap(),
            }
        }
    }
}

#[tokio::test]
async fn one_user_holds_different_roles_in_different_workspaces() {
    let app = spawn_app().await;
    let owner_a = app.sign_in_as("alpha", Role::Owner).await;
    let owner_b = app.sign_in_as("beta", Role::Owner).await;
    let alpha = app.invite(&owner_a, "alpha", "shared@clinics.example", "admin").await;
    let accepted = app
        .post_json(
            "/v1/invitations/accept",
            &json!({"token": alpha, "password": "a long new password"}),
        )
        .await;
    assert_eq!(accepted.status(), 201);
    let shared = app.login("shared@clinics.example", "a long new password").await;
    let beta = app.invite(&owner_b, "beta", "shared@clinics.example", "viewer").await;
    let joined = app
        .authed(Method::POST, "/v1/invitations/accept", &shared.access_token)
        .json(&json!({"token": beta}))
        .send()
        .await
        .unwrap();
    assert_eq!(joined.status(), 201);

    let keys_in_alpha = app
        .authed(Method::GET, "/admin/v1/workspaces/alpha/api-keys", &shared.access_token)
        .send()
        .await
        .unwrap();
    let keys_in_beta = app
        .authed(Method::GET, "/admin/v1/workspaces/beta/api-keys", &shared.access_token)
        .send()
        .await
        .unwrap();

    assert_eq!(keys_in_alpha.status(), 200);
    assert_eq!(keys_in_beta.status(), 403);
}
