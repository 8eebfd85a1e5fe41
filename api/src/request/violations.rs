//! One list of every violation in a body: the shape errors (unknown fields, wrong types,
//! missing fields, NUL characters) merged with what the domain rules found in the parts that
//! fit, one error per field, in path order.

use super::json_path::JsonPath;
use super::shape::Shaped;
use crate::error::{Error, FieldError};

/// The shape errors of a body and the paths whose domain findings they make moot.
#[derive(Debug, Default)]
pub struct ShapeErrors {
    errors: Vec<(JsonPath, String)>,
    repaired: Vec<JsonPath>,
}

impl ShapeErrors {
    pub fn of<T>(shaped: &mut Shaped<T>) -> Self {
        Self {
            errors: std::mem::take(&mut shaped.errors),
            repaired: std::mem::take(&mut shaped.repaired),
        }
    }

    /// A NUL character at each of `paths`.
    pub fn nul(paths: Vec<JsonPath>) -> Self {
        let message = crate::content::validation::NUL_MESSAGE;
        let errors = paths.iter().map(|path| (path.clone(), message.to_owned())).collect();
        Self { errors, repaired: paths }
    }

    pub fn extend(&mut self, other: Self) {
        self.errors.extend(other.errors);
        self.repaired.extend(other.repaired);
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// The `422` listing these errors and `domain`'s, or `domain` itself (sorted) when there
    /// are no shape errors and it is no `422`.
    pub fn merged_with<U>(self, domain: crate::error::Result<U>) -> crate::error::Result<U> {
        match domain {
            Err(Error::Validation(found)) => Err(Error::Validation(self.merge(found))),
            Ok(_) | Err(_) if !self.is_empty() => Err(Error::Validation(self.merge(Vec::new()))),
            other => other,
        }
    }

    /// Shape errors first, then the domain's outside repaired paths; sorted by path (stably,
    /// so a shape error wins over a domain one on the same field) and one per field.
    fn merge(self, domain: Vec<FieldError>) -> Vec<FieldError> {
        let outside = |path: &JsonPath| !self.repaired.iter().any(|moot| moot.contains(path));
        let domain = domain
            .into_iter()
            .map(|error| (JsonPath::parse(&error.field), error))
            .filter(|(path, _)| outside(path));
        let shape = self.errors.iter().map(|(path, message)| {
            (path.clone(), FieldError::new(path.to_string(), message.clone()))
        });
        sorted(shape.chain(domain).collect())
    }
}

/// `fields` sorted by path, one per field: how both faces list a `422`'s errors.
pub fn in_path_order(fields: Vec<FieldError>) -> Vec<FieldError> {
    sorted(fields.into_iter().map(|error| (JsonPath::parse(&error.field), error)).collect())
}

/// Sorted by path, stably (the first error on a field is the one kept), one per field.
fn sorted(mut all: Vec<(JsonPath, FieldError)>) -> Vec<FieldError> {
    all.sort_by(|(a, _), (b, _)| a.cmp(b));
    all.dedup_by(|(later, _), (earlier, _)| later == earlier);
    all.into_iter().map(|(_, error)| error).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(errors: &[&str]) -> ShapeErrors {
        let errors: Vec<(JsonPath, String)> =
            errors.iter().map(|field| (JsonPath::parse(field), "shape".to_owned())).collect();
        let repaired = errors.iter().map(|(path, _)| path.clone()).collect();
        ShapeErrors { errors, repaired }
    }

    fn fields(result: crate::error::Result<()>) -> Vec<(String, String)> {
        let Err(Error::Validation(errors)) = result else { panic!("expected a 422") };
        errors.into_iter().map(|error| (error.field, error.message)).collect()
    }

    #[test]
    fn shape_and_domain_errors_are_one_list_in_path_order_one_per_field() {
        let domain = vec![
            FieldError::new("slug", "domain"),
            FieldError::new("faqs[10].question", "domain"),
            FieldError::new("faqs[2].answer", "domain"),
            FieldError::new("faqs[2].answer", "again"),
            FieldError::new("nme", "domain"),
        ];

        let merged = fields(shape(&["nme", "faqs[2]"]).merged_with(Err(Error::Validation(domain))));

        let expected = [
            ("faqs[2]", "shape"),
            ("faqs[10].question", "domain"),
            ("nme", "shape"),
            ("slug", "domain"),
        ];
        assert_eq!(merged, expected.map(|(f, m)| (f.to_owned(), m.to_owned())));
    }

    #[test]
    fn shape_errors_alone_are_a_422_whatever_the_domain_said() {
        assert_eq!(fields(shape(&["x"]).merged_with(Ok(()))).len(), 1);
        let forbidden = Err(Error::Forbidden("no".into()));
        assert_eq!(fields(shape(&["x"]).merged_with(forbidden)).len(), 1);
    }

    #[test]
    fn without_shape_errors_the_domain_answer_stands() {
        assert!(ShapeErrors::default().merged_with(Ok(())).is_ok());
        let forbidden = ShapeErrors::default().merged_with::<()>(Err(Error::Forbidden("x".into())));
        assert!(matches!(forbidden, Err(Error::Forbidden(_))));
    }
}
