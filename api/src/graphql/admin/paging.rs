//! Admin lists: the content service's keyset pages, as `{nodes, pageInfo}`.
//!
//! The service returns a page and the cursor that continues after it, not a cursor per item
//! (that would need each item's sort key, which summaries do not carry), so admin lists offer
//! `nodes` and `pageInfo.endCursor` rather than Relay `edges`. `first`/`after` are REST's
//! `limit`/`cursor` under their GraphQL names, errors included. `status`, `sort` and `order`
//! are enums whose values are REST's spellings (`in_review`, `updated_at`, `desc`).

use async_graphql::{Enum, OutputType, SimpleObject};

use super::audit_log::AuditEntry;
use super::clinics::ClinicSummary;
use super::conditions::ConditionSummary;
use super::offerings::Offering;
use super::revisions::RevisionSummary;
use super::status::EntryStatus;
use super::treatments::TreatmentSummary;
use super::webhooks::WebhookDelivery;
use crate::content::listing::ListQuery;
use crate::content::pagination::Page;
use crate::content::status::Status;

/// Where a page ends.
#[derive(Clone, Debug, SimpleObject)]
pub struct PageInfo {
    pub has_next_page: bool,
    /// Pass as `after` for the next page; null on the last page.
    pub end_cursor: Option<String>,
}

/// One page of a list.
#[derive(Clone, Debug, SimpleObject)]
#[graphql(concrete(name = "TreatmentPage", params(TreatmentSummary)))]
#[graphql(concrete(name = "ConditionPage", params(ConditionSummary)))]
#[graphql(concrete(name = "ClinicPage", params(ClinicSummary)))]
#[graphql(concrete(name = "OfferingPage", params(Offering)))]
#[graphql(concrete(name = "RevisionPage", params(RevisionSummary)))]
#[graphql(concrete(name = "WebhookDeliveryPage", params(WebhookDelivery)))]
#[graphql(concrete(name = "AuditPage", params(AuditEntry)))]
pub struct Paged<T: OutputType> {
    pub nodes: Vec<T>,
    pub page_info: PageInfo,
}

impl<T: OutputType> Paged<T> {
    /// The GraphQL page of a service page.
    pub fn from_page<S>(page: Page<S>) -> Self
    where
        T: From<S>,
    {
        Self {
            nodes: page.items.into_iter().map(T::from).collect(),
            page_info: PageInfo {
                has_next_page: page.next_cursor.is_some(),
                end_cursor: page.next_cursor,
            },
        }
    }
}

/// What a list is sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Enum)]
#[graphql(rename_items = "snake_case")]
pub enum ListSort {
    /// Last change, newest first unless `order: asc`.
    UpdatedAt,
    /// Name in `locale`, A to Z unless `order: desc`.
    Name,
}

impl ListSort {
    fn as_str(self) -> &'static str {
        match self {
            ListSort::UpdatedAt => "updated_at",
            ListSort::Name => "name",
        }
    }
}

/// Which way a list runs, reversing its sort's own order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Enum)]
#[graphql(rename_items = "snake_case")]
pub enum SortOrder {
    Asc,
    Desc,
}

impl SortOrder {
    fn as_str(self) -> &'static str {
        match self {
            SortOrder::Asc => "asc",
            SortOrder::Desc => "desc",
        }
    }
}

/// Arguments every admin list takes.
#[derive(Debug, Default)]
pub struct ListArgs {
    pub first: Option<i32>,
    pub after: Option<String>,
    pub sort: Option<ListSort>,
    pub order: Option<SortOrder>,
    pub locale: Option<String>,
    pub status: Option<EntryStatus>,
    pub q: Option<String>,
    pub updated_by: Option<String>,
}

impl ListArgs {
    /// The REST query string these arguments stand for, checked by the same parser.
    pub fn query(self) -> ListQuery {
        ListQuery {
            limit: self.first.map(|first| first.to_string()),
            cursor: self.after,
            sort: self.sort.map(|sort| sort.as_str().to_owned()),
            order: self.order.map(|order| order.as_str().to_owned()),
            locale: self.locale,
            status: self.status.map(|status| Status::from(status).as_str().to_owned()),
            q: self.q,
            updated_by: self.updated_by,
        }
    }
}
