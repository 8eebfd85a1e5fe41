//! Talking GraphQL to the server in tests, and reading how many SQL statements it ran.

use reqwest::Method;
use serde_json::{Value, json};

use crate::{Session, TestApp};

/// The `extensions.code` of a response's first error, or `""` when it has none.
pub fn error_code(response: &Value) -> &str {
    response["errors"][0]["extensions"]["code"].as_str().unwrap_or_default()
}

/// Asserts a response carries no errors and returns its `data`.
pub fn data(response: &Value) -> &Value {
    assert!(response.get("errors").is_none(), "unexpected errors: {response}");
    &response["data"]
}

impl TestApp {
    /// `POST`s a GraphQL request to `path` with an optional bearer `token`; asserts 200 and
    /// returns the JSON response.
    pub async fn graphql_at(
        &self,
        path: &str,
        token: Option<&str>,
        query: &str,
        variables: Value,
    ) -> Value {
        let mut request = self.request(Method::POST, path);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request
            .json(&json!({"query": query, "variables": variables}))
            .send()
            .await
            .expect("send a GraphQL request");
        let status = response.status();
        let text = response.text().await.expect("a body");
        assert_eq!(status, 200, "POST {path}: {text}");
        serde_json::from_str(&text).expect("a JSON GraphQL response")
    }

    /// A delivery query (`POST /graphql`) with an API key.
    pub async fn delivery_graphql(&self, key: &str, query: &str, variables: Value) -> Value {
        self.graphql_at("/graphql", Some(key), query, variables).await
    }

    /// An admin query or mutation (`POST /admin/graphql`) as `session`.
    pub async fn admin_graphql(&self, session: &Session, query: &str, variables: Value) -> Value {
        self.graphql_at("/admin/graphql", Some(&session.access_token), query, variables).await
    }

    /// `cutis_db_statements_total{outcome="ok"}` from `/metrics`: the SQL statements the
    /// server's own connection has run so far.
    pub async fn sql_statements(&self) -> u64 {
        let metrics = self.get("/metrics").await.text().await.expect("the metrics");
        metrics
            .lines()
            .find_map(|line| line.strip_prefix("cutis_db_statements_total{outcome=\"ok\"} "))
            .and_then(|count| count.trim().parse().ok())
            .unwrap_or(0)
    }
}
