//! The input of `createClinic` and `updateClinic`: REST's [`ClinicBody`], typed.

use async_graphql::{InputObject, MaybeUndefined};

use super::{given, patch, set};
use crate::content::clinics::ClinicBody;

/// A new draft clinic. Name and address are written in `locale` (the workspace's default
/// when absent); the rest is shared by every locale.
#[derive(Debug, InputObject)]
#[graphql(rename_fields = "snake_case")]
pub struct CreateClinicInput {
    /// Unique in the workspace: lowercase letters, digits and hyphens, 1–80 characters.
    pub slug: String,
    /// One of the workspace's locales.
    pub locale: Option<String>,
    /// 1–200 characters.
    pub name: String,
    pub address: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    /// ISO 3166-1 alpha-2, two capital letters.
    pub country: String,
    /// Digits, spaces and `+ - ( ) .`, up to 40 characters.
    pub phone: Option<String>,
    /// An http(s) URL.
    pub booking_url: Option<String>,
    /// An IANA time zone name such as `America/Toronto`.
    pub timezone: String,
    /// Why; stored on the revision.
    pub note: Option<String>,
}

impl From<CreateClinicInput> for ClinicBody {
    fn from(input: CreateClinicInput) -> Self {
        Self {
            slug: set(input.slug),
            locale: given(input.locale),
            name: set(input.name),
            address: given(input.address),
            city: given(input.city),
            region: given(input.region),
            country: set(input.country),
            phone: given(input.phone),
            booking_url: given(input.booking_url),
            timezone: set(input.timezone),
            note: given(input.note),
        }
    }
}

/// A change to a clinic: only the fields given change; `null` clears an optional one.
#[derive(Debug, InputObject)]
#[graphql(rename_fields = "snake_case")]
pub struct UpdateClinicInput {
    /// Cannot be cleared.
    pub slug: MaybeUndefined<String>,
    pub locale: MaybeUndefined<String>,
    /// Cannot be cleared.
    pub name: MaybeUndefined<String>,
    pub address: MaybeUndefined<String>,
    pub city: MaybeUndefined<String>,
    pub region: MaybeUndefined<String>,
    /// Cannot be cleared.
    pub country: MaybeUndefined<String>,
    pub phone: MaybeUndefined<String>,
    pub booking_url: MaybeUndefined<String>,
    /// Cannot be cleared.
    pub timezone: MaybeUndefined<String>,
    /// Why; stored on the revision.
    pub note: MaybeUndefined<String>,
}

impl From<UpdateClinicInput> for ClinicBody {
    fn from(input: UpdateClinicInput) -> Self {
        Self {
            slug: patch(input.slug),
            locale: patch(input.locale),
            name: patch(input.name),
            address: patch(input.address),
            city: patch(input.city),
            region: patch(input.region),
            country: patch(input.country),
            phone: patch(input.phone),
            booking_url: patch(input.booking_url),
            timezone: patch(input.timezone),
            note: patch(input.note),
        }
    }
}
