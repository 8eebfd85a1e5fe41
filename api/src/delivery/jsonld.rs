//! schema.org structured data for a published treatment: a `MedicalWebPage` whose main entity
//! is a `MedicalTherapy`, a `FAQPage` of its FAQs, and the `MedicalCondition`s it treats, in one
//! `@graph`.
//!
//! Every node's `@id` is the page's public URL (which only the clinic site knows, so it passes
//! it) with a fragment. Markdown becomes plain text, and empty values are left out, as
//! schema.org expects text and validators reject empty lists. Aftercare steps whose timing
//! starts with "before" (or "avant") describe preparation; the others are the follow-up.

use pulldown_cmark::{Event, Parser, TagEnd};
use serde_json::{Map, Value, json};
use url::Url;

use crate::error::{Error, FieldError, Result};

/// The absolute http(s) URL of the clinic site's page for the treatment.
#[derive(Debug, Clone)]
pub struct PageUrl(Url);

impl PageUrl {
    /// URLs [`PageUrl::parse`] accepts, as a regular expression: a scheme, a host name whose
    /// last label starts with a letter, an optional port, and printable ASCII after, without a
    /// `#` (the parser accepts a few more: IP addresses, non-ASCII hosts).
    pub const PATTERN: &str =
        "^https?://([A-Za-z0-9-]+\\.)*[A-Za-z][A-Za-z0-9-]*(:[0-9]{1,4})?([/?][!-\"$-~]*)?$";

    /// [`PageUrl::parse`]'s rules, for the OpenAPI document.
    pub fn rules() -> Vec<crate::validated::rules::Rule> {
        vec![crate::validated::rules::pattern(Self::PATTERN)]
    }

    /// Parses `?url=`: an absolute http(s) URL, without a fragment (the `@id`s add theirs).
    pub fn parse(raw: &str) -> Result<Self> {
        let invalid = |message: &str| Error::Validation(vec![FieldError::new("url", message)]);
        let url = Url::parse(raw).map_err(|_| invalid("must be an absolute http(s) URL"))?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(invalid("must be an absolute http(s) URL"));
        }
        if url.fragment().is_some() {
            return Err(invalid("must not have a #fragment"));
        }
        Ok(Self(url))
    }

    /// The URL as given, normalised.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    fn id(&self, fragment: &str) -> String {
        format!("{}#{fragment}", self.0)
    }
}

