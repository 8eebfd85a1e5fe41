//! Workflow steps in the admin schema: `submit`, `approve`, `reject`, `publish`, `unpublish`
//! and `archive` of treatments, conditions and clinics, as REST's `POST .../{id}/{step}` does
//! them: the same permission per step, the same note check, `expectedVersion` for `If-Match`,
//! the same service call, and the delivery cache emptied when what is served changed.

use async_graphql::{Context, Object};
use uuid::Uuid;

use super::clinics::Clinic;
use super::conditions::Condition;
use super::context::Admin;
use super::input;
use super::treatments::Treatment;
use crate::content::workflow::{self, Actor, Step};
use crate::content::{EntryKind, Scope, clinics, conditions, treatments};
use crate::graphql::types::DateTime;

type Result<T, E = async_graphql::Error> = std::result::Result<T, E>;

/// Takes `step` on entry `id` of `kind` at `expected`; returns the scope to read it back in.
async fn take(
    admin: &Admin,
    workspace: &str,
    kind: EntryKind,
    id: Uuid,
    expected: i32,
    step: Step,
    note: Option<String>,
) -> Result<Scope> {
    let member = admin.member(workspace, step.permission()).await?;
    let note = input::note(note)?;
    let scope = crate::rest::entry::scope(&member);
    let actor = Actor { name: &member.user.display_name };
    let request = workflow::StepRequest { kind, id, expected, step, note };
    let changed = workflow::apply(&admin.db, &scope, request, actor).await?;
    if changed {
        admin.delivery.responses.invalidate(scope.workspace_id);
    }
    Ok(scope)
}

macro_rules! workflow_mutations {
    (
        $object:ident, $kind:expr, $view:ty, $service:ident,
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
                self.step(ctx, workspace, id, expected_version, Step::Submit, note).await
            }

            /// In review → approved, recorded as the medical review (owners, admins,
            /// reviewers).
            async fn $approve(
                &self,
                ctx: &Context<'_>,
                workspace: String,
                id: Uuid,
                expected_version: i32,
                note: Option<String>,
            ) -> Result<$view> {
                self.step(ctx, workspace, id, expected_version, Step::Approve, note).await
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
                self.step(ctx, workspace, id, expected_version, Step::Reject, note).await
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
                self.step(ctx, workspace, id, expected_version, step, note).await
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
                self.step(ctx, workspace, id, expected_version, Step::Unpublish, note).await
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
                self.step(ctx, workspace, id, expected_version, Step::Archive, note).await
            }
        }

        impl $object {
            async fn step(
                &self,
                ctx: &Context<'_>,
                workspace: String,
                id: Uuid,
                expected: i32,
                step: Step,
                note: Option<String>,
            ) -> Result<$view> {
                let admin = Admin::of(ctx)?;
                let scope = take(admin, &workspace, $kind, id, expected, step, note).await?;
                Ok($service::get(&admin.db, &scope, id, None).await?.into())
            }
        }
    };
}

workflow_mutations!(
    TreatmentWorkflow,
    EntryKind::Treatment,
    Treatment,
    treatments,
    submit_treatment,
    approve_treatment,
    reject_treatment,
    publish_treatment,
    unpublish_treatment,
    archive_treatment
);
workflow_mutations!(
    ConditionWorkflow,
    EntryKind::Condition,
    Condition,
    conditions,
    submit_condition,
    approve_condition,
    reject_condition,
    publish_condition,
    unpublish_condition,
    archive_condition
);
workflow_mutations!(
    ClinicWorkflow,
    EntryKind::Clinic,
    Clinic,
    clinics,
    submit_clinic,
    approve_clinic,
    reject_clinic,
    publish_clinic,
    unpublish_clinic,
    archive_clinic
);
