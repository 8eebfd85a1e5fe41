//! States the validators' rules in the OpenAPI document: lengths, patterns, bounds, list sizes
//! and spellings on request bodies (from each input module's `schema_rules`) and on
//! parameters (below), and which fields `POST` requires (a `New…` copy of the body's schema).
//! The rules come from the constants the validators check, so each is still written once, and
//! a generated client refuses what the server would refuse.

use serde_json::{Map, Value, json};
use utoipa::Modify;
use utoipa::openapi::OpenApi;

use super::delivery::lists;
use crate::accounts::{api_keys, invitations, users, workspaces};
use crate::content::listing::MAX_QUERY;
use crate::content::pagination::{self, ORDERS, SortKey};
use crate::content::revisions::MAX_NOTE_LEN;
use crate::content::{Status, audit_log, clinics, conditions, offerings, treatments};
use crate::delivery::jsonld::PageUrl;
use crate::validated::rules::{FieldRules, NOT_BLANK_PATTERN, Rule};
use crate::validated::{Locale, Slug};
use crate::{search, webhooks};

pub struct ValidationRules;

impl Modify for ValidationRules {
    fn modify(&self, openapi: &mut OpenApi) {
        // The rules are easiest to place on the document as JSON; it is read back at once.
        let Ok(mut document) = serde_json::to_value(&*openapi) else { return };
        state_rules(&mut document);
        // A schema utoipa cannot read back (one with neither type nor `$ref`) would drop every
        // rule; tests/tests/api/openapi_rules.rs fails then, and so does this log line.
        match serde_json::from_value(document) {
            Ok(stated) => *openapi = stated,
            Err(error) => tracing::error!(%error, "the OpenAPI rules could not be stated"),
        }
    }
}

/// The bodies `POST` creates entries from, with the fields it requires.
const CREATED_FROM: [(&str, &[&str]); 4] = [
    ("TreatmentBody", treatments::REQUIRED_ON_CREATE),
    ("ConditionBody", conditions::REQUIRED_ON_CREATE),
    ("ClinicBody", clinics::REQUIRED_ON_CREATE),
    ("OfferingBody", offerings::REQUIRED_ON_CREATE),
];

fn state_rules(document: &mut Value) {
    let Some(schemas) = document.pointer_mut("/components/schemas").and_then(Value::as_object_mut)
    else {
        return;
    };
    let originals = schemas.clone();
    let groups = [
        treatments::schema_rules(),
        conditions::schema_rules(),
        clinics::schema_rules(),
        offerings::schema_rules(),
        crate::content::media::schema_rules(),
        workspaces::schema_rules(),
        webhooks::endpoints::schema_rules(),
        users::schema_rules(),
        invitations::schema_rules(),
        api_keys::schema_rules(),
        crate::content::governance::rules::schema_rules(),
        crate::content::governance::policy::schema_rules(),
    ];
    for (component, fields) in groups.into_iter().flatten() {
        if let Some(schema) = schemas.get_mut(component) {
            for field in &fields {
                apply_field(schema, field, &originals);
            }
        }
    }
    for (component, required) in CREATED_FROM {
        if let Some(body) = schemas.get(component) {
            let mut created = body.clone();
            created["required"] = json!(required);
            schemas.insert(format!("New{component}"), created);
        }
    }
    if let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else { continue };
            for (method, operation) in item.iter_mut() {
                state_parameter_rules(path, operation);
                if method == "post" {
                    use_created_body(operation);
                }
            }
        }
    }
}

/// Points a `POST`'s body at the `New…` schema, which requires what creating requires.
fn use_created_body(operation: &mut Value) {
    let Some(reference) =
        operation.pointer_mut("/requestBody/content/application~1json/schema/$ref")
    else {
        return;
    };
    for (component, _) in CREATED_FROM {
        if reference == &json!(format!("#/components/schemas/{component}")) {
            *reference = json!(format!("#/components/schemas/New{component}"));
        }
    }
}

fn state_parameter_rules(path: &str, operation: &mut Value) {
    let Some(parameters) = operation.get_mut("parameters").and_then(Value::as_array_mut) else {
        return;
    };
    let delivery = path.starts_with("/v1/");
    for parameter in parameters {
        let location = parameter["in"].as_str().unwrap_or_default().to_owned();
        let name = parameter["name"].as_str().unwrap_or_default().to_owned();
        let mut rules = parameter_rules(delivery, &location, &name);
        if path.ends_with("/audit-log") && location == "query" {
            rules.extend(audit_log::parameter_rules(&name));
        }
        if path == "/v1/search" && location == "query" {
            rules.extend(search::parameter_rules(&name));
        }
        if let Some(schema) = parameter.get_mut("schema") {
            for rule in &rules {
                apply(schema, rule);
            }
        }
    }
}