/// The JSON-LD document for a published treatment document (as delivery serves it), for the
/// page at `url`.
pub fn treatment_page(treatment: &Value, url: &PageUrl) -> Value {
    let text = |field: &str| treatment[field].as_str().unwrap_or_default().to_owned();
    let locale = text("locale");
    let (preparation, followup) = aftercare_split(&treatment["aftercare"]);
    let mut therapy = node("MedicalTherapy", url.id("treatment"));
    put(&mut therapy, "name", json!(text("name")));
    put(&mut therapy, "alternateName", treatment["also_known_as"].clone());
    put(&mut therapy, "description", json!(text("summary")));
    put(&mut therapy, "howPerformed", json!(plain_text(&text("body"))));
    put(&mut therapy, "preparation", json!(preparation.join("\n")));
    put(&mut therapy, "followup", json!(followup.join("\n")));
    if let Some(kind) = treatment["procedure_type"].as_str() {
        put(&mut therapy, "procedureType", json!(format!("https://schema.org/{kind}")));
    }
    // Who should not have it, whether a strict contraindication or a "not suitable for".
    let contraindications: Vec<Value> = list(&treatment["contraindications"])
        .chain(list(&treatment["not_suitable_for"]))
        .map(|text| json!(plain_text_of(text)))
        .collect();
    put(&mut therapy, "contraindication", json!(contraindications));
    let adverse: Vec<Value> = list(&treatment["side_effects"]).map(adverse_outcome).collect();
    put(&mut therapy, "adverseOutcome", json!(adverse));

    let mut page = node("MedicalWebPage", url.id("page"));
    put(&mut page, "url", json!(url.as_str()));
    let name = treatment["seo"]["meta_title"].as_str().map_or_else(|| text("name"), str::to_owned);
    put(&mut page, "name", json!(name));
    let description = treatment["seo"]["meta_description"]
        .as_str()
        .map_or_else(|| text("summary"), str::to_owned);
    put(&mut page, "description", json!(description));
    put(&mut page, "inLanguage", json!(locale));
    put(&mut page, "mainEntity", Value::Object(therapy));
    put(&mut page, "datePublished", treatment["published_at"].clone());
    if let Some(reviewer) = treatment["review"]["reviewer"].as_str() {
        put(&mut page, "reviewedBy", json!({"@type": "Person", "name": reviewer}));
    }
    if let Some(reviewed_at) = treatment["review"]["reviewed_at"].as_str() {
        put(&mut page, "lastReviewed", json!(reviewed_at.get(..10).unwrap_or(reviewed_at)));
    }
    // When the medical review falls due, the page's content is no longer vouched for.
    if let Some(due) = treatment["review"]["next_review_due"].as_str() {
        put(&mut page, "expires", json!(due.get(..10).unwrap_or(due)));
    }
    let citations: Vec<Value> = list(&treatment["references"])
        .map(|reference| {
            let mut work = Map::new();
            work.insert("@type".into(), json!("CreativeWork"));
            put(&mut work, "name", reference["title"].clone());
            put(&mut work, "url", reference["url"].clone());
            if let Some(year) = reference["year"].as_i64() {
                put(&mut work, "datePublished", json!(year.to_string()));
            }
            Value::Object(work)
        })
        .collect();
    put(&mut page, "citation", json!(citations));
    let mut graph = vec![Value::Object(page)];

    let questions: Vec<Value> = list(&treatment["faqs"])
        .enumerate()
        .map(|(index, faq)| {
            let mut answer = Map::new();
            answer.insert("@type".into(), json!("Answer"));
            put(&mut answer, "text", json!(plain_text_of(&faq["answer"])));
            let mut question = node("Question", url.id(&format!("faq-{}", index + 1)));
            put(&mut question, "name", json!(plain_text_of(&faq["question"])));
            put(&mut question, "acceptedAnswer", Value::Object(answer));
            Value::Object(question)
        })
        .collect();
    if !questions.is_empty() {
        let mut faq_page = node("FAQPage", url.id("faq"));
        put(&mut faq_page, "url", json!(url.as_str()));
        put(&mut faq_page, "inLanguage", json!(locale));
        put(&mut faq_page, "mainEntity", json!(questions));
        graph.push(Value::Object(faq_page));
    }
    graph.extend(conditions_treated(treatment, url));
    json!({"@context": "https://schema.org", "@graph": graph})
}

/// Adds the treatment's hero and gallery images to `page` (made by [`treatment_page`]) as
/// schema.org `ImageObject`s whose `contentUrl` is on `origin`, where this API is reached
/// (`CUTIS_PUBLIC_URL`; the path alone when it is not set).
/// Photos of patients are left out, whatever their role: their consent covers the clinic's
/// pages, not search engines' image indexes.
pub fn with_images(page: &mut Value, treatment: &Value, origin: &str) {
    let images: Vec<(bool, Value)> = list(&treatment["media"])
        .filter(|image| matches!(image["role"].as_str(), Some("hero" | "gallery")))
        .filter(|image| image["kind"] != "patient_photo")
        .map(|image| {
            let mut object = Map::new();
            object.insert("@type".into(), json!("ImageObject"));
            let path = image["url"].as_str().unwrap_or_default();
            put(&mut object, "contentUrl", json!(format!("{origin}{path}")));
            put(&mut object, "caption", image["alt"].clone());
            put(&mut object, "encodingFormat", image["media_type"].clone());
            (image["role"] == "hero", Value::Object(object))
        })
        .collect();
    let Some(node) = page["@graph"].get_mut(0).and_then(Value::as_object_mut) else { return };
    if let Some((_, hero)) = images.iter().find(|(hero, _)| *hero) {
        put(node, "primaryImageOfPage", hero.clone());
    }
    let all: Vec<Value> = images.into_iter().map(|(_, image)| image).collect();
    put(node, "image", json!(all));
}

