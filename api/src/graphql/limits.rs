//! What one GraphQL query may cost, checked before anything runs, and what it may take while
//! it runs.
//!
//! async-graphql computes a query's depth and complexity while validating it; this extension
//! compares them with the configured limits itself, so the refusal names the measured value,
//! the limit and what to do (async-graphql's own messages say neither). Introspection
//! selections are measured apart ([`Shape`]) and bounded by limits of their own, so the
//! standard introspection query of GraphiQL and code generators passes the content limits.
//! It also refuses very long queries and queries with many aliases (each alias re-runs a
//! field), and gives async-graphql's parse and validation errors (and its refusals of
//! argument values while the query runs) a `code` like every other error.
//!
//! While a query runs, the response it builds is counted field by field: past
//! `max_response_bytes` it is cut off (`RESPONSE_TOO_LARGE`), and past `timeout` it is
//! stopped (`QUERY_TIMEOUT`); either way the answer is that one error and no data.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextParseQuery, NextResolve,
    NextValidation, ResolveInfo,
};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Response, ServerError, ServerResult, ValidationResult, Value, Variables};

use super::errors::{server_error, with_code};
use super::shape::Shape;
use crate::config::GraphqlSettings;

/// Longest query text accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 10_000;
/// Most aliases one query may use.
pub const MAX_ALIASES: usize = 200;
/// Deepest introspection selection, from `__schema` or `__type` (the standard query nests
/// 13 to 15 levels for its type references).
pub const MAX_INTROSPECTION_DEPTH: usize = 16;
/// Most introspection lists nested in one another: the standard query's
/// `types { fields { args } }`. Deeper (`fields { type { fields ... } }`) multiplies the
/// schema by itself.
pub const MAX_INTROSPECTION_LISTS: usize = 3;
/// Most fields in introspection selections (the standard query has about 200).
pub const MAX_INTROSPECTION_FIELDS: usize = 1_000;

/// The limits of one schema.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub max_depth: usize,
    pub max_complexity: usize,
    /// Whether `__schema` and `__type` are answered. async-graphql's own switch answers
    /// `null` without saying why; this one refuses with a clear error.
    pub introspection: bool,
    /// Largest response a query may build, in bytes of field names and values.
    pub max_response_bytes: usize,
    /// Longest a query may run.
    pub timeout: Duration,
}

impl Limits {
    pub fn from_settings(settings: &GraphqlSettings) -> Self {
        Self {
            max_depth: settings.max_depth,
            max_complexity: settings.max_complexity,
            introspection: settings.introspection,
            max_response_bytes: settings.max_response_bytes,
            timeout: Duration::from_millis(settings.timeout_ms),
        }
    }
}

impl ExtensionFactory for Limits {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(Checks {
            limits: *self,
            document: OnceLock::new(),
            spent: AtomicUsize::new(0),
            cut_off: AtomicBool::new(false),
        })
    }
}

/// The limits applied to one request, with what it has spent so far.
struct Checks {
    limits: Limits,
    /// The parsed query, measured once validation has accepted it.
    document: OnceLock<ExecutableDocument>,
    /// Bytes of response built so far.
    spent: AtomicUsize,
    /// Set once the response went over `max_response_bytes`.
    cut_off: AtomicBool,
}