/// The rules of parameter `name` in `location`, on a delivery path or an admin one.
fn parameter_rules(delivery: bool, location: &str, name: &str) -> Vec<Rule> {
    match (location, name) {
        ("query", "limit") if delivery => vec![Rule::Within(1, lists::MAX_LIMIT as i64)],
        ("query", "limit") => vec![Rule::Within(1, pagination::MAX_LIMIT as i64)],
        ("query", "sort") => vec![Rule::OneOf(SortKey::ALL.map(SortKey::as_str).to_vec())],
        ("query", "order") => vec![Rule::OneOf(ORDERS.to_vec())],
        // An empty status filters nothing.
        ("query", "status") => {
            let mut statuses = vec![""];
            statuses.extend(Status::ALL.map(Status::as_str));
            vec![Rule::OneOf(statuses)]
        }
        ("query", "active") => vec![Rule::OneOf(vec!["true", "false"])],
        // Delivery reads take an empty locale for the workspace's default.
        ("query", "locale") if delivery => {
            vec![Rule::Pattern(format!("^({})?$", Locale::TAG))]
        }
        ("query", "locale") => Locale::rules(),
        ("path", "workspace" | "slug") | ("query", "clinic") => Slug::rules(),
        ("query", "treatment" | "condition") if !delivery => Slug::filter_rules(),
        ("query", "q") if !delivery => vec![Rule::MaxLength(MAX_QUERY)],
        ("query", "note") => vec![Rule::MaxLength(MAX_NOTE_LEN)],
        ("query", "url") if delivery => PageUrl::rules(),
        ("header", "If-Match") => vec![Rule::Pattern("^\"[0-9]{1,9}\"$".to_owned())],
        _ => Vec::new(),
    }
}

fn apply_field(schema: &mut Value, field: &FieldRules, components: &Map<String, Value>) {
    let mut target = Some(schema);
    for segment in field.path.split('.') {
        target = target.and_then(|schema| descend(schema, segment, components));
    }
    if let Some(target) = target.and_then(|schema| concrete(schema, components)) {
        for rule in &field.rules {
            apply(target, rule);
        }
    }
}

/// The property `segment` (or, for `[]`, the items) of `schema`.
fn descend<'a>(
    schema: &'a mut Value,
    segment: &str,
    components: &Map<String, Value>,
) -> Option<&'a mut Value> {
    let schema = concrete(schema, components)?;
    if segment == "[]" {
        schema.get_mut("items")
    } else {
        schema.get_mut("properties")?.get_mut(segment)
    }
}

/// The non-`null` part of `schema`. A reference is replaced by a copy of what it names, so a
/// field's rules (the bounds of a range, say) stay the field's own.
fn concrete<'a>(schema: &'a mut Value, components: &Map<String, Value>) -> Option<&'a mut Value> {
    let named = schema["$ref"].as_str().and_then(|r| r.strip_prefix("#/components/schemas/"));
    if let Some(copy) = named.and_then(|name| components.get(name)).cloned() {
        *schema = copy;
    }
    if schema.get("oneOf").is_some() {
        let branches = schema.get_mut("oneOf")?.as_array_mut()?;
        let branch = branches.iter_mut().find(|branch| branch["type"] != json!("null"))?;
        return concrete(branch, components);
    }
    Some(schema)
}

fn apply(schema: &mut Value, rule: &Rule) {
    let Some(schema) = schema.as_object_mut() else { return };
    match rule {
        Rule::MaxLength(max) => _ = schema.insert("maxLength".into(), json!(max)),
        Rule::MinLength(min) => _ = schema.insert("minLength".into(), json!(min)),
        Rule::NotBlank => _ = schema.insert("pattern".into(), json!(NOT_BLANK_PATTERN)),
        Rule::MaxItems(max) => _ = schema.insert("maxItems".into(), json!(max)),
        Rule::MinItems(min) => _ = schema.insert("minItems".into(), json!(min)),
        Rule::Unique => _ = schema.insert("uniqueItems".into(), json!(true)),
        Rule::Within(min, max) => {
            schema.insert("minimum".into(), json!(min));
            schema.insert("maximum".into(), json!(max));
        }
        Rule::Pattern(pattern) => _ = schema.insert("pattern".into(), json!(pattern)),
        Rule::OneOf(values) => _ = schema.insert("enum".into(), json!(values)),
    }
}
