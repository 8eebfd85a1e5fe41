//! The treatment pages: the generic entry pages ([`super::entries`]) over every field of a
//! treatment.

mod fields;

use maud::{Markup, html};
use serde_json::Value;

use super::entries::{Edited, Header, Row, datalist, header_of, rows_of};
use super::sections::Sections;
use super::session::InWorkspace;
use crate::content::listing::ListQuery;
use crate::content::pagination::Page;
use crate::content::treatments::{self, TreatmentFilter, TreatmentView};
use crate::content::{Conditions, Treatments};
use crate::delivery::jsonld::{self, PageUrl};
use crate::delivery::snapshots::SnapshotKind;
use crate::error::Result;
use crate::state::AppState;

impl Edited for Treatments {
    const SEGMENT: &'static str = "treatments";
    const NOUN: &'static str = "treatment";
    const TITLE: &'static str = "Treatments";
    const SECTIONS: Sections = fields::SECTIONS;
    const SNAPSHOT: SnapshotKind = SnapshotKind::Treatment;
    const BY_CONDITION: bool = true;

    fn header(view: &TreatmentView) -> Header<'_> {
        header_of!(view, view.review.as_ref())
    }

    async fn list(
        state: &AppState,
        at: &InWorkspace,
        query: &ListQuery,
        condition: Option<String>,
    ) -> Result<Page<Row>> {
        let filter = TreatmentFilter { condition, review: None };
        let page = treatments::list(&state.db, &at.member.scope(), query, &filter).await?;
        Ok(rows_of!(page))
    }

    /// The slugs the condition and complementary-treatment inputs suggest.
    async fn datalists(state: &AppState, at: &InWorkspace) -> Result<Markup> {
        let conditions = datalist::<Conditions>(state, at, "condition-slugs").await?;
        let treatments = datalist::<Treatments>(state, at, "treatment-slugs").await?;
        Ok(html! { (conditions) (treatments) })
    }

    fn json_ld(document: &Value, url: &PageUrl) -> Option<Value> {
        Some(jsonld::treatment_page(document, url))
    }
}
