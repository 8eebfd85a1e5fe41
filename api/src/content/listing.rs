//! The query string every admin list takes, and the filters they share: status, text search
//! and locale. Each list adds its own (a treatment list filters by condition, for example).

use chrono::{DateTime, Utc};
use entity::{clinic, condition, treatment};
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr, Query, SelectStatement};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, FromQueryResult, QueryFilter, QuerySelect, Select,
};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::Scope;
use super::lookup::SlugColumn;
use super::pagination::{PageRequest, SortKey, updated_at_key};
use super::status::Status;
use super::validation::Errors;
use crate::validated::Locale;

pub const MAX_QUERY: usize = 200;

/// Paging, sorting and filtering of an admin list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Items per page, 1–100 (default 20).
    #[param(value_type = Option<u32>, example = 20)]
    pub limit: Option<String>,
    /// `next_cursor` of the previous page: only a cursor this list returned (with the same
    /// `sort` and `order`) is accepted; empty or absent is the first page.
    pub cursor: Option<String>,
    /// `updated_at` (default; newest first) or `name` (A to Z, in `locale`).
    #[param(example = "name")]
    pub sort: Option<String>,
    /// `asc` or `desc`, to reverse the sort's default order.
    pub order: Option<String>,
    /// The locale names and summaries are shown (and sorted) in; the workspace default when
    /// absent. Entries without text in it fall back to the default locale.
    #[param(example = "fr")]
    pub locale: Option<String>,
    /// Only entries in this state: `draft`, `in_review`, `published` or `archived`.
    #[param(example = "draft")]
    pub status: Option<String>,
    /// Only entries whose slug or name (in any locale) contains this text, ignoring case.
    #[param(example = "needl")]
    pub q: Option<String>,
    /// Only entries last changed by this account: its id, or `me` for the caller's own.
    #[param(example = "me")]
    pub updated_by: Option<String>,
}

/// A validated [`ListQuery`].
#[derive(Clone, Debug)]
pub struct Listing {
    pub page: PageRequest,
    pub locale: Locale,
    pub status: Option<Status>,
    /// A `LIKE` pattern (lowercase, wildcards escaped) for the text search.
    pub pattern: Option<String>,
    /// The account the entries were last changed by.
    pub updated_by: Option<Uuid>,
}

impl Listing {
    /// Validates `query`, recording what is wrong in `errors`; `None` when something is.
    pub fn parse(errors: &mut Errors, scope: &Scope, query: &ListQuery) -> Option<Self> {
        let page = PageRequest::parse(
            errors,
            query.limit.as_deref(),
            query.cursor.as_deref(),
            query.sort.as_deref(),
            query.order.as_deref(),
        );
        let locale =
            scope.locale(query.locale.as_deref(), "locale").map_err(|e| errors.push(e)).ok();
        let status = query.status.as_deref().map(str::trim).filter(|s| !s.is_empty());
        let parsed = status.and_then(Status::parse);
        if status.is_some() && parsed.is_none() {
            errors.add("status", format!("must be one of {}", Status::listed()));
        }
        let q = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
        if q.is_some_and(|q| q.chars().count() > MAX_QUERY) {
            errors.add("q", format!("must be at most {MAX_QUERY} characters long"));
        }
        let pattern = q.map(containing);
        let updated_by = updated_by(errors, scope, query.updated_by.as_deref());
        Some(Self { page, locale: locale?, status: parsed, pattern, updated_by })
    }
}

/// The account `raw` names — an id, or `me` for the scope's actor — recording in `errors` what
/// is neither.
fn updated_by(errors: &mut Errors, scope: &Scope, raw: Option<&str>) -> Option<Uuid> {
    let raw = raw.map(str::trim).filter(|raw| !raw.is_empty())?;
    if raw == "me" {
        return Some(scope.actor);
    }
    let id = Uuid::parse_str(raw).ok();
    if id.is_none() {
        errors.add("updated_by", "must be an account id or `me`");
    }
    id
}

/// Entries with a workflow state, listed with their slug and timestamps.
pub trait Listed: SlugColumn {
    const STATUS: Self::Column;
    const CREATED_AT: Self::Column;
    const PUBLISHED_AT: Self::Column;
}

macro_rules! listed {
    ($module:ident) => {
        impl Listed for $module::Entity {
            const STATUS: $module::Column = $module::Column::Status;
            const CREATED_AT: $module::Column = $module::Column::CreatedAt;
            const PUBLISHED_AT: $module::Column = $module::Column::PublishedAt;
        }
    };
}

