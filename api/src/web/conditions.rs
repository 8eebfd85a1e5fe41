//! The condition pages: the generic entry pages ([`super::entries`]) over a condition's fields.

use super::entries::{Edited, Header, Row, header_of, rows_of};
use super::form::{Kind, field, text};
use super::sections::Sections;
use super::session::InWorkspace;
use crate::content::Conditions;
use crate::content::conditions::{self, ConditionView};
use crate::content::listing::ListQuery;
use crate::content::pagination::Page;
use crate::delivery::snapshots::SnapshotKind;
use crate::error::Result;
use crate::state::AppState;

impl Edited for Conditions {
    const SEGMENT: &'static str = "conditions";
    const NOUN: &'static str = "condition";
    const TITLE: &'static str = "Conditions";
    const SECTIONS: Sections = Sections(&[(
        "About",
        &[
            field("slug", "Slug", Kind::Text),
            text("name", "Name", Kind::Text, ""),
            text(
                "synonyms",
                "Synonyms",
                Kind::Lines,
                "What patients call it, one per line: sites and search find the condition by these",
            ),
            text("summary", "Summary", Kind::Area, "One or two sentences for lists and cards"),
            text("body", "Description", Kind::Markdown, "Markdown"),
        ],
    )]);
    const SNAPSHOT: SnapshotKind = SnapshotKind::Condition;

    fn header(view: &ConditionView) -> Header<'_> {
        header_of!(view, view.review.as_ref())
    }

    async fn list(
        state: &AppState,
        at: &InWorkspace,
        query: &ListQuery,
        _condition: Option<String>,
    ) -> Result<Page<Row>> {
        let page = conditions::list(&state.db, &at.member.scope(), query).await?;
        Ok(rows_of!(page))
    }
}