/// The conditions the treatment treats. schema.org links a therapy to a condition only from
/// the condition's side (`possibleTreatment`; `indication` on a therapy was retired), so each
/// is a node of its own pointing at the therapy.
fn conditions_treated<'a>(
    treatment: &'a Value,
    url: &'a PageUrl,
) -> impl Iterator<Item = Value> + 'a {
    list(&treatment["conditions"]).map(move |condition| {
        let slug = condition["slug"].as_str().unwrap_or_default();
        let mut node = node("MedicalCondition", url.id(&format!("condition-{slug}")));
        put(&mut node, "name", condition["name"].clone());
        node.insert("possibleTreatment".into(), json!({"@id": url.id("treatment")}));
        Value::Object(node)
    })
}

fn node(kind: &str, id: String) -> Map<String, Value> {
    let mut node = Map::new();
    node.insert("@type".into(), json!(kind));
    node.insert("@id".into(), json!(id));
    node
}

/// Sets `field` unless `value` is absent or empty: validators reject `[]` and `""` values.
fn put(target: &mut Map<String, Value>, field: &str, value: Value) {
    let empty = match &value {
        Value::Null => true,
        Value::String(text) => text.trim().is_empty(),
        Value::Array(items) => items.is_empty(),
        Value::Object(fields) => fields.is_empty(),
        Value::Bool(_) | Value::Number(_) => false,
    };
    if !empty {
        target.insert(field.to_owned(), value);
    }
}

fn plain_text_of(value: &Value) -> String {
    plain_text(value.as_str().unwrap_or_default())
}

/// The text of a Markdown document, one line per block, without its markup.
pub(crate) fn plain_text(markdown: &str) -> String {
    let mut out = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(text) | Event::Code(text) => out.push_str(&text),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::CodeBlock,
            ) if !out.ends_with('\n') => out.push('\n'),
            _ => {}
        }
    }
    out.trim().to_owned()
}

fn list(value: &Value) -> impl Iterator<Item = &Value> {
    value.as_array().into_iter().flatten()
}

fn aftercare_split(steps: &Value) -> (Vec<String>, Vec<String>) {
    let mut preparation = Vec::new();
    let mut followup = Vec::new();
    for step in list(steps) {
        let timing = plain_text_of(&step["timing"]);
        let instruction = plain_text_of(&step["instruction"]);
        let line = if timing.is_empty() { instruction } else { format!("{timing}: {instruction}") };
        let lower = timing.to_lowercase();
        if lower.starts_with("before") || lower.starts_with("avant") {
            preparation.push(line);
        } else {
            followup.push(line);
        }
    }
    (preparation, followup)
}