impl Checks {
    fn too_large(&self) -> ServerError {
        server_error(
            format!(
                "the response would be over the limit of {} bytes; ask for fewer items \
                 (`first`) or fewer nested fields",
                self.limits.max_response_bytes
            ),
            "RESPONSE_TOO_LARGE",
        )
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for Checks {
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
        if !self.limits.introspection && introspects(&document) {
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
        // Measured in `validation`, once fragment cycles have been refused.
        let _ = self.document.set(document.clone());
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
        // Without the document the query is measured whole, introspection included: stricter.
        let shape = self.document.get().map(Shape::of).unwrap_or_default();
        check(&self.limits, &shape, &result).map_err(|error| vec![error])?;
        Ok(result)
    }

    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        let Ok(response) =
            tokio::time::timeout(self.limits.timeout, next.run(ctx, operation_name)).await
        else {
            return Response::from_errors(vec![server_error(
                format!(
                    "the query ran longer than the limit of {} ms and was stopped; ask for \
                     fewer items or fewer nested fields",
                    self.limits.timeout.as_millis()
                ),
                "QUERY_TIMEOUT",
            )]);
        };
        // A cut-off response is one error: its partial data and the errors of every field
        // refused after the cut would tell the client nothing more.
        if self.cut_off.load(Ordering::Relaxed) {
            return Response::from_errors(vec![self.too_large()]);
        }
        response
    }

    async fn resolve(
        &self,
        ctx: &ExtensionContext<'_>,
        info: ResolveInfo<'_>,
        next: NextResolve<'_>,
    ) -> ServerResult<Option<Value>> {
        if self.cut_off.load(Ordering::Relaxed) {
            return Err(self.too_large());
        }
        // The name as it appears in the response, with its quotes and colon.
        let name = info.alias.unwrap_or(info.name).len() + 3;
        // Every error a resolver returns has a code ([`super::errors`]); one without is
        // async-graphql refusing an argument, such as a variable of the wrong type, which in
        // a literal validation would have refused.
        let value = next
            .run(ctx, info)
            .await
            .map_err(|error| with_code(error, "GRAPHQL_VALIDATION_FAILED"))?;
        let size = name + value.as_ref().map_or(4, leaf_size);
        let spent = self.spent.fetch_add(size, Ordering::Relaxed).saturating_add(size);
        if spent > self.limits.max_response_bytes {
            self.cut_off.store(true, Ordering::Relaxed);
            return Err(self.too_large());
        }
        Ok(value)
    }
}

/// The content limits against the query's measured depth and complexity (introspection
/// left out of both), then introspection's own limits.
fn check(limits: &Limits, shape: &Shape, result: &ValidationResult) -> Result<(), ServerError> {
    let depth = if shape.introspects() { shape.depth } else { result.depth };
    if depth > limits.max_depth {
        return Err(server_error(
            format!(
                "the query is nested {depth} levels deep, over the limit of {}; ask for fewer \
                 nested fields",
                limits.max_depth
            ),
            "QUERY_TOO_DEEP",
        ));
    }
    let complexity = result.complexity.saturating_sub(shape.introspection_fields);
    if complexity > limits.max_complexity {
        return Err(server_error(
            format!(
                "the query's complexity is {complexity}, over the limit of {}; ask for fewer \
                 items (`first`) or fewer fields",
                limits.max_complexity
            ),
            "QUERY_TOO_COMPLEX",
        ));
    }
    if shape.introspection_depth > MAX_INTROSPECTION_DEPTH {
        return Err(server_error(
            format!(
                "the introspection is nested {} levels deep, over the limit of \
                 {MAX_INTROSPECTION_DEPTH}",
                shape.introspection_depth
            ),
            "QUERY_TOO_DEEP",
        ));
    }
    if shape.introspection_lists > MAX_INTROSPECTION_LISTS
        || shape.introspection_fields > MAX_INTROSPECTION_FIELDS
        || shape.too_many_spreads
    {
        return Err(server_error(
            format!(
                "the introspection nests {} lists and asks for {} fields, over the limits of \
                 {MAX_INTROSPECTION_LISTS} and {MAX_INTROSPECTION_FIELDS}; ask for the schema \
                 as the standard introspection query does",
                shape.introspection_lists, shape.introspection_fields
            ),
            "QUERY_TOO_COMPLEX",
        ));
    }
    Ok(())
}

/// Bytes a resolved value adds to the response by itself: a scalar, or a list of scalars.
/// Objects count nothing here, since each of their fields is counted when it resolves.
fn leaf_size(value: &Value) -> usize {
    match value {
        Value::String(text) => text.len() + 2,
        Value::Enum(name) => name.len() + 2,
        Value::List(items) => items.iter().map(leaf_size).sum::<usize>() + items.len() + 2,
        Value::Object(_) => 2,
        Value::Binary(bytes) => bytes.len() * 2,
        Value::Null | Value::Number(_) | Value::Boolean(_) => 8,
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