listed!(treatment);
listed!(condition);
listed!(clinic);

/// Where an entry's per-locale names live: `T.owner` points at the entry.
pub struct Names<T: EntityTrait> {
    pub owner: T::Column,
    pub locale: T::Column,
    pub name: T::Column,
}

/// One row of a list page, before its text is attached.
#[derive(Debug, FromQueryResult)]
pub struct ListRow {
    pub id: Uuid,
    pub slug: String,
    pub status: String,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    pub sort_name: Option<String>,
}

impl ListRow {
    /// The row's sort key and id, for the cursor after it.
    pub fn position(&self, sort: SortKey) -> (String, Uuid) {
        match sort {
            SortKey::UpdatedAt => (updated_at_key(&self.updated_at), self.id),
            SortKey::Name => (self.sort_name.clone().unwrap_or_default(), self.id),
        }
    }
}

impl Listing {
    /// `select` narrowed to the scope's workspace and this listing's filters, sorted and
    /// limited to one page (plus one row), selecting the columns of [`ListRow`].
    pub fn select<E: Listed, T: EntityTrait>(
        &self,
        scope: &Scope,
        names: &Names<T>,
        select: Select<E>,
    ) -> Select<E> {
        let name = sort_name::<E, T>(scope, &self.locale, names);
        let mut select = select
            .select_only()
            .columns([
                E::ID,
                E::SLUG,
                E::STATUS,
                E::VERSION,
                E::CREATED_AT,
                E::UPDATED_AT,
                E::PUBLISHED_AT,
            ])
            .expr_as(name.clone(), "sort_name")
            .filter(E::WORKSPACE.eq(scope.workspace_id));
        if let Some(status) = &self.status {
            select = select.filter(E::STATUS.eq(status.as_str()));
        }
        if let Some(account) = self.updated_by {
            select = select.filter(E::UPDATED_BY.eq(account));
        }
        if let Some(pattern) = &self.pattern {
            select = select.filter(
                Condition::any()
                    .add(matches(Expr::col((E::default(), E::SLUG)), pattern))
                    .add(Expr::exists(named_like::<E, T>(names, pattern))),
            );
        }
        let sort = match self.page.sort {
            SortKey::UpdatedAt => Expr::col((E::default(), E::UPDATED_AT)),
            SortKey::Name => name,
        };
        self.page.apply(select, sort, E::ID)
    }
}

/// `lower(coalesce(name in locale, name in the default locale, slug))`: what `sort=name`
/// orders by.
fn sort_name<E: Listed, T: EntityTrait>(scope: &Scope, locale: &Locale, names: &Names<T>) -> Expr {
    let name_in = |locale: &str| {
        let query = Query::select()
            .column((T::default(), names.name))
            .from(T::default())
            .and_where(Expr::col((T::default(), names.owner)).equals((E::default(), E::ID)))
            .and_where(Expr::col((T::default(), names.locale)).eq(locale))
            .to_owned();
        Expr::SubQuery(None, Box::new(query.into()))
    };
    Expr::from(Func::lower(Expr::from(Func::coalesce([
        name_in(locale.as_str()),
        name_in(&scope.default_locale),
        Expr::col((E::default(), E::SLUG)),
    ]))))
}

/// A translation of the entry whose name matches `pattern`.
fn named_like<E: Listed, T: EntityTrait>(names: &Names<T>, pattern: &str) -> SelectStatement {
    Query::select()
        .expr(Expr::val(1))
        .from(T::default())
        .and_where(Expr::col((T::default(), names.owner)).equals((E::default(), E::ID)))
        .and_where(matches(Expr::col((T::default(), names.name)), pattern))
        .to_owned()
}

/// `lower(column) LIKE pattern`, with `\` escaping the wildcards the user typed.
pub fn matches(column: Expr, pattern: &str) -> Expr {
    Expr::from(Func::lower(column)).like(LikeExpr::new(pattern).escape('\\'))
}

/// The pattern [`matches`] takes for "contains `q`, ignoring case".
pub fn containing(q: &str) -> String {
    format!("%{}%", escape_like(&q.to_lowercase()))
}

fn escape_like(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::escape_like;

    #[test]
    fn wildcards_typed_by_users_match_literally() {
        assert_eq!(escape_like("50%_off\\"), "50\\%\\_off\\\\");
    }
}
