//! The admin schema (`POST /admin/graphql`): what editors and reviewers do through the admin
//! REST API, as queries (drafts included, revisions) and mutations. Each resolver authorizes
//! like its REST handler ([`context::Admin`]), parses `input` (the JSON object REST takes as
//! the body) with the same parser, and calls the same content service operation
//! ([`operations`]), so the two APIs cannot disagree. `input` is not a typed GraphQL input on
//! purpose: one would rename fields to camelCase and validate some of them before the service
//! could, and the two APIs would report the same mistake differently.

pub mod audit_log;
pub mod clinics;
pub mod conditions;
pub mod context;
pub mod offerings;
mod operations;
pub mod paging;
pub mod revisions;
pub mod treatments;
pub mod workflow;

use async_graphql::{EmptySubscription, MergedObject, Schema};

use self::audit_log::AuditQueries;
use self::clinics::{ClinicMutations, ClinicQueries};
use self::conditions::{ConditionMutations, ConditionQueries};
use self::offerings::{OfferingMutations, OfferingQueries};
use self::revisions::RevisionQueries;
use self::treatments::{TreatmentMutations, TreatmentQueries};
use self::workflow::{ClinicWorkflow, ConditionWorkflow, TreatmentWorkflow};
use crate::config::GraphqlSettings;
use crate::graphql::limits::Limits;

/// Every admin query, one object per kind of entry.
#[derive(MergedObject, Default)]
#[graphql(name = "Query")]
pub struct AdminQuery(
    TreatmentQueries,
    ConditionQueries,
    ClinicQueries,
    OfferingQueries,
    RevisionQueries,
    AuditQueries,
);

/// Every admin mutation, one object per kind of entry.
#[derive(MergedObject, Default)]
#[graphql(name = "Mutation")]
pub struct AdminMutation(
    TreatmentMutations,
    ConditionMutations,
    ClinicMutations,
    OfferingMutations,
    TreatmentWorkflow,
    ConditionWorkflow,
    ClinicWorkflow,
);

pub type AdminSchema = Schema<AdminQuery, AdminMutation, EmptySubscription>;

/// Builds the admin schema with the configured limits. Introspection stays on: only signed-in
/// editors reach it, and their tools need it.
pub fn schema(settings: &GraphqlSettings) -> AdminSchema {
    Schema::build(AdminQuery::default(), AdminMutation::default(), EmptySubscription)
        .extension(Limits { introspection: true, ..Limits::from_settings(settings) })
        .finish()
}
