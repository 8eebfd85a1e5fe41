//! Cursor pagination for admin lists: `limit` ≤ 100, an opaque `cursor`, and
//! `next_cursor` in the response.
//!
//! Lists are keyset-paginated on (sort key, id), so a page is one indexed range scan however
//! deep it is, and entries edited between two pages are neither skipped nor repeated on the
//! key they are sorted by. A cursor is base64url (no padding) of a small JSON object naming the
//! sort it belongs to, the last key and the last id; it is opaque to clients.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Order};
use sea_orm::{
    ColumnTrait, EntityTrait, IntoSimpleExpr, QueryFilter, QueryOrder, QuerySelect, Select, Value,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::validation::{Errors, nul_path};

pub const DEFAULT_LIMIT: u64 = 20;
pub const MAX_LIMIT: u64 = 100;

/// One page of a list.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    #[schema(example = json!(null))]
    pub next_cursor: Option<String>,
}

/// What a list is sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    /// Last change; newest first unless `order=asc`.
    UpdatedAt,
    /// Name in the requested locale (falling back to the default locale, then the slug),
    /// case-insensitively; A to Z unless `order=desc`.
    Name,
}

/// The spellings of `order`.
pub const ORDERS: [&str; 2] = ["asc", "desc"];

impl SortKey {
    /// Every sort a list offers.
    pub const ALL: [SortKey; 2] = [SortKey::UpdatedAt, SortKey::Name];

    /// The spelling of `sort`.
    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::UpdatedAt => "updated_at",
            SortKey::Name => "name",
        }
    }

    fn default_order(self) -> Order {
        match self {
            SortKey::UpdatedAt => Order::Desc,
            SortKey::Name => Order::Asc,
        }
    }
}

/// A validated request for one page.
#[derive(Clone, Debug)]
pub struct PageRequest {
    pub limit: u64,
    pub sort: SortKey,
    pub order: Order,
    pub after: Option<Position>,
}

/// Where the previous page ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Position {
    pub key: String,
    pub id: Uuid,
}

#[derive(Serialize, Deserialize)]
struct CursorData {
    /// sort key
    s: String,
    /// order: "asc" or "desc"
    o: String,
    /// last sort key value
    k: String,
    /// last id
    i: Uuid,
}

fn order_str(order: &Order) -> &'static str {
    match order {
        Order::Asc => "asc",
        _ => "desc",
    }
}

impl PageRequest {
    /// Reads `limit`, `cursor`, `sort` and `order` as they arrived, recording what is wrong.
    pub fn parse(
        errors: &mut Errors,
        limit: Option<&str>,
        cursor: Option<&str>,
        sort: Option<&str>,
        order: Option<&str>,
    ) -> Self {
        let limit = match limit {
            None => DEFAULT_LIMIT,
            Some(raw) => match raw.trim().parse::<u64>() {
                Ok(limit @ 1..=MAX_LIMIT) => limit,
                _ => {
                    errors.add("limit", format!("must be a whole number from 1 to {MAX_LIMIT}"));
                    DEFAULT_LIMIT
                }
            },
        };
        let sort = match sort {
            None | Some("updated_at") => SortKey::UpdatedAt,
            Some("name") => SortKey::Name,
            Some(_) => {
                errors.add("sort", "must be updated_at or name");
                SortKey::UpdatedAt
            }
        };
        let order = match order {
            None => sort.default_order(),
            Some("asc") => Order::Asc,
            Some("desc") => Order::Desc,
            Some(_) => {
                errors.add("order", "must be asc or desc");
                sort.default_order()
            }
        };
        // An empty cursor is the first page, as in delivery lists.
        let cursor = cursor.filter(|raw| !raw.trim().is_empty());
        let after = cursor.and_then(|raw| match decode(raw, sort, &order) {
            Ok(position) => Some(position),
            Err(message) => {
                errors.add("cursor", message);
                None
            }
        });
        Self { limit, sort, order, after }
    }

    /// The cursor that continues after `key`/`id`, the last item of a full page.
    pub fn cursor_after(&self, key: String, id: Uuid) -> String {
        let data = CursorData {
            s: self.sort.as_str().to_owned(),
            o: order_str(&self.order).to_owned(),
            k: key,
            i: id,
        };
        encode_cursor(&data)
    }

