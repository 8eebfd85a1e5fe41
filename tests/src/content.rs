//! Arranging content for a test through the admin REST API, as an editor would.

use reqwest::{Method, Response};
use serde_json::{Value, json};

use crate::{Session, TestApp};

/// A full microneedling treatment body in English, linking nothing.
pub fn microneedling() -> Value {
    json!({
        "slug": "microneedling",
        "name": "Microneedling",
        "also_known_as": ["collagen induction therapy", "skin needling"],
        "summary": "Fine needles make tiny channels in the skin so it renews itself.",
        "body": "## How it works\n\nThe skin heals the channels and makes new collagen.",
        "procedure_minutes": {"min": 30, "max": 30},
        "sessions": {"min": 4, "max": 6},
        "session_interval_weeks": {"min": 4, "max": 8},
        "downtime_days": {"min": 2, "max": 4},
        "downtime_notes": "Redness and mild swelling for a few days.",
        "results_timeline": "Skin starts to clear about two weeks after a session.",
        "contraindications": ["active skin infection"],
        "side_effects": [
            {"effect": "Redness and mild swelling", "frequency": "very_common", "duration": "A few days"}
        ],
        "suitable_for": ["every skin tone"],
        "not_suitable_for": ["pregnancy"],
        "aftercare": [
            {"timing": "First 24 hours", "instruction": "Cleanse with lukewarm water only."},
            {"timing": "First week", "instruction": "Wear sunscreen every day."}
        ],
        "faqs": [
            {"question": "Does it shrink pores?", "answer": "Pores look smaller afterwards."},
            {"question": "How many sessions?", "answer": "Three to six for dark spots."}
        ],
        "references": [
            {"title": "Microneedling for melasma", "url": "https://journal.example/mn", "year": 2021}
        ],
        "seo": {"meta_title": "Microneedling", "meta_description": "Sessions and aftercare."}
    })
}

/// A condition body.
pub fn condition(slug: &str, name: &str) -> Value {
    json!({
        "slug": slug,
        "name": name,
        "synonyms": [],
        "summary": format!("What {name} is."),
        "body": ""
    })
}

/// A clinic body.
pub fn clinic(slug: &str, name: &str) -> Value {
    json!({
        "slug": slug,
        "name": name,
        "address": "1 Example Road",
        "city": "Scarborough",
        "region": "Ontario",
        "country": "CA",
        "phone": "+1 416 555 0100",
        "booking_url": "https://clinic.example/book",
        "timezone": "America/Toronto"
    })
}

/// The admin path of a workspace's collection: `/admin/v1/workspaces/acme/treatments`.
pub fn collection(workspace: &str, kind: &str) -> String {
    format!("/admin/v1/workspaces/{workspace}/{kind}")
}

/// The admin path of one entry.
pub fn entry(workspace: &str, kind: &str, id: &str) -> String {
    format!("/admin/v1/workspaces/{workspace}/{kind}/{id}")
}

/// The id of an entry in a response body.
pub fn id_of(body: &Value) -> String {
    body["id"].as_str().expect("an id").to_owned()
}

impl TestApp {
    /// `POST`s `body` as JSON with the session's token.
    pub async fn post_as(&self, session: &Session, path: &str, body: &Value) -> Response {
        self.authed(Method::POST, path, &session.access_token)
            .json(body)
            .send()
            .await
            .expect("send POST")
    }

    /// `GET`s `path` with the session's token.
    pub async fn get_as(&self, session: &Session, path: &str) -> Response {
        self.authed(Method::GET, path, &session.access_token).send().await.expect("send GET")
    }

    /// `PATCH`es `body` with `If-Match: "<version>"`.
    pub async fn patch_as(
        &self,
        session: &Session,
        path: &str,
        version: i64,
        body: &Value,
    ) -> Response {
        self.authed(Method::PATCH, path, &session.access_token)
            .header("If-Match", format!("\"{version}\""))
            .json(body)
            .send()
            .await
            .expect("send PATCH")
    }

    /// `DELETE`s with `If-Match: "<version>"`.
    pub async fn delete_as(&self, session: &Session, path: &str, version: i64) -> Response {
        self.authed(Method::DELETE, path, &session.access_token)
            .header("If-Match", format!("\"{version}\""))
            .send()
            .await
            .expect("send DELETE")
    }

    /// Creates an entry of `kind` (`treatments`, `conditions`, `clinics`) and returns it.
    pub async fn create_entry(
        &self,
        session: &Session,
        workspace: &str,
        kind: &str,
        body: &Value,
    ) -> Value {
        let response = self.post_as(session, &collection(workspace, kind), body).await;
        let status = response.status();
        let text = response.text().await.expect("a body");
        assert_eq!(status, 201, "creating {kind}: {text}");
        serde_json::from_str(&text).expect("a JSON entry")
    }

    /// Creates a treatment and returns it.
    pub async fn create_treatment(
        &self,
        session: &Session,
        workspace: &str,
        body: &Value,
    ) -> Value {
        self.create_entry(session, workspace, "treatments", body).await
    }

    /// Creates a condition and returns it.
    pub async fn create_condition(
        &self,
        session: &Session,
        workspace: &str,
        slug: &str,
        name: &str,
    ) -> Value {
        self.create_entry(session, workspace, "conditions", &condition(slug, name)).await
    }

    /// Creates a clinic and returns it.
    pub async fn create_clinic(
        &self,
        session: &Session,
        workspace: &str,
        slug: &str,
        name: &str,
    ) -> Value {
        self.create_entry(session, workspace, "clinics", &clinic(slug, name)).await
    }

    /// Reads an entry, asserting 200.
    pub async fn read_entry(&self, session: &Session, path: &str) -> Value {
        let response = self.get_as(session, path).await;
        assert_eq!(response.status(), 200, "reading {path}");
        response.json().await.expect("a JSON entry")
    }
}
