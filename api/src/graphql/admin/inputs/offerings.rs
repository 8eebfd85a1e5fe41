//! The input of `createOffering` and `updateOffering`: REST's [`OfferingBody`], typed.

use async_graphql::{InputObject, MaybeUndefined};

use super::values::MoneyInput;
use super::{given, patch, set};
use crate::content::offerings::OfferingBody;

/// A treatment a clinic offers; `notes` is written in `locale` (the workspace's default when
/// absent).
#[derive(Debug, InputObject)]
#[graphql(rename_fields = "snake_case")]
pub struct CreateOfferingInput {
    /// The treatment's slug; one offering per clinic and treatment.
    pub treatment: String,
    /// Whether the clinic offers it now (default true).
    pub active: Option<bool>,
    pub price_from: Option<MoneyInput>,
    /// 1–1440.
    pub duration_minutes: Option<i32>,
    /// An http(s) URL.
    pub booking_url: Option<String>,
    /// Local notes, in `locale`.
    pub notes: Option<String>,
    /// One of the workspace's locales.
    pub locale: Option<String>,
    /// Why; stored on the revision.
    pub note: Option<String>,
}

impl From<CreateOfferingInput> for OfferingBody {
    fn from(input: CreateOfferingInput) -> Self {
        Self {
            treatment: set(input.treatment),
            active: given(input.active),
            price_from: given(input.price_from),
            duration_minutes: given(input.duration_minutes),
            booking_url: given(input.booking_url),
            notes: given(input.notes),
            locale: given(input.locale),
            note: given(input.note),
        }
    }
}

/// A change to an offering: only the fields given change; `null` clears an optional one.
#[derive(Debug, InputObject)]
#[graphql(rename_fields = "snake_case")]
pub struct UpdateOfferingInput {
    /// Cannot be cleared.
    pub treatment: MaybeUndefined<String>,
    /// Cannot be cleared.
    pub active: MaybeUndefined<bool>,
    pub price_from: MaybeUndefined<MoneyInput>,
    pub duration_minutes: MaybeUndefined<i32>,
    pub booking_url: MaybeUndefined<String>,
    pub notes: MaybeUndefined<String>,
    pub locale: MaybeUndefined<String>,
    /// Why; stored on the revision.
    pub note: MaybeUndefined<String>,
}

impl From<UpdateOfferingInput> for OfferingBody {
    fn from(input: UpdateOfferingInput) -> Self {
        Self {
            treatment: patch(input.treatment),
            active: patch(input.active),
            price_from: patch(input.price_from),
            duration_minutes: patch(input.duration_minutes),
            booking_url: patch(input.booking_url),
            notes: patch(input.notes),
            locale: patch(input.locale),
            note: patch(input.note),
        }
    }
}
