//! The clinic pages: the generic entry pages ([`super::entries`]) over a clinic's fields, with
//! its offerings below the form, each edited on a page of its own ([`offerings`]).

mod offerings;

use actix_web::web;
use maud::{Markup, html};

use super::entries::{Edited, Header, Row, header_of, path_of, rows_of, when};
use super::form::{Kind, field, text};
use super::sections::Sections;
use super::session::InWorkspace;
use crate::auth::roles::Permission;
use crate::content::Clinics;
use crate::content::clinics::{self, ClinicView};
use crate::content::listing::ListQuery;
use crate::content::offerings::OfferingView;
use crate::content::pagination::Page;
use crate::delivery::snapshots::SnapshotKind;
use crate::error::Result;
use crate::state::AppState;

pub fn routes(cfg: &mut web::ServiceConfig) {
    offerings::routes(cfg);
}

impl Edited for Clinics {
    const SEGMENT: &'static str = "clinics";
    const NOUN: &'static str = "clinic";
    const TITLE: &'static str = "Clinics";
    const SECTIONS: Sections = Sections(&[
        (
            "About",
            &[
                field("slug", "Slug", Kind::Text),
                text("name", "Name", Kind::Text, "As patients see it, with the place"),
                field("phone", "Phone", Kind::Text),
                field("booking_url", "Booking address", Kind::Url),
            ],
        ),
        (
            "Where",
            &[
                text("address", "Address", Kind::Text, ""),
                text("city", "City", Kind::Text, ""),
                text("region", "Region", Kind::Text, "Province, state or county"),
                field("country", "Country", Kind::Text),
                field("timezone", "Time zone", Kind::Text),
            ],
        ),
    ]);
    const SNAPSHOT: SnapshotKind = SnapshotKind::Clinic;

    fn header(view: &ClinicView) -> Header<'_> {
        header_of!(view, None)
    }

    async fn list(
        state: &AppState,
        at: &InWorkspace,
        query: &ListQuery,
        _condition: Option<String>,
    ) -> Result<Page<Row>> {
        let page = clinics::list(&state.db, &at.member.scope(), query).await?;
        Ok(rows_of!(page))
    }

    /// The clinic's offerings: what it offers, at what price, published with the clinic.
    async fn below(
        state: &AppState,
        at: &InWorkspace,
        view: &ClinicView,
        locale: &str,
    ) -> Result<Markup> {
        let offered = offerings::of_clinic(state, at, view.id, locale).await?;
        Ok(table(at, view, &offered, locale))
    }
}

fn table(at: &InWorkspace, clinic: &ClinicView, offered: &[OfferingView], locale: &str) -> Markup {
    let here = format!("{}/offerings", path_of::<Clinics>(at, clinic.id));
    html! {
        section.panel.offerings aria-labelledby="offerings" {
            h2 #offerings { "Offerings" }
            p.muted { "What this clinic offers. Sites see changes here when the clinic is published next." }
            @if offered.is_empty() { p { "This clinic offers no treatment yet." } }
            @else {
                table.entries {
                    thead { tr { th scope="col" { "Treatment" } th scope="col" { "Offered" } th scope="col" { "Price from" } th scope="col" { "Minutes" } th scope="col" { "Updated" } } }
                    tbody {
                        @for offering in offered {
                            tr {
                                td { a href=(format!("{here}/{}?locale={locale}", offering.id)) { (offering.treatment) } }
                                td { @if offering.active { "yes" } @else { "no" } }
                                td { @if let Some(price) = &offering.price_from { (price_words(price.amount, &price.currency)) } }
                                td { @if let Some(minutes) = offering.duration_minutes { (minutes) } }
                                td { (when(&offering.updated_at)) }
                            }
                        }
                    }
                }
            }
            @if at.member.role.permits(Permission::Edit) {
                p { a.button href=(format!("{here}/new?locale={locale}")) { "Add an offering" } }
            }
        }
    }
}

/// `29900`, `CAD` → `299.00 CAD`.
fn price_words(amount: i64, currency: &str) -> String {
    format!("{}.{:02} {currency}", amount / 100, amount % 100)
}
