//! Every field of a treatment, as the editor shows it: the keys are those of the admin API's
//! treatment body, so the form's JSON is that body and the service's errors name its inputs.

use crate::web::form::{Field, Kind, field, text};
use crate::web::sections::Sections;

const FREQUENCIES: &[(&str, &str)] = &[
    ("very_common", "Very common (more than 1 in 10)"),
    ("common", "Common (up to 1 in 10)"),
    ("uncommon", "Uncommon (up to 1 in 100)"),
    ("rare", "Rare (up to 1 in 1,000)"),
    ("very_rare", "Very rare (up to 1 in 10,000)"),
];

const SIDE_EFFECT: &[Field] = &[
    text("effect", "Effect", Kind::Text, ""),
    field("frequency", "How common", Kind::Choice(FREQUENCIES)),
    text("duration", "How long it lasts", Kind::Text, ""),
];

const AFTERCARE: &[Field] = &[
    text("timing", "When", Kind::Text, "For example: the first 24 hours"),
    text("instruction", "What to do", Kind::Area, ""),
];

const FAQ: &[Field] =
    &[text("question", "Question", Kind::Text, ""), text("answer", "Answer", Kind::Markdown, "")];

const CONDITION: &[Field] = &[
    field("condition", "Condition", Kind::Slug("condition-slugs")),
    field("sessions", "Sessions for this condition", Kind::Range),
    text("notes", "Notes", Kind::Area, ""),
];

const COMPLEMENTARY: &[Field] = &[
    field("treatment", "Treatment", Kind::Slug("treatment-slugs")),
    field("min_spacing_weeks", "Weeks apart at least", Kind::Number),
    text("note", "Note", Kind::Area, ""),
];

const REFERENCE: &[Field] = &[
    field("title", "Title", Kind::Text),
    field("url", "Address", Kind::Url),
    field("year", "Year", Kind::Number),
];

const SEO: &[Field] = &[
    text("meta_title", "Page title", Kind::Text, "What search results show; up to 70 characters"),
    text("meta_description", "Description", Kind::Area, "Up to 160 characters"),
];

/// The editor's sections, in order, each with its fields.
pub const SECTIONS: Sections = Sections(&[
    (
        "About",
        &[
            field("slug", "Slug", Kind::Text),
            text("name", "Name", Kind::Text, ""),
            text("also_known_as", "Also known as", Kind::Lines, "One name per line"),
            text("summary", "Summary", Kind::Area, "One or two sentences for lists and cards"),
            text("body", "Description", Kind::Markdown, "Markdown"),
        ],
    ),
    (
        "Plan",
        &[
            field("procedure_minutes", "Minutes per session", Kind::Range),
            field("sessions", "Sessions", Kind::Range),
            field("session_interval_weeks", "Weeks between sessions", Kind::Range),
            field("downtime_days", "Days of downtime", Kind::Range),
            text("downtime_notes", "Downtime notes", Kind::Area, ""),
            text("results_timeline", "When results show", Kind::Area, ""),
        ],
    ),
    (
        "Safety",
        &[
            text("contraindications", "Contraindications", Kind::Lines, "One per line"),
            text("side_effects", "Side effects", Kind::Items(SIDE_EFFECT), ""),
            text("suitable_for", "Suitable for", Kind::Lines, "One per line"),
            text("not_suitable_for", "Not suitable for", Kind::Lines, "One per line"),
        ],
    ),
    (
        "Aftercare and questions",
        &[
            text("aftercare", "Aftercare steps", Kind::Items(AFTERCARE), ""),
            text("faqs", "FAQs", Kind::Items(FAQ), ""),
        ],
    ),
    (
        "Links",
        &[
            Field {
                name: "conditions",
                label: "Conditions",
                kind: Kind::Items(CONDITION),
                hint: "In the order sites list them",
                localized: false,
            },
            field("complementary", "Complementary treatments", Kind::Items(COMPLEMENTARY)),
            field("references", "References", Kind::Items(REFERENCE)),
        ],
    ),
    ("Search engines", &[text("seo", "Search engines", Kind::Group(SEO), "")]),
]);
