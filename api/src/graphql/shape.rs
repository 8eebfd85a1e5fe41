//! What a query's introspection asks for, apart from the rest of it.
//!
//! Tools ask for the whole schema with one standard query (graphql-js `getIntrospectionQuery`,
//! 13 to 15 levels deep for its nested type references): more than a content query may nest.
//! Introspection answers from the schema, never the database, and its lists are bounded by the
//! schema's size, so its selections (`__schema`, `__type`) are measured here on their own —
//! their depth, their fields and how many lists they nest — and left out of the depth and
//! complexity the content limits apply to.

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};

/// Fragment spreads followed within one another before giving up (validation has already
/// refused cycles; this only bounds recursion).
const MAX_SPREADS: usize = 64;

/// Introspection fields that return lists.
const LISTS: [&str; 8] = [
    "types",
    "fields",
    "args",
    "inputFields",
    "interfaces",
    "enumValues",
    "possibleTypes",
    "directives",
];

/// A query's shape, fragments inlined.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Shape {
    /// Deepest nesting outside introspection selections.
    pub depth: usize,
    /// Fields inside introspection selections (each costs 1 in async-graphql's complexity).
    pub introspection_fields: usize,
    /// Deepest nesting of an introspection selection, counted from `__schema` or `__type`.
    pub introspection_depth: usize,
    /// Most introspection lists nested in one another (`types { fields { args } }` is 3).
    pub introspection_lists: usize,
    /// Whether fragments nest deeper than [`MAX_SPREADS`]; such a query is refused.
    pub too_many_spreads: bool,
}

impl Shape {
    /// The shape of every operation in `document`.
    pub fn of(document: &ExecutableDocument) -> Self {
        let mut shape = Self::default();
        for (_, operation) in document.operations.iter() {
            shape.walk(document, &operation.node.selection_set.node, Place::Outside(0), 0);
        }
        shape
    }

    /// Whether the query introspects at all.
    pub fn introspects(&self) -> bool {
        self.introspection_fields > 0
    }

    fn walk(
        &mut self,
        document: &ExecutableDocument,
        set: &SelectionSet,
        place: Place,
        spreads: usize,
    ) {
        for selection in &set.items {
            match &selection.node {
                Selection::Field(field) => {
                    let name = field.node.name.node.as_str();
                    let inner = match place {
                        Place::Outside(_) if matches!(name, "__schema" | "__type") => {
                            Place::Inside { depth: 1, lists: 0 }
                        }
                        Place::Outside(depth) => Place::Outside(depth + 1),
                        Place::Inside { depth, lists } => Place::Inside {
                            depth: depth + 1,
                            lists: lists + usize::from(LISTS.contains(&name)),
                        },
                    };
                    match inner {
                        Place::Outside(depth) => self.depth = self.depth.max(depth),
                        Place::Inside { depth, lists } => {
                            self.introspection_fields += 1;
                            self.introspection_depth = self.introspection_depth.max(depth);
                            self.introspection_lists = self.introspection_lists.max(lists);
                        }
                    }
                    self.walk(document, &field.node.selection_set.node, inner, spreads);
                }
                Selection::InlineFragment(fragment) => {
                    self.walk(document, &fragment.node.selection_set.node, place, spreads);
                }
                Selection::FragmentSpread(spread) => {
                    if spreads >= MAX_SPREADS {
                        self.too_many_spreads = true;
                        continue;
                    }
                    if let Some(fragment) = document.fragments.get(&spread.node.fragment_name.node)
                    {
                        self.walk(document, &fragment.node.selection_set.node, place, spreads + 1);
                    }
                }
            }
        }
    }
}

/// Where a selection is: outside introspection at a depth, or inside it.
#[derive(Clone, Copy)]
enum Place {
    Outside(usize),
    Inside { depth: usize, lists: usize },
}

#[cfg(test)]
mod tests {
    use async_graphql::parser::parse_query;

    use super::Shape;

    #[test]
    fn introspection_is_measured_apart_from_content() {
        let document = parse_query(
            "{ treatment(slug: \"x\") { conditions { slug } } \
               __schema { types { ...T } } } \
             fragment T on __Type { name fields { type { ofType { name } } } }",
        )
        .unwrap();

        let shape = Shape::of(&document);

        assert_eq!(shape.depth, 3);
        assert_eq!(shape.introspection_fields, 7);
        assert_eq!(shape.introspection_depth, 6);
        assert_eq!(shape.introspection_lists, 2);
    }
}
