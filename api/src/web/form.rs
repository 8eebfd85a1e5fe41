//! Forms over JSON: a [`Field`] list describes an entry's body once, and this module turns it
//! three ways — an entry as the admin API answers it into form values, posted form values into
//! the JSON body the service parses, and values with their errors into HTML.
//!
//! Inputs are named by the same paths the service's validation errors use (`sessions.min`,
//! `faqs[2].question`, `seo.meta_title`), so every error lands next to its field.

use std::collections::BTreeMap;

use maud::{Markup, html};
use serde_json::{Map, Value};

use crate::error::FieldError;

/// What a form field holds, and the input it is edited in.
pub enum Kind {
    /// One line of text.
    Text,
    /// One line naming an entry by slug, offered the slugs of the datalist with this id.
    Slug(&'static str),
    Url,
    /// Markdown in a textarea, with a preview.
    Markdown,
    /// Plain text in a small textarea.
    Area,
    /// A list of short texts, one per line.
    Lines,
    /// A whole number.
    Number,
    /// `{min, max}`, both ends or neither.
    Range,
    /// One of these `(value, label)`s, or none.
    Choice(&'static [(&'static str, &'static str)]),
    /// An ordered list of objects with these fields.
    Items(&'static [Field]),
    /// An object with these fields.
    Group(&'static [Field]),
    /// An object with all of these fields given, or none of them.
    Maybe(&'static [Field]),
    /// Yes or no: a checkbox.
    Flag,
}

pub struct Field {
    /// The key in the JSON body, and the last part of the input's name.
    pub name: &'static str,
    pub label: &'static str,
    pub kind: Kind,
    /// A line of help under the label; empty for none.
    pub hint: &'static str,
    /// Whether it is text of one locale (shown beside the default locale's when translating).
    pub localized: bool,
}

/// A field of one value for every locale.
pub const fn field(name: &'static str, label: &'static str, kind: Kind) -> Field {
    Field { name, label, kind, hint: "", localized: false }
}

/// A field of text in one locale, with a line of help (empty for none).
pub const fn text(
    name: &'static str,
    label: &'static str,
    kind: Kind,
    hint: &'static str,
) -> Field {
    Field { name, label, kind, hint, localized: true }
}

/// Form values by input name: what the page shows and what it posts.
pub type Values = BTreeMap<String, String>;

/// Error messages by field path.
pub type Errors = BTreeMap<String, Vec<String>>;

/// Errors by path, for rendering.
pub fn errors_by_path(errors: &[FieldError]) -> Errors {
    let mut by_path = Errors::new();
    for error in errors {
        by_path.entry(error.field.clone()).or_default().push(error.message.clone());
    }
    by_path
}

/// Every error of a form at the top, each linking to the input `anchor` says its path is at.
pub fn error_summary(errors: &[FieldError], anchor: impl Fn(&str) -> String) -> Markup {
    html! {
        div.error-summary role="alert" tabindex="-1" {
            h2 { (errors.len()) " problem" @if errors.len() != 1 { "s" } " to fix before saving" }
            ul {
                @for error in errors {
                    li { a href=(format!("#{}", id_of(&anchor(&error.field)))) { (error.field) ": " (error.message) } }
                }
            }
        }
    }
}

/// The form values of `value`, a JSON object the admin API answered.
pub fn values_of(fields: &[Field], value: &Value) -> Values {
    let mut values = Values::new();
    fill(&mut values, fields, value, "");
    values
}

fn fill(values: &mut Values, fields: &[Field], value: &Value, prefix: &str) {
    for field in fields {
        let path = format!("{prefix}{}", field.name);
        let here = &value[field.name];
        match &field.kind {
            Kind::Range => {
                for end in ["min", "max"] {
                    values.insert(format!("{path}.{end}"), scalar(&here[end]));
                }
            }
            Kind::Lines => {
                let lines: Vec<String> =
                    here.as_array().into_iter().flatten().map(scalar).collect();
                values.insert(path, lines.join("\n"));
            }
            Kind::Items(inner) => {
                for (index, item) in here.as_array().into_iter().flatten().enumerate() {
                    fill(values, inner, item, &format!("{path}[{index}]."));
                }
            }
            Kind::Group(inner) | Kind::Maybe(inner) => {
                fill(values, inner, here, &format!("{path}."));
            }
            _ => {
                values.insert(path, scalar(here));
            }
        }
    }
}

fn scalar(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The values of a posted form, each name's first value, line ends as `\n`.
pub fn collect(posted: &[(String, String)]) -> Values {
    let mut values = Values::new();
    for (name, value) in posted {
        values.entry(name.clone()).or_insert_with(|| value.replace("\r\n", "\n"));
    }
    values
}

/// Puts the rows of each list of `fields` in the order their `_order` fields give, drops
/// rows marked `_remove` and blank rows, and numbers the rest from 0 again.
pub fn order_rows(values: &mut Values, fields: &[Field]) {
    for field in fields {
        if let Kind::Items(inner) = &field.kind {
            renumber(values, field.name, inner);
        }
    }
}

fn renumber(values: &mut Values, list: &str, inner: &[Field]) {
    let head = format!("{list}[");
    let mut rows: BTreeMap<usize, Values> = BTreeMap::new();
    let names: Vec<String> = values.range(head.clone()..).map(|(name, _)| name.clone()).collect();
    for name in names.into_iter().take_while(|name| name.starts_with(&head)) {
        let Some((index, rest)) = name[head.len()..].split_once("].") else { continue };
        let Ok(index) = index.parse::<usize>() else { continue };
        let value = values.remove(&name).unwrap_or_default();
        rows.entry(index).or_default().insert(rest.to_owned(), value);
    }
    let mut kept: Vec<(f64, usize, Values)> = rows
        .into_iter()
        .filter(|(_, row)| !row.contains_key("_remove") && !is_blank(row, inner))
        .map(|(index, row)| {
            let order = row.get("_order").and_then(|o| o.trim().parse().ok());
            (order.unwrap_or(index as f64), index, row)
        })
        .collect();
    kept.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    for (position, (_, _, row)) in kept.into_iter().enumerate() {
        for (rest, value) in row.into_iter().filter(|(rest, _)| !rest.starts_with('_')) {
            values.insert(format!("{list}[{position}].{rest}"), value);
        }
    }
}

fn is_blank(row: &Values, inner: &[Field]) -> bool {
    let mut names = Values::new();
    fill_names(&mut names, inner, "");
    names.keys().all(|name| row.get(name).is_none_or(|value| value.trim().is_empty()))
}

/// Every input name `fields` has at one level (ranges as their two ends).
fn fill_names(names: &mut Values, fields: &[Field], prefix: &str) {
    for field in fields {
        let path = format!("{prefix}{}", field.name);
        match &field.kind {
            Kind::Range => {
                names.insert(format!("{path}.min"), String::new());
                names.insert(format!("{path}.max"), String::new());
            }
            Kind::Group(inner) | Kind::Maybe(inner) => {
                fill_names(names, inner, &format!("{path}."));
            }
            _ => {
                names.insert(path, String::new());
            }
        }
    }
}

/// The JSON body of `values`, and what in them is not even a value of its kind (a number
/// that is not one, a range with one end). Blank text is `null`: it clears the field.
pub fn body_of(fields: &[Field], values: &Values) -> (Map<String, Value>, Vec<FieldError>) {
    let mut errors = Vec::new();
    let body = object(fields, values, ("", false), &mut errors);
    (body, errors)
}

/// The object of `fields` under `prefix`. In a list's row, blank text is `""`, not `null`:
/// a row's texts are required, and the service says so at the field.
fn object(
    fields: &[Field],
    values: &Values,
    (prefix, in_row): (&str, bool),
    errors: &mut Vec<FieldError>,
) -> Map<String, Value> {
    let mut body = Map::new();
    for field in fields {
        let path = format!("{prefix}{}", field.name);
        body.insert(field.name.to_owned(), value(field, values, (&path, in_row), errors));
    }
    body
}

fn value(
    field: &Field,
    values: &Values,
    (path, in_row): (&str, bool),
    errors: &mut Vec<FieldError>,
) -> Value {
    let raw = values.get(path).map(|value| value.trim()).unwrap_or_default();
    let blank = if in_row { Value::String(String::new()) } else { Value::Null };
    match &field.kind {
        Kind::Number => number(raw, path, errors).map_or(Value::Null, Value::from),
        Kind::Range => range(values, path, errors),
        Kind::Lines => {
            let lines = raw.lines().map(str::trim).filter(|line| !line.is_empty());
            Value::Array(lines.map(|line| Value::String(line.to_owned())).collect())
        }
        Kind::Items(inner) => {
            let count = rows(values, path);
            let items = (0..count).map(|index| {
                Value::Object(object(inner, values, (&format!("{path}[{index}]."), true), errors))
            });
            Value::Array(items.collect())
        }
        Kind::Group(inner) => {
            Value::Object(object(inner, values, (&format!("{path}."), false), errors))
        }
        Kind::Maybe(inner) => maybe(inner, values, path, errors),
        Kind::Flag => Value::Bool(raw == "true"),
        // Markdown keeps its own spacing; the service trims what it stores.
        Kind::Markdown | Kind::Area => match values.get(path) {
            Some(text) if !text.trim().is_empty() => Value::String(text.clone()),
            _ => blank,
        },
        Kind::Choice(_) if raw.is_empty() => Value::Null,
        _ if raw.is_empty() => blank,
        _ => Value::String(raw.to_owned()),
    }
}

fn number(raw: &str, path: &str, errors: &mut Vec<FieldError>) -> Option<i64> {
    if raw.is_empty() {
        return None;
    }
    let parsed = raw.parse::<i64>().ok().filter(|n| i32::try_from(*n).is_ok());
    if parsed.is_none() {
        errors.push(FieldError::new(path, "must be a whole number"));
    }
    parsed
}

fn range(values: &Values, path: &str, errors: &mut Vec<FieldError>) -> Value {
    let end = |end: &str| values.get(&format!("{path}.{end}")).map(|v| v.trim()).unwrap_or("");
    let (min, max) = (end("min"), end("max"));
    match (min.is_empty(), max.is_empty()) {
        (true, true) => Value::Null,
        (false, false) => {
            let min = number(min, &format!("{path}.min"), errors);
            let max = number(max, &format!("{path}.max"), errors);
            match (min, max) {
                (Some(min), Some(max)) => serde_json::json!({ "min": min, "max": max }),
                _ => Value::Null,
            }
        }
        (min_blank, _) => {
            let missing = if min_blank { "min" } else { "max" };
            let message = "give both ends of the range, or neither";
            errors.push(FieldError::new(format!("{path}.{missing}"), message));
            Value::Null
        }
    }
}

/// The object of `inner` under `path` when every field is given, `null` when none is, and
/// an error at each blank one when only some are.
fn maybe(inner: &[Field], values: &Values, path: &str, errors: &mut Vec<FieldError>) -> Value {
    let object = object(inner, values, (&format!("{path}."), false), errors);
    let blank: Vec<&String> =
        object.iter().filter(|(_, value)| value.is_null()).map(|(name, _)| name).collect();
    if blank.len() == object.len() {
        return Value::Null;
    }
    for name in &blank {
        errors.push(FieldError::new(format!("{path}.{name}"), "give every part, or none"));
    }
    if blank.is_empty() { Value::Object(object) } else { Value::Null }
}

/// How many rows list `path` has in `values`.
fn rows(values: &Values, path: &str) -> usize {
    let head = format!("{path}[");
    values
        .range(head.clone()..)
        .take_while(|(name, _)| name.starts_with(&head))
        .filter_map(|(name, _)| name[head.len()..].split_once(']')?.0.parse::<usize>().ok())
        .max()
        .map_or(0, |last| last + 1)
}

/// Removes the values of every localized field of `fields` (under `prefix`), in every row.
pub fn blank_localized(fields: &[Field], values: &mut Values, prefix: &str) {
    for field in fields {
        let path = format!("{prefix}{}", field.name);
        if field.localized {
            values.retain(|name, _| {
                !(name == &path
                    || name.starts_with(&format!("{path}."))
                    || name.starts_with(&format!("{path}[")))
            });
            continue;
        }
        match &field.kind {
            Kind::Items(inner) => {
                for index in 0..rows(values, &path) {
                    blank_localized(inner, values, &format!("{path}[{index}]."));
                }
            }
            Kind::Group(inner) | Kind::Maybe(inner) => {
                blank_localized(inner, values, &format!("{path}."));
            }
            _ => {}
        }
    }
}

/// How a form renders: its values, their errors, and, when translating, the default locale's
/// values to show beside each localized field.
pub struct Shown<'a> {
    pub values: &'a Values,
    pub errors: &'a Errors,
    /// `(locale name, values)` of the default locale.
    pub reference: Option<(&'a str, &'a Values)>,
    /// Whether inputs can be changed (viewers see the same form read-only).
    pub editable: bool,
}

/// The inputs of `fields`.
pub fn inputs(fields: &[Field], shown: &Shown) -> Markup {
    html! { @for field in fields { (input(field, shown, "")) } }
}

fn input(field: &Field, shown: &Shown, prefix: &str) -> Markup {
    let path = format!("{prefix}{}", field.name);
    match &field.kind {
        Kind::Items(inner) => items(field, inner, shown, &path),
        Kind::Group(inner) | Kind::Maybe(inner) => html! {
            fieldset.group {
                legend { (field.label) }
                (hint(field, &path))
                @for sub in inner.iter() { (input(sub, shown, &format!("{path}."))) }
            }
        },
        Kind::Range => range_input(field, shown, &path),
        _ => single(field, shown, &path),
    }
}

/// The id of the element for `path`: `faqs[2].question` → `f-faqs-2-question`.
pub fn id_of(path: &str) -> String {
    let mut id = String::from("f-");
    for c in path.chars() {
        id.push(if c.is_ascii_alphanumeric() || c == '_' { c } else { '-' });
    }
    id.replace("--", "-").trim_end_matches('-').to_owned()
}

fn hint(field: &Field, path: &str) -> Markup {
    html! { @if !field.hint.is_empty() { p.hint id=(format!("{}-hint", id_of(path))) { (field.hint) } } }
}

/// The error messages of `paths`, in one element whose id inputs point at.
fn problems(shown: &Shown, paths: &[&str], id: &str) -> Markup {
    let messages: Vec<&String> =
        paths.iter().filter_map(|path| shown.errors.get(*path)).flatten().collect();
    html! {
        @if !messages.is_empty() {
            p.field-error id=(id) { @for message in messages { span { (message) } " " } }
        }
    }
}

fn described_by(field: &Field, path: &str, has_error: bool) -> Option<String> {
    let id = id_of(path);
    let mut ids = Vec::new();
    if !field.hint.is_empty() {
        ids.push(format!("{id}-hint"));
    }
    if has_error {
        ids.push(format!("{id}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

fn single(field: &Field, shown: &Shown, path: &str) -> Markup {
    let id = id_of(path);
    let value = shown.values.get(path).map(String::as_str).unwrap_or_default();
    let has_error = shown.errors.contains_key(path);
    let described = described_by(field, path, has_error);
    let readonly = !shown.editable;
    html! {
        div.field.invalid[has_error] {
            label for=(id) { (field.label) }
            (hint(field, path))
            (problems(shown, &[path], &format!("{id}-error")))
            @match &field.kind {
                Kind::Markdown => {
                    textarea #(id) name=(path) rows="12" data-markdown aria-describedby=[described]
                        aria-invalid=[has_error.then_some("true")] readonly[readonly] { (value) }
                }
                Kind::Area | Kind::Lines => {
                    textarea #(id) name=(path) rows="3" aria-describedby=[described]
                        aria-invalid=[has_error.then_some("true")] readonly[readonly] { (value) }
                }
                Kind::Flag => {
                    input #(id) name=(path) type="checkbox" value="true" checked[value == "true"]
                        aria-describedby=[described] disabled[readonly];
                }
                Kind::Choice(choices) => {
                    select #(id) name=(path) aria-describedby=[described] disabled[readonly]
                        aria-invalid=[has_error.then_some("true")] {
                        option value="" selected[value.is_empty()] { "—" }
                        @for (choice, label) in choices.iter() {
                            option value=(choice) selected[value == *choice] { (label) }
                        }
                    }
                }
                _ => {
                    input #(id) name=(path) value=(value) type=(input_type(&field.kind))
                        list=[slug_list(&field.kind)] aria-describedby=[described]
                        aria-invalid=[has_error.then_some("true")] readonly[readonly];
                }
            }
            (reference(field, shown, path))
        }
    }
}

fn input_type(kind: &Kind) -> &'static str {
    match kind {
        Kind::Number => "number",
        Kind::Url => "url",
        _ => "text",
    }
}

fn slug_list(kind: &Kind) -> Option<&'static str> {
    match kind {
        Kind::Slug(list) => Some(list),
        _ => None,
    }
}

/// The default locale's text of a localized field, when translating.
fn reference(field: &Field, shown: &Shown, path: &str) -> Markup {
    let Some((locale, values)) = shown.reference.filter(|_| field.localized) else {
        return html! {};
    };
    let text = values.get(path).map(String::as_str).unwrap_or_default();
    html! {
        div.reference {
            span.reference-label { "In " (locale) ": " }
            @if text.is_empty() { em { "empty" } } @else { span.reference-text { (text) } }
        }
    }
}

fn range_input(field: &Field, shown: &Shown, path: &str) -> Markup {
    let id = id_of(path);
    let ends = [format!("{path}.min"), format!("{path}.max")];
    let paths = [path, ends[0].as_str(), ends[1].as_str()];
    let has_error = paths.iter().any(|path| shown.errors.contains_key(*path));
    html! {
        fieldset.range.invalid[has_error] {
            legend { (field.label) }
            (hint(field, path))
            (problems(shown, &paths, &format!("{id}-error")))
            @for (end, label) in ends.iter().zip(["From", "to"]) {
                label for=(id_of(end)) { (label) }
                input #(id_of(end)) name=(end) type="number" inputmode="numeric"
                    value=(shown.values.get(end).map(String::as_str).unwrap_or_default())
                    aria-describedby=[has_error.then(|| format!("{id}-error"))]
                    aria-invalid=[shown.errors.contains_key(end).then_some("true")]
                    readonly[!shown.editable];
            }
        }
    }
}

fn items(field: &Field, inner: &[Field], shown: &Shown, path: &str) -> Markup {
    let count = rows(shown.values, path);
    let extra = usize::from(shown.editable);
    html! {
        fieldset.items data-items id=(id_of(path)) {
            legend { (field.label) }
            (hint(field, path))
            (problems(shown, &[path], &format!("{}-error", id_of(path))))
            ol {
                @for index in 0..count + extra {
                    (row(field, inner, shown, path, index, index == count))
                }
            }
        }
    }
}

fn row(
    field: &Field,
    inner: &[Field],
    shown: &Shown,
    path: &str,
    index: usize,
    blank: bool,
) -> Markup {
    let prefix = format!("{path}[{index}].");
    let order = format!("{prefix}_order");
    let remove = format!("{prefix}_remove");
    let title = if blank {
        format!("New {}", singular(field.label))
    } else {
        format!("{} {}", singular(field.label), index + 1)
    };
    html! {
        li.row data-row {
            fieldset {
                legend { (title) }
                @for sub in inner { (input(sub, shown, &prefix)) }
                @if shown.editable {
                    div.row-tools {
                        label for=(id_of(&order)) { "Position" }
                        input.position #(id_of(&order)) name=(order) type="number" value=(index + 1) data-position;
                        @if !blank {
                            input #(id_of(&remove)) name=(remove) type="checkbox" value="1";
                            label for=(id_of(&remove)) { "Remove" }
                        }
                    }
                }
            }
        }
    }
}

/// "FAQs" → "FAQ", "Aftercare steps" → "Aftercare step": a row's name.
fn singular(label: &str) -> &str {
    label.strip_suffix('s').unwrap_or(label)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAQ: &[Field] = &[
        Field { name: "question", label: "Question", kind: Kind::Text, hint: "", localized: true },
        Field { name: "answer", label: "Answer", kind: Kind::Markdown, hint: "", localized: true },
    ];
    const FIELDS: &[Field] = &[
        Field { name: "name", label: "Name", kind: Kind::Text, hint: "", localized: true },
        Field {
            name: "sessions",
            label: "Sessions",
            kind: Kind::Range,
            hint: "",
            localized: false,
        },
        Field {
            name: "also_known_as",
            label: "Also known as",
            kind: Kind::Lines,
            hint: "",
            localized: true,
        },
        Field { name: "faqs", label: "FAQs", kind: Kind::Items(FAQ), hint: "", localized: true },
    ];

    const PRICE: &[Field] =
        &[field("amount", "Amount", Kind::Number), field("currency", "Currency", Kind::Text)];
    const OFFER: &[Field] =
        &[field("active", "Active", Kind::Flag), field("price", "Price", Kind::Maybe(PRICE))];

    #[test]
    fn an_optional_group_is_all_or_nothing_and_an_unticked_box_is_false() {
        let (body, errors) = body_of(OFFER, &posted_values(OFFER, &posted(&[])));
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(Value::Object(body), serde_json::json!({"active": false, "price": null}));
        let whole =
            posted(&[("active", "true"), ("price.amount", "100"), ("price.currency", "CAD")]);
        let (body, _) = body_of(OFFER, &posted_values(OFFER, &whole));
        assert_eq!(body["price"], serde_json::json!({"amount": 100, "currency": "CAD"}));
        assert_eq!(body["active"], true);
        let half = posted(&[("price.currency", "CAD")]);
        let (body, errors) = body_of(OFFER, &posted_values(OFFER, &half));
        assert_eq!(body["price"], Value::Null);
        assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["price.amount"]);
    }

    fn posted_values(fields: &[Field], pairs: &[(String, String)]) -> Values {
        let mut values = collect(pairs);
        order_rows(&mut values, fields);
        values
    }

    fn posted(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn an_entry_round_trips_through_its_form() {
        let entry = serde_json::json!({
            "name": "Microneedling", "sessions": {"min": 3, "max": 6},
            "also_known_as": ["skin needling", "collagen induction"],
            "faqs": [{"question": "Does it hurt?", "answer": "A little."}],
        });
        let (body, errors) = body_of(FIELDS, &values_of(FIELDS, &entry));
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(Value::Object(body), entry);
    }

    #[test]
    fn rows_follow_their_positions_and_removed_or_blank_rows_go() {
        let values = posted_values(
            FIELDS,
            &posted(&[
                ("faqs[0].question", "First?"),
                ("faqs[0].answer", "One."),
                ("faqs[0]._order", "3"),
                ("faqs[1].question", "Gone?"),
                ("faqs[1]._remove", "1"),
                ("faqs[2].question", "Second?"),
                ("faqs[2]._order", "1"),
                ("faqs[3].question", " "),
                ("faqs[3]._order", "4"),
            ]),
        );
        let (body, _) = body_of(FIELDS, &values);
        let questions: Vec<&str> = body["faqs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["question"].as_str().unwrap())
            .collect();
        assert_eq!(questions, ["Second?", "First?"]);
        assert_eq!(body["faqs"][0]["answer"], "");
    }

    #[test]
    fn a_half_range_or_a_word_for_a_number_is_an_error_at_its_input() {
        let values = posted_values(FIELDS, &posted(&[("sessions.min", "3"), ("sessions.max", "")]));
        let (body, errors) = body_of(FIELDS, &values);
        assert_eq!(body["sessions"], Value::Null);
        assert_eq!(errors[0].field, "sessions.max");
        let values =
            posted_values(FIELDS, &posted(&[("sessions.min", "three"), ("sessions.max", "6")]));
        assert_eq!(body_of(FIELDS, &values).1[0].field, "sessions.min");
    }
}
