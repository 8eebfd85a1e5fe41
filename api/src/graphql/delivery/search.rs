//! The delivery `search` field: the hits REST's `GET /v1/search` answers, as a Relay
//! connection, each hit's treatment or condition reachable as a field.

use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, Enum, Object, SimpleObject};

use super::condition::Condition;
use super::context::Delivery;
use super::treatment::Treatment;
use crate::delivery::read::Read;
use crate::delivery::snapshots::SnapshotKind;
use crate::graphql::errors::renamed;
use crate::search::{self, MatchKind, SearchHit, SearchPage, SearchQuery};

type Result<T, E = async_graphql::Error> = std::result::Result<T, E>;

/// The kinds of entries search finds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Enum)]
pub enum SearchKind {
    Treatment,
    Condition,
}

impl SearchKind {
    /// The name `SearchQuery::parse` reads.
    pub fn as_str(self) -> &'static str {
        match self {
            SearchKind::Treatment => "treatment",
            SearchKind::Condition => "condition",
        }
    }
}

/// How a search word was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Enum)]
pub enum SearchMatchHow {
    /// The same word.
    Word,
    /// Another form of the word ("microneedle" for "microneedling").
    Stem,
    /// The start of a longer word (type-ahead).
    Prefix,
    /// One typo away.
    Typo,
}

/// Why an entry was found.
#[derive(Clone, Debug, SimpleObject)]
pub struct SearchMatch {
    /// The field the words were found in: `name`, `also_known_as`, `synonyms`, `conditions`,
    /// `summary`, `faqs`, `body`…
    pub field: String,
    /// What in the field matched, e.g. "synonym 'dark spots' of Hyperpigmentation".
    pub via: String,
    pub how: SearchMatchHow,
}

/// An entry search found, with why; its whole treatment or condition is a field away.
pub struct SearchResult {
    hit: SearchHit,
    read: Read,
}

#[Object]
impl SearchResult {
    async fn kind(&self) -> SearchKind {
        match self.hit.kind {
            SnapshotKind::Condition => SearchKind::Condition,
            _ => SearchKind::Treatment,
        }
    }

    async fn slug(&self) -> &str {
        &self.hit.slug
    }

    async fn name(&self) -> &str {
        &self.hit.name
    }

    /// The locale it is served in (the one asked for, or the workspace default).
    async fn locale(&self) -> &str {
        &self.hit.locale
    }

    /// Relevance: higher is better; only the order within one answer means anything.
    async fn score(&self) -> f64 {
        self.hit.score
    }

    /// A short excerpt of the text that matched, as plain text.
    async fn snippet(&self) -> &str {
        &self.hit.snippet.text
    }

    /// The same excerpt as HTML: the matched words in `<mark>`, everything else escaped.
    async fn snippet_html(&self) -> &str {
        &self.hit.snippet.html
    }

    /// Why it was found, best match first.
    async fn matched(&self) -> Vec<SearchMatch> {
        let how = |kind: MatchKind| match kind {
            MatchKind::Word => SearchMatchHow::Word,
            MatchKind::Stem => SearchMatchHow::Stem,
            MatchKind::Prefix => SearchMatchHow::Prefix,
            MatchKind::Typo => SearchMatchHow::Typo,
        };
        let matched = self.hit.matched.iter();
        matched
            .map(|m| SearchMatch { field: m.field.to_owned(), via: m.via.clone(), how: how(m.how) })
            .collect()
    }

    /// The treatment found; null for a condition.
    async fn treatment(&self, ctx: &Context<'_>) -> Result<Option<Treatment>> {
        if self.hit.kind != SnapshotKind::Treatment {
            return Ok(None);
        }
        Delivery::of(ctx)?.treatment(&self.hit.slug, &self.read).await
    }

    /// The condition found; null for a treatment.
    async fn condition(&self, ctx: &Context<'_>) -> Result<Option<Condition>> {
        if self.hit.kind != SnapshotKind::Condition {
            return Ok(None);
        }
        let delivery = Delivery::of(ctx)?;
        let found =
            delivery.reader().find(SnapshotKind::Condition, &self.hit.slug, &self.read).await?;
        found.map(|snapshot| Condition::from_snapshot(delivery, &snapshot, &self.read)).transpose()
    }
}

/// What the root `search` field was asked.
pub struct SearchArguments {
    pub q: String,
    pub locale: Option<String>,
    pub kinds: Option<Vec<SearchKind>>,
    pub clinic: Option<String>,
    pub first: Option<i32>,
    pub after: Option<String>,
}

/// Runs the search the root field asks for, through the delivery reader REST uses.
pub async fn run(
    delivery: &Delivery,
    arguments: SearchArguments,
) -> Result<Connection<String, SearchResult>> {
    let read = delivery.read(arguments.locale.as_deref(), None)?;
    let kinds: Vec<String> = arguments
        .kinds
        .unwrap_or_default()
        .into_iter()
        .map(|kind| kind.as_str().to_owned())
        .collect();
    let limit = arguments.first.map(|first| u64::try_from(first).unwrap_or(0));
    let query = SearchQuery::parse(Some(&arguments.q), &kinds, limit, arguments.after.as_deref())
        .map_err(renamed)?;
    let reader = delivery.reader();
    let (page, _) = reader.search(&read, &query, arguments.clinic.as_deref()).await?;
    Ok(connection(page, &query, &read))
}

fn connection(
    page: SearchPage,
    query: &SearchQuery,
    read: &Read,
) -> Connection<String, SearchResult> {
    let mut connection = Connection::new(query.offset > 0, page.next_cursor.is_some());
    for (at, hit) in page.hits.into_iter().enumerate() {
        let cursor = search::cursor_after(query.offset + at + 1);
        connection.edges.push(Edge::new(cursor, SearchResult { hit, read: read.clone() }));
    }
    connection
}
