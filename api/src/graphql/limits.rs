//! What one GraphQL query may cost, checked before anything runs.
//!
//! async-graphql computes a query's depth and complexity while validating it; this extension
//! compares them with the configured limits itself, so the refusal names the measured value,
//! the limit and what to do (async-graphql's own messages say neither). It also refuses very
//! long queries and queries with many aliases (each alias re-runs a field), and gives
//! async-graphql's parse and validation errors a `code` like every other error.

use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextValidation,
};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{ServerError, ServerResult, ValidationResult, Variables};

use super::errors::{server_error, with_code};
use crate::config::GraphqlSettings;

/// Longest query text accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 10_000;
/// Most aliases one query may use.
pub const MAX_ALIASES: usize = 200;

/// The limits of one schema.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub max_depth: usize,
    pub max_complexity: usize,
    /// Whether `__schema` and `__type` are answered. async-graphql's own switch answers
    /// `null` without saying why; this one refuses with a clear error.
    pub introspection: bool,
}

impl Limits {
    pub fn from_settings(settings: &GraphqlSettings) -> Self {
        Self {
            max_depth: settings.max_depth,
            max_complexity: settings.max_complexity,
            introspection: settings.introspection,
        }
    }
}

impl ExtensionFactory for Limits {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(*self)
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for Limits {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let length = query.chars().count();
        if length > MAX_QUERY_CHARS {
            return Err(server_error(
                format!(
                    "the query is {length} characters long, over the limit of \
                     {MAX_QUERY_CHARS}; split it into several queries"
                ),
                "QUERY_TOO_LARGE",
            ));
        }
        let document = next
            .run(ctx, query, variables)
            .await
            .map_err(|error| with_code(error, "GRAPHQL_PARSE_FAILED"))?;
        if !self.introspection && introspects(&document) {
            return Err(server_error(
                "introspection is switched off on this server",
                "INTROSPECTION_DISABLED",
            ));
        }
        let aliases = count_aliases(&document);
        if aliases > MAX_ALIASES {
            return Err(server_error(
                format!(
                    "the query uses {aliases} aliases, over the limit of {MAX_ALIASES}; \
                     split it into several queries"
                ),
                "QUERY_TOO_LARGE",
            ));
        }
        Ok(document)
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let result = next.run(ctx).await.map_err(|errors| {
            errors
                .into_iter()
                .map(|error| with_code(error, "GRAPHQL_VALIDATION_FAILED"))
                .collect::<Vec<_>>()
        })?;
        if result.depth > self.max_depth {
            return Err(vec![server_error(
                format!(
                    "the query is nested {} levels deep, over the limit of {}; ask for fewer \
                     nested fields",
                    result.depth, self.max_depth
                ),
                "QUERY_TOO_DEEP",
            )]);
        }
        if result.complexity > self.max_complexity {
            return Err(vec![server_error(
                format!(
                    "the query's complexity is {}, over the limit of {}; ask for fewer items \
                     (`first`) or fewer fields",
                    result.complexity, self.max_complexity
                ),
                "QUERY_TOO_COMPLEX",
            )]);
        }
        Ok(result)
    }
}

/// Whether an operation asks for `__schema` or `__type` at its root (directly, or through a
/// fragment).
fn introspects(document: &ExecutableDocument) -> bool {
    fn asks(document: &ExecutableDocument, selection_set: &SelectionSet, hops: usize) -> bool {
        selection_set.items.iter().any(|selection| match &selection.node {
            Selection::Field(field) => {
                matches!(field.node.name.node.as_str(), "__schema" | "__type")
            }
            Selection::InlineFragment(fragment) => {
                asks(document, &fragment.node.selection_set.node, hops)
            }
            // `hops` bounds fragment cycles, which validation refuses later anyway.
            Selection::FragmentSpread(spread) => {
                hops < 8
                    && document.fragments.get(&spread.node.fragment_name.node).is_some_and(
                        |fragment| asks(document, &fragment.node.selection_set.node, hops + 1),
                    )
            }
        })
    }
    document
        .operations
        .iter()
        .any(|(_, operation)| asks(document, &operation.node.selection_set.node, 0))
}

/// Aliases written in the query's operations and fragments (each fragment counted once).
fn count_aliases(document: &ExecutableDocument) -> usize {
    let operations: usize = document
        .operations
        .iter()
        .map(|(_, operation)| aliases_in(&operation.node.selection_set.node))
        .sum();
    let fragments: usize = document
        .fragments
        .values()
        .map(|fragment| aliases_in(&fragment.node.selection_set.node))
        .sum();
    operations + fragments
}

fn aliases_in(selection_set: &SelectionSet) -> usize {
    selection_set
        .items
        .iter()
        .map(|selection| match &selection.node {
            Selection::Field(field) => {
                usize::from(field.node.alias.is_some()) + aliases_in(&field.node.selection_set.node)
            }
            Selection::InlineFragment(fragment) => aliases_in(&fragment.node.selection_set.node),
            Selection::FragmentSpread(_) => 0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use async_graphql::parser::parse_query;

    use super::count_aliases;

    #[test]
    fn aliases_are_counted_in_nested_fields_and_fragments() {
        let document = parse_query(
            "{ a: treatment(slug: \"x\") { n: name ...F } b: treatment(slug: \"y\") { name } } \
             fragment F on Treatment { s: slug }",
        )
        .unwrap();

        assert_eq!(count_aliases(&document), 4);
    }
}