    /// Orders `select` by `sort_expr` then `id`, starts after the cursor's position and asks
    /// for one extra row, which tells whether another page follows.
    pub fn apply<E: EntityTrait>(
        &self,
        select: Select<E>,
        sort_expr: Expr,
        id: impl ColumnTrait,
    ) -> Select<E> {
        let mut select = select;
        if let Some(after) = &self.after {
            let key = self.key_value(&after.key);
            let past = |left: Expr, right: Value| match self.order {
                Order::Asc => left.gt(right),
                _ => left.lt(right),
            };
            select =
                select.filter(past(sort_expr.clone(), key.clone()).or(
                    sort_expr.clone().eq(key).and(past(id.into_simple_expr(), after.id.into())),
                ));
        }
        select
            .order_by(sort_expr, self.order.clone())
            .order_by(id, self.order.clone())
            .limit(self.limit + 1)
    }

    /// The cursor key as a database value of the sort column's type.
    fn key_value(&self, key: &str) -> Value {
        match self.sort {
            SortKey::UpdatedAt => DateTime::parse_from_rfc3339(key)
                .map(|at| Value::from(at.with_timezone(&Utc)))
                .unwrap_or_else(|_| Value::from(key.to_owned())),
            SortKey::Name => Value::from(key.to_owned()),
        }
    }

    /// Cuts the extra row off `rows` and makes the cursor for the next page from the last kept
    /// one, whose sort key and id `position` gives.
    pub fn finish<R, T>(
        &self,
        mut rows: Vec<R>,
        position: impl Fn(&R) -> (String, Uuid),
        view: impl FnMut(R) -> T,
    ) -> Page<T> {
        let has_more = rows.len() as u64 > self.limit;
        rows.truncate(self.limit as usize);
        let next_cursor = if has_more {
            rows.last().map(|row| {
                let (key, id) = position(row);
                self.cursor_after(key, id)
            })
        } else {
            None
        };
        Page { items: rows.into_iter().map(view).collect(), next_cursor }
    }
}

/// The key a row is sorted by, as it goes into a cursor.
pub fn updated_at_key(at: &DateTime<Utc>) -> String {
    at.to_rfc3339()
}

/// An opaque cursor: base64url (no padding) of `data` as JSON.
pub fn encode_cursor(data: &impl Serialize) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(data).unwrap_or_default())
}

/// What [`encode_cursor`] encoded, if `raw` is such a cursor. A cursor holding a NUL is none:
/// no cursor Cutis issues holds one, and PostgreSQL could not compare it.
pub fn decode_cursor<T: serde::de::DeserializeOwned>(raw: &str) -> Option<T> {
    let bytes = URL_SAFE_NO_PAD.decode(raw.trim()).ok()?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    if nul_path(&value).is_some() {
        return None;
    }
    serde_json::from_value(value).ok()
}

fn decode(raw: &str, sort: SortKey, order: &Order) -> Result<Position, String> {
    let invalid = || "is not a cursor this list returned".to_owned();
    let data: CursorData = decode_cursor(raw).ok_or_else(invalid)?;
    if data.s != sort.as_str() || data.o != order_str(order) {
        return Err(format!(
            "was issued for sort={}&order={}; repeat those or start without a cursor",
            data.s, data.o
        ));
    }
    if sort == SortKey::UpdatedAt && DateTime::parse_from_rfc3339(&data.k).is_err() {
        return Err(invalid());
    }
    Ok(Position { key: data.k, id: data.i })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(
        limit: Option<&str>,
        cursor: Option<&str>,
        sort: Option<&str>,
    ) -> (PageRequest, Errors) {
        let mut errors = Errors::new();
        let request = PageRequest::parse(&mut errors, limit, cursor, sort, None);
        (request, errors)
    }

    #[test]
    fn a_cursor_round_trips_to_the_position_it_was_made_from() {
        let (request, _) = parse(None, None, Some("name"));
        let id = Uuid::now_v7();
        let cursor = request.cursor_after("microneedling".into(), id);

        let (next, errors) = parse(None, Some(&cursor), Some("name"));

        assert!(errors.is_empty());
        assert_eq!(next.after, Some(Position { key: "microneedling".into(), id }));
    }

    #[test]
    fn a_cursor_from_another_sort_is_refused() {
        let (request, _) = parse(None, None, Some("name"));
        let cursor = request.cursor_after("microneedling".into(), Uuid::now_v7());

        let (_, errors) = parse(None, Some(&cursor), Some("updated_at"));

        assert!(!errors.is_empty());
    }

    #[test]
    fn a_limit_outside_1_to_100_or_garbage_cursor_is_refused() {
        for limit in ["0", "101", "ten", "-1"] {
            assert!(!parse(Some(limit), None, None).1.is_empty(), "{limit}");
        }
        assert!(!parse(None, Some("not-a-cursor"), None).1.is_empty());
        assert_eq!(parse(Some("100"), None, None).0.limit, 100);
    }
}
