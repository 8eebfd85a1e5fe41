//! Property tests of what parses untrusted input: request bodies, the validated newtypes, the
//! field validators and pagination cursors. Whatever arrives, they never panic, never accept a
//! NUL or an over-long value, and fail only with the client errors their callers expect.
//! Case counts are kept small so `cargo test` stays quick.

use cutis::content::Scope;
use cutis::content::pagination::{PageRequest, decode_cursor};
use cutis::content::treatments::{TreatmentBody, TreatmentInput};
use cutis::content::validation::Errors;
use cutis::error::Error;
use cutis::request::body::parse;
use cutis::validated::{Email, Locale, Slug, WebUrl};
use proptest::prelude::*;
use serde_json::Value;
use uuid::Uuid;

fn config() -> ProptestConfig {
    ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() }
}

/// Any JSON value, a few levels deep, with strings that may hold NUL and other controls.
fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |n| n.is_finite()).prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(field_name(), inner, 0..6)
                .prop_map(|fields| Value::Object(fields.into_iter().collect())),
        ]
    })
}

/// A treatment field name most of the time, so generated bodies reach the validators.
fn field_name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "slug", "locale", "name", "also_known_as", "summary", "body", "sessions",
            "contraindications", "aftercare", "faqs", "conditions", "complementary", "references",
            "seo", "note", "min", "max", "question", "answer", "condition", "treatment", "url",
        ])
        .prop_map(str::to_owned),
        1 => ".{0,8}",
    ]
}

fn scope() -> Scope {
    Scope {
        workspace_id: Uuid::nil(),
        default_locale: "en".into(),
        locales: vec!["en".into(), "fr".into()],
        actor: Uuid::nil(),
        request_id: None,
        governance: Default::default(),
    }
}

