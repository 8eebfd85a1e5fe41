//! The admin schema (`POST /admin/graphql`): what editors and reviewers do through the admin
//! REST API, as queries (drafts included, revisions) and mutations. Each resolver authorizes
//! like its REST handler ([`context::Admin`]) and calls the same content service operation
//! ([`operations`]), so the two APIs cannot disagree.
//!
//! A mutation that changes something takes a typed `input` ([`inputs`]): an `InputObject`
//! with REST's JSON field names (`#[graphql(rename_fields = "snake_case")]`), non-null fields
//! for what a create needs and `MaybeUndefined` fields on an update (absent keeps, `null`
//! clears), plus a `From` conversion into the REST body type. The resolver hands the input to
//! the operation, which converts it and runs the body's own validation, so GraphQL checks only
//! the shape and every rule stays written once in the service, its errors naming REST's
//! field paths. A new mutation follows the same three steps: the input type, its `From`, a
//! resolver of one line.

pub mod audit_log;
pub mod clinics;
pub mod conditions;
pub mod context;
pub mod governance;
pub mod inputs;
pub mod offerings;
mod operations;
pub mod paging;
pub mod revisions;
pub mod status;
pub mod treatments;
pub mod webhooks;
pub mod workflow;

use async_graphql::{EmptySubscription, MergedObject, Schema};

use self::audit_log::AuditQueries;
use self::clinics::{ClinicMutations, ClinicQueries};
use self::conditions::{ConditionMutations, ConditionQueries};
use self::governance::{GovernanceMutations, GovernanceQueries};
use self::offerings::{OfferingMutations, OfferingQueries};
use self::revisions::RevisionQueries;
use self::treatments::{TreatmentMutations, TreatmentQueries};
use self::webhooks::{WebhookMutations, WebhookQueries};
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
    WebhookQueries,
    AuditQueries,
    GovernanceQueries,
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
    WebhookMutations,
    GovernanceMutations,
);

pub type AdminSchema = Schema<AdminQuery, AdminMutation, EmptySubscription>;

/// Builds the admin schema with the configured limits. Introspection stays on: only signed-in
/// editors reach it, and their tools need it.
pub fn schema(settings: &GraphqlSettings) -> AdminSchema {
    Schema::build(AdminQuery::default(), AdminMutation::default(), EmptySubscription)
        .extension(Limits { introspection: true, ..Limits::from_settings(settings) })
        .finish()
}
