//! Documents, on every operation, the errors any handler of its shape can answer, so each
//! handler's annotation lists only its own outcomes and none is forgotten: a body can be
//! malformed (400), too large (413), of the wrong type (415) or invalid (422); query parameters
//! can be invalid (422); a credential can be missing, bad (401) or insufficient (403); what a
//! path names may not exist (404); the database can be down (503). Every one is a problem
//! document.

use utoipa::Modify;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, ResponseBuilder};

pub struct CommonErrors;

impl Modify for CommonErrors {
    fn modify(&self, openapi: &mut OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            let operations =
                [&mut item.get, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete];
            for operation in operations.into_iter().flatten() {
                document_common_errors(operation);
            }
        }
    }
}

fn document_common_errors(operation: &mut Operation) {
    let has_path_parameter = operation.parameters.iter().flatten().any(
        |parameter| matches!(parameter, RefOr::T(p) if matches!(p.parameter_in, ParameterIn::Path)),
    );
    let has_body = operation.request_body.is_some();
    let has_query = operation.parameters.iter().flatten().any(|parameter| {
        matches!(parameter, RefOr::T(p) if matches!(p.parameter_in, ParameterIn::Query))
    });
    let secured = operation.security.as_ref().is_some_and(|security| !security.is_empty());
    let mut add = |status: &str, description: &str| {
        operation.responses.responses.entry(status.to_owned()).or_insert_with(|| {
            let content =
                ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build();
            RefOr::T(
                ResponseBuilder::new()
                    .description(description)
                    .content("application/problem+json", content)
                    .build(),
            )
        });
    };
    if has_body {
        add("400", "The body is not valid JSON");
        add("413", "The body is larger than the configured limit");
        add("415", "The body is not application/json");
        add("422", "Invalid field values, each named in `errors`");
    }
    if has_query {
        add("422", "Invalid query parameters, each named in `errors`");
    }
    if secured {
        add("401", "No credential, or an invalid, expired or revoked one");
        add("403", "The credential may not do this (role, key kind or origin)");
    }
    if has_path_parameter {
        add("404", "No such entry here (another workspace's entries are 404 too)");
    }
    add("503", "The database is not answering; retry shortly");
}
