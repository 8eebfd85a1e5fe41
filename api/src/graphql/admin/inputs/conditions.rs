//! The input of `createCondition` and `updateCondition`: REST's [`ConditionBody`], typed.

use async_graphql::{InputObject, MaybeUndefined};

use super::{given, patch, set};
use crate::content::conditions::ConditionBody;

/// A new draft condition, its text in `locale` (the workspace's default when absent).
#[derive(Debug, InputObject)]
#[graphql(rename_fields = "snake_case")]
pub struct CreateConditionInput {
    /// Unique in the workspace: lowercase letters, digits and hyphens, 1–80 characters.
    pub slug: String,
    /// One of the workspace's locales.
    pub locale: Option<String>,
    /// 1–200 characters.
    pub name: String,
    /// Other names people use, up to 30.
    pub synonyms: Option<Vec<String>>,
    pub summary: Option<String>,
    /// Markdown, up to 100,000 characters.
    pub body: Option<String>,
    /// Why; stored on the revision.
    pub note: Option<String>,
}

impl From<CreateConditionInput> for ConditionBody {
    fn from(input: CreateConditionInput) -> Self {
        Self {
            slug: set(input.slug),
            locale: given(input.locale),
            name: set(input.name),
            synonyms: given(input.synonyms),
            summary: given(input.summary),
            body: given(input.body),
            note: given(input.note),
        }
    }
}

/// A change to a condition: only the fields given change; `null` empties a text or list.
/// Text is written in `locale` and never touches other locales.
#[derive(Debug, InputObject)]
#[graphql(rename_fields = "snake_case")]
pub struct UpdateConditionInput {
    /// Cannot be cleared.
    pub slug: MaybeUndefined<String>,
    pub locale: MaybeUndefined<String>,
    /// Cannot be cleared.
    pub name: MaybeUndefined<String>,
    pub synonyms: MaybeUndefined<Vec<String>>,
    pub summary: MaybeUndefined<String>,
    pub body: MaybeUndefined<String>,
    /// Why; stored on the revision.
    pub note: MaybeUndefined<String>,
}

impl From<UpdateConditionInput> for ConditionBody {
    fn from(input: UpdateConditionInput) -> Self {
        Self {
            slug: patch(input.slug),
            locale: patch(input.locale),
            name: patch(input.name),
            synonyms: patch(input.synonyms),
            summary: patch(input.summary),
            body: patch(input.body),
            note: patch(input.note),
        }
    }
}
