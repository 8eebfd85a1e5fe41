//! Labelled inputs of the settings forms, with the service's errors beside them: an error of
//! `locales[1]` shows at the `locales` input, saying which line.

use maud::{Markup, html};

use super::Said;
use crate::web::form::id_of;

/// What one input is: its field name, label and hint, and its type.
pub struct Input<'a> {
    pub name: &'a str,
    pub label: &'a str,
    pub hint: &'a str,
    /// `text`, `url`, `email`… or `lines` for a textarea of one value a line.
    pub kind: &'a str,
}

/// The input's error messages: its own, and its items' (`name[i]`, as entry `i + 1`).
pub fn messages(said: &Said, name: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (path, messages) in said.errors() {
        let line = path.strip_prefix(name).and_then(|rest| rest.strip_prefix('['));
        let line = line.and_then(|rest| rest.split(']').next()?.parse::<usize>().ok());
        for message in messages {
            match line {
                _ if path == name => found.push(message),
                Some(index) => found.push(format!("entry {}: {message}", index + 1)),
                None => {}
            }
        }
    }
    found
}

/// The field of the form that error path `path` belongs to (`locales[1]` → `locales`).
pub fn field_of(path: &str) -> String {
    path.split(['[', '.']).next().unwrap_or(path).to_owned()
}

/// `input` labelled, showing `value`, with its hint and its errors.
pub fn field(input: &Input, value: &str, said: &Said) -> Markup {
    let id = id_of(input.name);
    let errors = messages(said, input.name);
    let mut described = Vec::new();
    if !input.hint.is_empty() {
        described.push(format!("{id}-hint"));
    }
    if !errors.is_empty() {
        described.push(format!("{id}-error"));
    }
    let described = (!described.is_empty()).then(|| described.join(" "));
    let invalid = (!errors.is_empty()).then_some("true");
    html! {
        div.field.invalid[!errors.is_empty()] {
            label for=(id) { (input.label) }
            @if !input.hint.is_empty() { p.hint id=(format!("{id}-hint")) { (input.hint) } }
            @if !errors.is_empty() {
                p.field-error id=(format!("{id}-error")) { @for error in &errors { span { (error) } " " } }
            }
            @if input.kind == "lines" {
                textarea id=(id) name=(input.name) rows="4" aria-describedby=[&described] aria-invalid=[invalid] { (value) }
            } @else {
                input id=(id) name=(input.name) type=(input.kind) value=(value) aria-describedby=[&described] aria-invalid=[invalid];
            }
        }
    }
}

/// A `select` of `options` (value, words) labelled `label`, `chosen` selected.
pub fn select(
    id: &str,
    (name, label): (&str, &str),
    options: &[(&str, &str)],
    chosen: &str,
) -> Markup {
    choice(id, (name, label), options, chosen, &Said::default())
}

/// [`select`] with the service's errors of `name` beside it.
pub fn choice(
    id: &str,
    (name, label): (&str, &str),
    options: &[(&str, &str)],
    chosen: &str,
    said: &Said,
) -> Markup {
    let errors = messages(said, name);
    let error_id = format!("{id}-error");
    let described = (!errors.is_empty()).then_some(error_id.as_str());
    html! {
        div.field.invalid[!errors.is_empty()] {
            label for=(id) { (label) }
            @if !errors.is_empty() {
                p.field-error id=(error_id) { @for error in &errors { span { (error) } " " } }
            }
            select id=(id) name=(name) aria-describedby=[described] aria-invalid=[described.map(|_| "true")] {
                @for (value, words) in options {
                    option value=(value) selected[*value == chosen] { (words) }
                }
            }
        }
    }
}

/// The non-blank lines of a textarea, or the words of a comma-separated input, trimmed.
pub fn items_of(text: &str) -> Vec<String> {
    text.split(['\n', ','])
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect()
}