/// A side effect as the `MedicalEntity` schema.org's `adverseOutcome` expects: what it is, and
/// how long it lasts as its description.
fn adverse_outcome(effect: &Value) -> Value {
    let mut entity = Map::new();
    entity.insert("@type".into(), json!("MedicalEntity"));
    put(&mut entity, "name", json!(effect["effect"].as_str().unwrap_or_default()));
    if let Some(duration) = effect["duration"].as_str() {
        put(&mut entity, "description", json!(duration));
    }
    Value::Object(entity)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn microneedling() -> Value {
        json!({
            "slug": "microneedling", "locale": "en", "name": "Microneedling",
            "also_known_as": ["Collagen induction therapy"],
            "summary": "Fine needles prompt the skin to renew itself.",
            "body": "A pen with fine needles makes micro-channels.",
            "aftercare": [
                {"timing": "Before your visit", "instruction": "Stop retinoids three days ahead."},
                {"timing": "First 24 hours", "instruction": "No make-up."}
            ],
            "faqs": [{"question": "Does it hurt?", "answer": "Numbing cream keeps it comfortable."}],
            "conditions": [{"slug": "melasma", "name": "Melasma"}],
            "references": [{"title": "A split-face study", "url": "https://example.org/s", "year": 2019}],
            "review": {
                "reviewer": "Dr. Lea Martin",
                "reviewed_at": "2026-10-14T00:00:00Z",
                "next_review_due": "2027-10-14T00:00:00Z"
            },
            "side_effects": [{"effect": "Redness", "frequency": "very_common", "duration": "A day or two"}],
            "not_suitable_for": ["Pregnancy"],
            "seo": {"meta_title": null, "meta_description": null},
            "published_at": "2026-11-01T10:00:00Z"
        })
    }

    fn page_url() -> PageUrl {
        PageUrl::parse("https://clinic.example/treatments/microneedling").unwrap()
    }

    /// The properties schema.org defines for each type used (own and inherited), from its
    /// definitions of MedicalWebPage, MedicalTherapy, MedicalCondition, FAQPage, Question,
    /// Answer, Person and CreativeWork; only the ones Cutis may emit are listed.
    const ALLOWED: &[(&str, &[&str])] = &[
        (
            "MedicalWebPage",
            &[
                "@id",
                "@type",
                "url",
                "name",
                "description",
                "inLanguage",
                "mainEntity",
                "datePublished",
                "reviewedBy",
                "lastReviewed",
                "expires",
                "citation",
                "image",
                "primaryImageOfPage",
            ],
        ),
        ("ImageObject", &["@type", "contentUrl", "caption", "encodingFormat"]),
        (
            "MedicalTherapy",
            &[
                "@id",
                "@type",
                "name",
                "alternateName",
                "description",
                "howPerformed",
                "preparation",
                "followup",
                "procedureType",
                "contraindication",
                "adverseOutcome",
            ],
        ),
        ("MedicalEntity", &["@type", "name", "description"]),
        ("MedicalCondition", &["@id", "@type", "name", "possibleTreatment"]),
        ("CreativeWork", &["@type", "name", "url", "datePublished"]),
        ("Person", &["@type", "name"]),
        ("FAQPage", &["@id", "@type", "url", "inLanguage", "mainEntity"]),
        ("Question", &["@id", "@type", "name", "acceptedAnswer"]),
        ("Answer", &["@type", "text"]),
    ];

    /// Every property of every node (walked recursively) is one its type defines.
    fn assert_schema_valid(value: &Value) {
        match value {
            Value::Object(fields) => {
                if let Some(kind) = fields.get("@type").and_then(Value::as_str) {
                    let allowed = ALLOWED.iter().find(|(name, _)| *name == kind);
                    let (_, allowed) = allowed.unwrap_or_else(|| panic!("unknown type {kind}"));
                    for field in fields.keys() {
                        assert!(allowed.contains(&field.as_str()), "{kind} has no {field}");
                    }
                }
                fields.values().for_each(assert_schema_valid);
            }
            Value::Array(items) => items.iter().for_each(assert_schema_valid),
            _ => {}
        }
    }

    #[test]
    fn every_property_is_one_schema_org_defines_for_its_type() {
        let mut treatment = microneedling();
        treatment["contraindications"] = json!(["Active acne"]);
        treatment["procedure_type"] = json!("NoninvasiveProcedure");

        treatment["media"] = json!([
            {"role": "hero", "url": "/v1/media/a/1", "alt": "A pen", "media_type": "image/jpeg"},
            {"role": "before", "url": "/v1/media/b/2", "alt": "A cheek", "media_type": "image/jpeg"},
            {"role": "gallery", "url": "/v1/media/c/3", "alt": "A room", "media_type": "image/png"},
            {"role": "gallery", "kind": "patient_photo", "url": "/v1/media/d/4", "alt": "A face", "media_type": "image/png"}
        ]);

        let mut document = treatment_page(&treatment, &page_url());
        with_images(&mut document, &treatment, "https://api.example");

        assert_schema_valid(&document["@graph"]);
        let page = &document["@graph"][0];
        assert_eq!(page["primaryImageOfPage"]["contentUrl"], "https://api.example/v1/media/a/1");
        let images: Vec<&str> = page["image"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|i| i["contentUrl"].as_str())
            .collect();
        assert_eq!(
            images,
            ["https://api.example/v1/media/a/1", "https://api.example/v1/media/c/3"]
        );
    }

    #[test]
    fn side_effects_are_adverse_outcomes_and_unsuitability_a_contraindication() {
        let mut treatment = microneedling();
        treatment["contraindications"] = json!(["Active acne"]);

        let document = treatment_page(&treatment, &page_url());
        let page = &document["@graph"][0];
        let therapy = &page["mainEntity"];

        assert_eq!(therapy["contraindication"], json!(["Active acne", "Pregnancy"]));
        assert_eq!(
            therapy["adverseOutcome"],
            json!([{"@type": "MedicalEntity", "name": "Redness", "description": "A day or two"}])
        );
        assert_eq!(page["lastReviewed"], "2026-10-14");
        assert_eq!(page["expires"], "2027-10-14");
    }

    #[test]
    fn every_node_has_an_absolute_id_under_the_page_url() {
        let document = treatment_page(&microneedling(), &page_url());
        let base = "https://clinic.example/treatments/microneedling";

        assert_eq!(document["@graph"][0]["@id"], format!("{base}#page"));
        assert_eq!(document["@graph"][0]["url"], base);
        assert_eq!(document["@graph"][0]["mainEntity"]["@id"], format!("{base}#treatment"));
        assert_eq!(document["@graph"][1]["@id"], format!("{base}#faq"));
        assert_eq!(document["@graph"][1]["mainEntity"][0]["@id"], format!("{base}#faq-1"));
    }

    #[test]
    fn markdown_becomes_plain_text_and_empty_values_are_left_out() {
        let mut treatment = microneedling();
        treatment["body"] = json!("## How\n\nA **pen** with [fine needles](https://x.example).");
        treatment["faqs"][0]["answer"] = json!("*Numbing* cream.");
        treatment["also_known_as"] = json!([]);
        treatment["references"] = json!([]);

        let document = treatment_page(&treatment, &page_url());
        let therapy = &document["@graph"][0]["mainEntity"];

        assert_eq!(therapy["howPerformed"], "How\nA pen with fine needles.");
        assert_eq!(
            document["@graph"][1]["mainEntity"][0]["acceptedAnswer"]["text"],
            "Numbing cream."
        );
        assert!(therapy.get("alternateName").is_none());
        assert!(document["@graph"][0].get("citation").is_none());
    }

    #[test]
    fn a_page_url_must_be_absolute_http_without_a_fragment() {
        for bad in [
            "/treatments/x",
            "ftp://clinic.example/x",
            "javascript:alert(1)",
            "https://c.example/x#y",
        ] {
            assert!(PageUrl::parse(bad).is_err(), "{bad}");
        }
        assert!(PageUrl::parse("http://clinic.example/x").is_ok());
    }

    #[test]
    fn the_page_is_a_medical_web_page_about_a_therapy_reviewed_by_its_reviewer() {
        let document = treatment_page(&microneedling(), &page_url());
        let page = &document["@graph"][0];

        assert_eq!(document["@context"], "https://schema.org");
        assert_eq!(page["@type"], "MedicalWebPage");
        assert_eq!(page["mainEntity"]["@type"], "MedicalTherapy");
        assert_eq!(page["mainEntity"]["alternateName"][0], "Collagen induction therapy");
        assert_eq!(page["reviewedBy"]["name"], "Dr. Lea Martin");
        assert_eq!(page["lastReviewed"], "2026-10-14");
        assert_eq!(
            page["mainEntity"]["preparation"],
            "Before your visit: Stop retinoids three days ahead."
        );
        assert_eq!(page["mainEntity"]["followup"], "First 24 hours: No make-up.");
    }

    #[test]
    fn each_condition_treated_is_a_node_naming_the_therapy_as_its_possible_treatment() {
        let document = treatment_page(&microneedling(), &page_url());
        let base = "https://clinic.example/treatments/microneedling";

        let condition = &document["@graph"][2];
        assert_eq!(condition["@type"], "MedicalCondition");
        assert_eq!(condition["@id"], format!("{base}#condition-melasma"));
        assert_eq!(condition["name"], "Melasma");
        assert_eq!(condition["possibleTreatment"], json!({"@id": format!("{base}#treatment")}));
        assert!(document["@graph"][0]["mainEntity"].get("indication").is_none());
    }

    #[test]
    fn the_faqs_become_a_faq_page_of_questions_with_accepted_answers() {
        let document = treatment_page(&microneedling(), &page_url());
        let faq_page = &document["@graph"][1];

        assert_eq!(faq_page["@type"], "FAQPage");
        assert_eq!(faq_page["mainEntity"][0]["@type"], "Question");
        assert_eq!(
            faq_page["mainEntity"][0]["acceptedAnswer"]["text"],
            "Numbing cream keeps it comfortable."
        );
    }
}
