//! Workflow steps in the admin schema: `submit`, `approve`, `reject`, `publish`, `unpublish`
//! and `archive` of treatments, conditions and clinics, as REST's `POST .../{id}/{step}` does
//! them: the same permission per step, the same note check, `expectedVersion` for `If-Match`,
//! and the same service operation.

use async_graphql::{Context, Object};
use uuid::Uuid;

use super::clinics::Clinic;
use super::conditions::Condition;
use super::operations;
use super::treatments::Treatment;
use crate::content::workflow::Step;
use crate::content::{Clinics, Conditions, Treatments};
use crate::graphql::types::DateTime;

type Result<T, E = async_graphql::Error> = std::result::Result<T, E>;

macro_rules! workflow_mutations {
    (
        $object:ident, $kind:ty, $view:ty,
        $submit:ident, $approve:ident, $reject:ident,
        $publish:ident, $unpublish:ident, $archive:ident
    ) => {
        #[derive(Default)]
        pub struct $object;

        #[Object]
        impl $object {
            /// Draft → in review (owners, admins, editors).
            async fn $submit(
                &self,
                ctx: &Context<'_>,
                workspace: String,
                id: Uuid,
                expected_version: i32,
                note: Option<String>,
            ) -> Result<$view> {
                self.step(ctx, workspace, (id, expected_version), (Step::Submit, Vec::new()), note)
                    .await
            }

            /// In review → approved, recorded as the medical review (owners, admins,
            /// reviewers). Refused (`CLAIMS`, with `extensions.findings`) while the claims
            /// check finds a `block` claim, or a `warn` claim not named in `acceptWarnings`.
            async fn $approve(
                &self,
                ctx: &Context<'_>,
                workspace: String,
                id: Uuid,
                expected_version: i32,
                note: Option<String>,
                #[graphql(desc = "Ids of the claims-check warnings the reviewer accepts")]
                accept_warnings: Option<Vec<String>>,
            ) -> Result<$view> {
                let step = (Step::Approve, accept_warnings.unwrap_or_default());
                self.step(ctx, workspace, (id, expected_version), step, note).await
            }

            /// In review → draft, with the reviewer's note (owners, admins, reviewers).
            async fn $reject(
                &self,
                ctx: &Context<'_>,
                workspace: String,
                id: Uuid,
                expected_version: i32,
                note: Option<String>,
            ) -> Result<$view> {
                self.step(ctx, workspace, (id, expected_version), (Step::Reject, Vec::new()), note)
                    .await
            }

            /// Approved → published now, or at `publishAt` (owners, admins, reviewers).
            async fn $publish(
                &self,
                ctx: &Context<'_>,
                workspace: String,
                id: Uuid,
                expected_version: i32,
                note: Option<String>,
                publish_at: Option<DateTime>,
            ) -> Result<$view> {
                let step = Step::Publish { at: publish_at.map(|at| at.0) };
                self.step(ctx, workspace, (id, expected_version), (step, Vec::new()), note).await
            }

            /// Takes what is published down (owners, admins, reviewers).
            async fn $unpublish(
                &self,
                ctx: &Context<'_>,
                workspace: String,
                id: Uuid,
                expected_version: i32,
                note: Option<String>,
            ) -> Result<$view> {
                self.step(
                    ctx,
                    workspace,
                    (id, expected_version),
                    (Step::Unpublish, Vec::new()),
                    note,
                )
                .await
            }

            /// Any state → archived; nothing of it is served any more (owners, admins,
            /// reviewers).
            async fn $archive(
                &self,
                ctx: &Context<'_>,
                workspace: String,
                id: Uuid,
                expected_version: i32,
                note: Option<String>,
            ) -> Result<$view> {
                self.step(ctx, workspace, (id, expected_version), (Step::Archive, Vec::new()), note)
                    .await
            }
        }

        impl $object {
            async fn step(
                &self,
                ctx: &Context<'_>,
                workspace: String,
                at: (Uuid, i32),
                (step, accepted): (Step, Vec<String>),
                note: Option<String>,
            ) -> Result<$view> {
                let asked = (step, note.as_deref(), accepted);
                operations::step::<$kind, $view>(ctx, &workspace, at, asked).await
            }
        }
    };
}

workflow_mutations!(
    TreatmentWorkflow,
    Treatments,
    Treatment,
    submit_treatment,
    approve_treatment,
    reject_treatment,
    publish_treatment,
    unpublish_treatment,
    archive_treatment
);
workflow_mutations!(
    ConditionWorkflow,
    Conditions,
    Condition,
    submit_condition,
    approve_condition,
    reject_condition,
    publish_condition,
    unpublish_condition,
    archive_condition
);
workflow_mutations!(
    ClinicWorkflow,
    Clinics,
    Clinic,
    submit_clinic,
    approve_clinic,
    reject_clinic,
    publish_clinic,
    unpublish_clinic,
    archive_clinic
);
