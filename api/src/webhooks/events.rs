//! Webhook events: `<kind>.<event>` for treatments, conditions and clinics, the patterns an
//! endpoint subscribes with (`treatment.published`, `treatment.*`, `*`), and which event a
//! content change is.

use crate::content::audit::Action;
use crate::content::events::Change;
use crate::content::kind::EntryKind;
use crate::error::FieldError;

/// The kinds whose changes are announced.
pub const KINDS: [&str; 3] = ["treatment", "condition", "clinic"];

/// What can happen to an entry, as announced.
pub const EVENTS: [&str; 9] = [
    "submitted",
    "approved",
    "rejected",
    "published",
    "unpublished",
    "archived",
    "deleted",
    "review_due",
    "media_withdrawn",
];

/// The event a ping sends; every endpoint receives it whatever it subscribed to.
pub const PING: &str = "webhook.ping";

/// The event `change` is (`treatment.published`), or `None` when it is not announced: edits,
/// restores, offerings, and a publish scheduled for later (announced when it happens).
pub fn of_change(change: &Change) -> Option<String> {
    let kind = match change.kind {
        EntryKind::Treatment | EntryKind::Condition | EntryKind::Clinic => change.kind.as_str(),
        EntryKind::Offering | EntryKind::Media => return None,
    };
    let event = match change.action {
        Action::Delete => "deleted",
        Action::Workflow("submit") => "submitted",
        Action::Workflow("approve") => "approved",
        Action::Workflow("reject") => "rejected",
        Action::Workflow("publish") if change.delivery_changed => "published",
        Action::Workflow("unpublish") => "unpublished",
        Action::Workflow("archive") => "archived",
        Action::ReviewDue { .. } => "review_due",
        Action::MediaWithdrawn => "media_withdrawn",
        _ => return None,
    };
    Some(format!("{kind}.{event}"))
}

/// Whether any of `patterns` selects `event`.
pub fn selects(patterns: &[String], event: &str) -> bool {
    patterns.iter().any(|pattern| match pattern.strip_suffix(".*") {
        _ if pattern == "*" => true,
        Some(kind) => event.split_once('.').is_some_and(|(of, _)| of == kind),
        None => pattern == event,
    })
}

/// What [`parse_patterns`] accepts of one pattern, as a regular expression.
pub fn pattern_regex() -> String {
    format!("^(\\*|({})\\.(\\*|{}))$", KINDS.join("|"), EVENTS.join("|"))
}

/// Validates the patterns of an endpoint: at least one, each `*`, `<kind>.*` or
/// `<kind>.<event>`; duplicates dropped, order kept.
pub fn parse_patterns(raw: &[String]) -> Result<Vec<String>, FieldError> {
    if raw.is_empty() {
        return Err(FieldError::new("events", "must name at least one event, or \"*\" for all"));
    }
    let mut patterns: Vec<String> = Vec::with_capacity(raw.len());
    for (index, pattern) in raw.iter().enumerate() {
        let known = pattern == "*"
            || pattern.split_once('.').is_some_and(|(kind, event)| {
                KINDS.contains(&kind) && (event == "*" || EVENTS.contains(&event))
            });
        if !known {
            return Err(FieldError::new(
                format!("events[{index}]"),
                format!(
                    "unknown event {pattern:?}; expected \"*\", \"<kind>.*\" or \
                     \"<kind>.<event>\" with kind one of {} and event one of {}",
                    KINDS.join(", "),
                    EVENTS.join(", ")
                ),
            ));
        }
        if !patterns.contains(pattern) {
            patterns.push(pattern.clone());
        }
    }
    Ok(patterns)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patterns(raw: &[&str]) -> Vec<String> {
        raw.iter().map(|p| (*p).to_owned()).collect()
    }

    #[test]
    fn a_kind_wildcard_selects_every_event_of_that_kind_only() {
        let subscribed = patterns(&["treatment.*"]);
        assert!(selects(&subscribed, "treatment.published"));
        assert!(selects(&subscribed, "treatment.deleted"));
        assert!(!selects(&subscribed, "condition.published"));
    }

    #[test]
    fn an_exact_event_selects_nothing_else() {
        let subscribed = patterns(&["clinic.published"]);
        assert!(selects(&subscribed, "clinic.published"));
        assert!(!selects(&subscribed, "clinic.unpublished"));
    }

    #[test]
    fn the_star_selects_everything() {
        assert!(selects(&patterns(&["*"]), "condition.archived"));
    }

    #[test]
    fn an_unknown_kind_or_event_is_refused_with_its_index() {
        let error = parse_patterns(&patterns(&["treatment.published", "offering.*"])).unwrap_err();
        assert_eq!(error.field, "events[1]");
        assert!(parse_patterns(&patterns(&["treatment.created"])).is_err());
        assert!(parse_patterns(&[]).is_err());
    }
}
