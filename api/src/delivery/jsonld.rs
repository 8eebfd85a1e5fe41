//! schema.org structured data for a published treatment: a `MedicalWebPage` whose main entity
//! is a `MedicalProcedure`, and a `FAQPage` of its FAQs, in one `@graph`.
//!
//! Aftercare steps whose timing starts with "before" (or "avant") describe preparation; the
//! others are the follow-up. The medical review becomes `reviewedBy` and `lastReviewed`.

use serde_json::{Value, json};

/// The JSON-LD document for a published treatment document (as delivery serves it).
pub fn treatment_page(treatment: &Value) -> Value {
    let text = |field: &str| treatment[field].as_str().unwrap_or_default().to_owned();
    let locale = text("locale");
    let (preparation, followup) = aftercare_split(&treatment["aftercare"]);
    let mut procedure = json!({
        "@type": "MedicalProcedure",
        "@id": format!("#procedure-{}", text("slug")),
        "name": text("name"),
        "alternateName": treatment["also_known_as"],
        "description": text("summary"),
        "howPerformed": text("body"),
    });
    insert_text(&mut procedure, "preparation", preparation);
    insert_text(&mut procedure, "followup", followup);
    if let Some(kind) = treatment["procedure_type"].as_str() {
        procedure["procedureType"] = json!(format!("https://schema.org/{kind}"));
    }
    let conditions: Vec<Value> = list(&treatment["conditions"])
        .map(|condition| json!({"@type": "MedicalCondition", "name": condition["name"]}))
        .collect();
    if !conditions.is_empty() {
        procedure["indication"] = json!(conditions);
    }
    let mut page = json!({
        "@type": "MedicalWebPage",
        "name": treatment["seo"]["meta_title"].as_str().map_or_else(|| text("name"), str::to_owned),
        "description": treatment["seo"]["meta_description"]
            .as_str()
            .map_or_else(|| text("summary"), str::to_owned),
        "inLanguage": locale,
        "mainEntity": procedure,
    });
    if let Some(published) = treatment["published_at"].as_str() {
        page["datePublished"] = json!(published);
    }
    if let Some(reviewer) = treatment["review"]["reviewer"].as_str() {
        page["reviewedBy"] = json!({"@type": "Person", "name": reviewer});
    }
    if let Some(reviewed_at) = treatment["review"]["reviewed_at"].as_str() {
        page["lastReviewed"] = json!(reviewed_at.get(..10).unwrap_or(reviewed_at));
    }
    let citations: Vec<Value> = list(&treatment["references"])
        .map(|reference| {
            let mut work = json!({"@type": "CreativeWork", "name": reference["title"], "url": reference["url"]});
            if let Some(year) = reference["year"].as_i64() {
                work["datePublished"] = json!(year.to_string());
            }
            work
        })
        .collect();
    if !citations.is_empty() {
        page["citation"] = json!(citations);
    }
    let mut graph = vec![page];
    let questions: Vec<Value> = list(&treatment["faqs"])
        .map(|faq| {
            json!({
                "@type": "Question",
                "name": faq["question"],
                "acceptedAnswer": {"@type": "Answer", "text": faq["answer"]},
            })
        })
        .collect();
    if !questions.is_empty() {
        graph.push(json!({"@type": "FAQPage", "inLanguage": locale, "mainEntity": questions}));
    }
    json!({"@context": "https://schema.org", "@graph": graph})
}

fn list(value: &Value) -> impl Iterator<Item = &Value> {
    value.as_array().into_iter().flatten()
}

fn aftercare_split(steps: &Value) -> (Vec<String>, Vec<String>) {
    let mut preparation = Vec::new();
    let mut followup = Vec::new();
    for step in list(steps) {
        let timing = step["timing"].as_str().unwrap_or_default();
        let instruction = step["instruction"].as_str().unwrap_or_default();
        let line = if timing.is_empty() {
            instruction.to_owned()
        } else {
            format!("{timing}: {instruction}")
        };
        let lower = timing.to_lowercase();
        if lower.starts_with("before") || lower.starts_with("avant") {
            preparation.push(line);
        } else {
            followup.push(line);
        }
    }
    (preparation, followup)
}

fn insert_text(target: &mut Value, field: &str, lines: Vec<String>) {
    if !lines.is_empty() {
        target[field] = json!(lines.join("\n"));
    }
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
            "review": {"reviewer": "Dr. Lea Martin", "reviewed_at": "2026-10-14T00:00:00Z"},
            "seo": {"meta_title": null, "meta_description": null},
            "published_at": "2026-11-01T10:00:00Z"
        })
    }

    #[test]
    fn the_page_is_a_medical_web_page_about_a_procedure_reviewed_by_its_reviewer() {
        let document = treatment_page(&microneedling());
        let page = &document["@graph"][0];

        assert_eq!(document["@context"], "https://schema.org");
        assert_eq!(page["@type"], "MedicalWebPage");
        assert_eq!(page["mainEntity"]["@type"], "MedicalProcedure");
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
    fn the_faqs_become_a_faq_page_of_questions_with_accepted_answers() {
        let document = treatment_page(&microneedling());
        let faq_page = &document["@graph"][1];

        assert_eq!(faq_page["@type"], "FAQPage");
        assert_eq!(faq_page["mainEntity"][0]["@type"], "Question");
        assert_eq!(
            faq_page["mainEntity"][0]["acceptedAnswer"]["text"],
            "Numbing cream keeps it comfortable."
        );
    }
}
