use cutis::auth::roles::Role;
use cutis::config::JwtSigning;
use cutis_tests::{PASSWORD, TestApp, problem, spawn_app, spawn_app_with};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::Method;
use serde_json::{Value, json};

const SECRET: &str = "a-test-signing-secret-of-at-least-32-bytes";

async fn app_with_known_secret() -> TestApp {
    spawn_app_with(|settings| {
        settings.jwt.signing = JwtSigning::Hs256(SECRET.to_owned().into());
    })
    .await
}

fn now() -> u64 {
    jsonwebtoken::get_current_timestamp()
}

/// A token for `sub` with every claim valid unless `changes` overrides it.
fn token(sub: &str, changes: Value, algorithm: Algorithm, secret: &str) -> String {
    let mut claims = json!({
        "iss": "cutis", "aud": "cutis-admin", "sub": sub,
        "iat": now(), "exp": now() + 600, "jti": "test",
    });
    for (key, value) in changes.as_object().unwrap() {
        claims[key] = value.clone();
    }
    jsonwebtoken::encode(
        &Header::new(algorithm),
        &claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

async fn me_status(app: &TestApp, token: &str) -> u16 {
    app.authed(Method::GET, "/v1/me", token).send().await.unwrap().status().as_u16()
}

async fn user_id(app: &TestApp, token: &str) -> String {
    let me: Value =
        app.authed(Method::GET, "/v1/me", token).send().await.unwrap().json().await.unwrap();
    me["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn logging_in_returns_a_token_pair_that_opens_me() {
    let app = spawn_app().await;
    let session = app.sign_in_as("acme", Role::Editor).await;

    let response = app.authed(Method::GET, "/v1/me", &session.access_token).send().await.unwrap();

    assert_eq!(response.status(), 200);
    let me: Value = response.json().await.unwrap();
    assert_eq!(me["email"], session.email);
    assert_eq!(
        me["workspaces"],
        json!([{"slug": "acme", "name": "acme clinics", "role": "editor"}])
    );
}

#[tokio::test]
async fn the_login_response_has_the_documented_shape() {
    let app = spawn_app().await;
    app.create_user("editor@acme.example").await;

    let response = app
        .post_json("/v1/auth/login", &json!({"email": "Editor@Acme.example", "password": PASSWORD}))
        .await;

    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 900);
    assert!(body["access_token"].as_str().unwrap().split('.').count() == 3);
    assert!(body["refresh_token"].as_str().unwrap().starts_with("cutis_rt_"));
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_401() {
    let app = spawn_app().await;
    app.create_user("editor@acme.example").await;

    let wrong = app
        .post_json(
            "/v1/auth/login",
            &json!({"email": "editor@acme.example", "password": "not the password"}),
        )
        .await;
    let unknown = app
        .post_json("/v1/auth/login", &json!({"email": "nobody@acme.example", "password": PASSWORD}))
        .await;

    let (wrong, unknown) = (problem(wrong, 401).await, problem(unknown, 401).await);
    assert_eq!(wrong["detail"], unknown["detail"]);
}

#[tokio::test]
async fn the_admin_api_without_a_token_is_401_with_a_bearer_challenge() {
    let app = spawn_app().await;

    let response = app.get("/v1/me").await;

    assert_eq!(response.headers()["www-authenticate"], "Bearer");
    problem(response, 401).await;
}

#[tokio::test]
async fn every_defective_access_token_is_401() {
    let app = app_with_known_secret().await;
    let session = app.sign_in_as("acme", Role::Editor).await;
    let sub = user_id(&app, &session.access_token).await;
    assert_eq!(me_status(&app, &token(&sub, json!({}), Algorithm::HS256, SECRET)).await, 200);

    let defects = [
        (
            "expired",
            token(&sub, json!({"exp": now() - 120, "iat": now() - 1000}), Algorithm::HS256, SECRET),
        ),
        ("wrong audience", token(&sub, json!({"aud": "someone-else"}), Algorithm::HS256, SECRET)),
        ("wrong issuer", token(&sub, json!({"iss": "someone-else"}), Algorithm::HS256, SECRET)),
        (
            "bad signature",
            token(&sub, json!({}), Algorithm::HS256, "another-secret-of-at-least-32-bytes!!"),
        ),
        ("another algorithm", token(&sub, json!({}), Algorithm::HS512, SECRET)),
        ("no expiry", token(&sub, json!({"exp": null}), Algorithm::HS256, SECRET)),
        (
            "unknown user",
            token(&uuid::Uuid::new_v4().to_string(), json!({}), Algorithm::HS256, SECRET),
        ),
        ("alg none", unsigned_token(&sub)),
        ("garbage", "not.a.jwt".to_owned()),
    ];

    for (defect, token) in defects {
        assert_eq!(me_status(&app, &token).await, 401, "{defect}");
    }
}

fn unsigned_token(sub: &str) -> String {
    use base64::Engine;
    let encode =
        |value: Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(value.to_string());
    let header = encode(json!({"alg": "none", "typ": "JWT"}));
    let claims = encode(
        json!({"iss": "cutis", "aud": "cutis-admin", "sub": sub, "iat": now(), "exp": now() + 600}),
    );
    format!("{header}.{claims}.")
}

#[tokio::test]
async fn a_refresh_rotates_the_pair_and_the_new_tokens_work() {
    let app = spawn_app().await;
    let session = app.sign_in_as("acme", Role::Editor).await;

    let response =
        app.post_json("/v1/auth/refresh", &json!({"refresh_token": session.refresh_token})).await;

    assert_eq!(response.status(), 200);
    let pair: Value = response.json().await.unwrap();
    assert_ne!(pair["refresh_token"], session.refresh_token.as_str());
    assert_eq!(me_status(&app, pair["access_token"].as_str().unwrap()).await, 200);
}

#[tokio::test]
async fn eight_sessions_refreshing_at_the_same_moment_all_get_a_new_pair() {
    let app = spawn_app().await;
    let mut sessions = Vec::new();
    for _ in 0..8 {
        sessions.push(app.sign_in_as("acme", Role::Editor).await);
    }

    let mut refreshes = tokio::task::JoinSet::new();
    for session in &sessions {
        let request = app
            .request(Method::POST, "/v1/auth/refresh")
            .json(&json!({"refresh_token": session.refresh_token}));
        refreshes.spawn(async move {
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            (status, response.json::<Value>().await.unwrap())
        });
    }
    let outcomes = refreshes.join_all().await;

    let statuses: Vec<u16> = outcomes.iter().map(|(status, _)| *status).collect();
    assert_eq!(statuses, vec![200; 8], "a refresh failed: {outcomes:?}");
    for (_, pair) in &outcomes {
        assert_eq!(me_status(&app, pair["access_token"].as_str().unwrap()).await, 200);
    }
}

#[tokio::test]
async fn reusing_a_refresh_token_revokes_its_whole_family() {
    let app = spawn_app().await;
    let session = app.sign_in_as("acme", Role::Editor).await;
    let first =
        app.post_json("/v1/auth/refresh", &json!({"refresh_token": session.refresh_token})).await;
    let rotated: Value = first.json().await.unwrap();

    let replay =
        app.post_json("/v1/auth/refresh", &json!({"refresh_token": session.refresh_token})).await;
    let after = app
        .post_json("/v1/auth/refresh", &json!({"refresh_token": rotated["refresh_token"]}))
        .await;

    problem(replay, 401).await;
    problem(after, 401).await;
}

#[tokio::test]
async fn logging_out_revokes_the_refresh_token() {
    let app = spawn_app().await;
    let session = app.sign_in_as("acme", Role::Editor).await;

    let logout =
        app.post_json("/v1/auth/logout", &json!({"refresh_token": session.refresh_token})).await;
    let refresh =
        app.post_json("/v1/auth/refresh", &json!({"refresh_token": session.refresh_token})).await;

    assert_eq!(logout.status(), 204);
    problem(refresh, 401).await;
}

#[tokio::test]
async fn login_attempts_beyond_the_limit_are_429_with_retry_after() {
    let app = spawn_app_with(|settings| settings.login_rate_per_account = 3).await;
    app.create_user("editor@acme.example").await;
    let attempt = json!({"email": "editor@acme.example", "password": "a wrong password"});
    for _ in 0..3 {
        assert_eq!(app.post_json("/v1/auth/login", &attempt).await.status(), 401);
    }

    let response = app.post_json("/v1/auth/login", &attempt).await;

    let retry_after: u64 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(retry_after >= 1);
    let body = problem(response, 429).await;
    assert_eq!(body["code"], "TOO_MANY_REQUESTS");
    let correct = json!({"email": "editor@acme.example", "password": PASSWORD});
    assert_eq!(
        app.post_json("/v1/auth/login", &correct).await.status(),
        429,
        "the bucket is empty"
    );
}

#[tokio::test]
async fn a_login_body_missing_the_password_is_422() {
    let app = spawn_app().await;

    let response = app.post_json("/v1/auth/login", &json!({"email": "editor@acme.example"})).await;

    problem(response, 422).await;
}

#[tokio::test]
async fn no_response_ever_contains_a_password_hash() {
    let app = spawn_app().await;
    let owner = app.sign_in_as("acme", Role::Owner).await;
    let paths = ["/v1/me", "/admin/v1/workspaces", "/admin/v1/workspaces/acme/members"];

    for path in paths {
        let body = app
            .authed(Method::GET, path, &owner.access_token)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!body.contains("$argon2"), "{path}: {body}");
        assert!(!body.contains("password"), "{path}: {body}");
    }
}

#[tokio::test]
async fn eddsa_key_files_sign_tokens_and_hs256_ones_are_refused() {
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");
    let app = spawn_app_with(|settings| {
        settings.jwt.signing = JwtSigning::KeyFiles {
            algorithm: "EdDSA".to_owned(),
            private_key_file: format!("{fixtures}/jwt-ed25519-private.pem").into(),
            public_key_file: format!("{fixtures}/jwt-ed25519-public.pem").into(),
        };
    })
    .await;
    let session = app.sign_in_as("acme", Role::Editor).await;
    let header = jsonwebtoken::decode_header(&session.access_token).unwrap();
    let sub = user_id(&app, &session.access_token).await;

    let forged = token(&sub, json!({}), Algorithm::HS256, SECRET);

    assert_eq!(header.alg, Algorithm::EdDSA);
    assert_eq!(me_status(&app, &forged).await, 401);
}