/// Every string a validated value could have kept from its input.
fn strings(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::String(text) => found.push(text.clone()),
        Value::Array(items) => items.iter().for_each(|item| strings(item, found)),
        Value::Object(fields) => fields.iter().for_each(|(name, field)| {
            found.push(name.clone());
            strings(field, found);
        }),
        _ => {}
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_bytes_parse_into_a_treatment_body_or_a_client_error(
        bytes in prop::collection::vec(any::<u8>(), 0..256)
    ) {
        match parse::<TreatmentBody>(&bytes) {
            Ok(_) | Err(Error::BadRequest(_) | Error::Validation(_)) => {}
            Err(other) => prop_assert!(false, "unexpected {other:?}"),
        }
    }

    #[test]
    fn arbitrary_json_validates_into_a_treatment_without_nul_or_fails_as_a_client_error(
        value in json(), creating in any::<bool>()
    ) {
        let bytes = serde_json::to_vec(&value).unwrap();
        let parsed = parse::<TreatmentBody>(&bytes);
        let holds_nul = {
            let mut found = Vec::new();
            strings(&value, &mut found);
            found.iter().any(|text| text.contains('\0'))
        };
        match parsed {
            Ok(body) => {
                prop_assert!(!holds_nul, "a body holding a NUL was accepted: {value}");
                match TreatmentInput::parse(body, &scope(), creating) {
                    Ok(input) => {
                        let texts = [input.name, input.summary, input.body, input.note];
                        prop_assert!(texts.iter().flatten().all(|text| !text.contains('\0')));
                    }
                    Err(Error::Validation(errors)) => prop_assert!(!errors.is_empty()),
                    Err(other) => prop_assert!(false, "unexpected {other:?}"),
                }
            }
            Err(Error::BadRequest(_) | Error::Validation(_)) => {}
            Err(other) => prop_assert!(false, "unexpected {other:?}"),
        }
    }

    #[test]
    fn a_json_string_holding_a_nul_is_refused_wherever_it_is(
        before in "[a-z ]{0,6}", after in "[a-z ]{0,6}",
        field in prop::sample::select(vec!["name", "summary", "body", "note", "slug"]),
    ) {
        let body = serde_json::json!({ field: format!("{before}\0{after}") });
        let refused = parse::<TreatmentBody>(body.to_string().as_bytes());
        let Err(Error::Validation(errors)) = refused else {
            return Err(TestCaseError::fail(format!("accepted {body}")));
        };
        prop_assert_eq!(&errors[0].field, field);
    }

    #[test]
    fn the_validated_newtypes_never_panic_nor_keep_a_nul_or_an_over_long_value(raw in ".{0,400}") {
        if let Ok(slug) = Slug::parse(&raw) {
            prop_assert!(slug.as_str().len() <= Slug::MAX_LEN && !slug.as_str().contains('\0'));
        }
        if let Ok(locale) = Locale::parse(&raw) {
            prop_assert!(locale.as_str().len() <= 6 && !locale.as_str().contains('\0'));
        }
        if let Ok(email) = Email::parse(&raw) {
            prop_assert!(email.as_str().len() <= Email::MAX_LEN && !email.as_str().contains('\0'));
        }
        if let Ok(url) = WebUrl::parse(&raw) {
            prop_assert!(url.as_str().len() <= WebUrl::MAX_LEN && !url.as_str().contains('\0'));
        }
    }

    #[test]
    fn a_nul_anywhere_in_an_email_or_a_link_is_refused(
        local in "[a-z]{1,8}", path in "[a-z/]{0,8}", at in 0usize..8
    ) {
        let email = format!("{local}@clinic.example");
        let url = format!("https://clinic.example/{path}");
        for text in [email, url] {
            let mut with_nul = text.clone();
            with_nul.insert(at.min(text.len()), '\0');
            prop_assert!(Email::parse(&with_nul).is_err());
            prop_assert!(WebUrl::parse(&with_nul).is_err());
        }
    }

    #[test]
    fn the_text_validators_never_keep_a_nul_or_more_than_their_limit(
        raw in ".{0,60}", max in 0usize..40,
        items in prop::collection::vec(".{0,10}", 0..30), max_items in 0usize..20,
    ) {
        let mut errors = Errors::new();
        for kept in [
            errors.text("field", &raw, max),
            errors.required_text("field", &raw, max),
            errors.optional_text("field", Some(&raw), max),
        ]
        .into_iter()
        .flatten()
        {
            prop_assert!(kept.chars().count() <= max && !kept.contains('\0'));
        }
        let kept = errors.text_list("list", &items, max_items, max);
        prop_assert!(kept.len() <= max_items);
        prop_assert!(kept.iter().all(|item| item.chars().count() <= max && !item.contains('\0')));
        let mut unique = kept.clone();
        unique.sort();
        unique.dedup();
        prop_assert_eq!(unique.len(), kept.len(), "a repeat was kept");
    }

    #[test]
    fn arbitrary_cursors_decode_without_panicking(
        raw in ".{0,80}",
        sort in prop::option::of(prop::sample::select(vec!["name", "updated_at", "x"])),
        order in prop::option::of(prop::sample::select(vec!["asc", "desc", "x"])),
    ) {
        let _ = decode_cursor::<Value>(&raw);
        let mut errors = Errors::new();
        let _ = PageRequest::parse(&mut errors, Some(&raw), Some(&raw), sort, order);
    }

    #[test]
    fn a_well_formed_cursor_holding_a_nul_is_never_decoded(key in ".{0,10}", at in 0usize..10) {
        use base64::Engine;
        let mut key = key;
        let at = key.char_indices().map(|(i, _)| i).nth(at).unwrap_or(key.len());
        key.insert(at, '\0');
        let data = serde_json::json!({"s": "name", "o": "asc", "k": key, "i": Uuid::nil()});
        let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(data.to_string());
        prop_assert!(decode_cursor::<Value>(&raw).is_none());
        let mut errors = Errors::new();
        let page = PageRequest::parse(&mut errors, None, Some(&raw), Some("name"), None);
        prop_assert!(page.after.is_none() && !errors.is_empty());
    }
}
