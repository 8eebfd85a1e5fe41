//! The treatment pages: the generic entry pages ([`super::entries`]) over every field of a
//! treatment.

mod fields;

use maud::{Markup, html};
use serde_json::Value;

use super::entries::{Edited, Header, Row, datalist};
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
        Header {
            id: view.id,
            name: &view.name,
            slug: &view.slug,
            locale: &view.locale,
            status: &view.status,
            version: view.version,
            published_at: view.published_at,
            publish_at: view.publish_at,
            review: view.review.as_ref(),
        }
    }

    async fn list(
        state: &AppState,
        at: &InWorkspace,
        query: &ListQuery,
        condition: Option<String>,
    ) -> Result<Page<Row>> {
        let filter = TreatmentFilter { condition, review: None };
        let page = treatments::list(&state.db, &at.member.scope(), query, &filter).await?;
        let rows = page.items.into_iter().map(|item| Row {
            id: item.id,
            name: item.name,
            slug: item.slug,
            status: item.status,
            version: item.version,
            locales: item.locales,
            updated_at: item.updated_at,
        });
        Ok(Page { items: rows.collect(), next_cursor: page.next_cursor })
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
