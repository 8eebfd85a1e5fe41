//! The typed `input` of the admin mutations. Each kind has a `Create…Input` (the fields a new
//! entry needs are non-null) and an `Update…Input`, whose fields are `MaybeUndefined`: absent
//! leaves a field as it is, `null` clears it, as in REST's PATCH body. Field names are REST's
//! JSON names (snake_case), so a REST body is a valid `input` and the service's error paths
//! (`faqs[1].question`) name the input's own fields.
//!
//! An input is only a shape: it converts field for field into the kind's REST body
//! (`TreatmentBody`…), which the content service validates exactly as it does REST's. The
//! conversions list every field of the body, so the compiler points at a body field that has
//! no GraphQL input.

pub mod clinics;
pub mod conditions;
pub mod offerings;
pub mod treatments;
pub mod values;

use async_graphql::MaybeUndefined;

use crate::content::validation::Patch;
use crate::graphql::types::all;

/// A field of an update as REST's PATCH body has it: absent keeps, `null` clears.
pub fn patch<T, U: From<T>>(field: MaybeUndefined<T>) -> Patch<U> {
    match field {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(value) => Some(Some(value.into())),
    }
}

/// A list field of an update, every item converted.
pub fn patch_list<T, U: From<T>>(field: MaybeUndefined<Vec<T>>) -> Patch<Vec<U>> {
    match field {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(items) => Some(Some(all(items))),
    }
}

/// A field of a create: given or not (in GraphQL an optional field's `null` is not giving it).
pub fn given<T, U: From<T>>(field: Option<T>) -> Patch<U> {
    field.map(|value| Some(value.into()))
}

/// A list field of a create, every item converted.
pub fn given_list<T, U: From<T>>(field: Option<Vec<T>>) -> Patch<Vec<U>> {
    field.map(|items| Some(all(items)))
}

/// A field a create cannot omit.
pub fn set<T>(field: T) -> Patch<T> {
    Some(Some(field))
}

#[cfg(test)]
mod tests {
    use async_graphql::MaybeUndefined;

    use super::treatments::UpdateTreatmentInput;
    use super::values::RangeInput;
    use super::*;
    use crate::content::treatments::TreatmentBody;
    use crate::content::values::Range;

    #[test]
    fn an_update_field_keeps_when_absent_clears_when_null_and_sets_a_value() {
        assert_eq!(patch::<String, String>(MaybeUndefined::Undefined), None);
        assert_eq!(patch::<String, String>(MaybeUndefined::Null), Some(None));
        let range =
            patch::<RangeInput, Range>(MaybeUndefined::Value(RangeInput { min: 1, max: 2 }));
        assert_eq!(range, Some(Some(Range { min: 1, max: 2 })));
        assert_eq!(patch_list::<RangeInput, Range>(MaybeUndefined::Null), Some(None));
    }

    #[test]
    fn a_create_field_given_as_null_is_not_given() {
        assert_eq!(given::<String, String>(None), None);
        assert_eq!(given_list::<RangeInput, Range>(None), None);
        assert_eq!(set("microneedling"), Some(Some("microneedling")));
    }

    #[test]
    fn an_update_input_becomes_the_patch_body_rest_would_parse() {
        let json = serde_json::json!({"name": null, "sessions": {"min": 1, "max": 2}});
        let value = async_graphql::Value::from_json(json).expect("a GraphQL value");
        let input: UpdateTreatmentInput =
            async_graphql::InputType::parse(Some(value)).expect("a valid input");

        let body = TreatmentBody::from(input);

        assert_eq!(body.name, Some(None));
        assert_eq!(body.sessions, Some(Some(Range { min: 1, max: 2 })));
        assert!(body.faqs.is_none() && body.summary.is_none() && body.seo.is_none());
    }
}
