//! Medical governance: the side effects and who a treatment suits, per locale; the warnings a
//! reviewer accepted with an approval; which review the due and overdue notices were sent for;
//! each workspace's review policy; and the claim rules the claims check applies.
//!
//! One column per statement: SQLite alters a table one column at a time.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{foreign_key, index, unique_index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let empty_list = || "[]".to_owned();
        for column in [
            TreatmentTranslations::SideEffects,
            TreatmentTranslations::SuitableFor,
            TreatmentTranslations::NotSuitableFor,
        ] {
            add(
                manager,
                TreatmentTranslations::Table,
                json_binary(column).default(empty_list()).to_owned(),
            )
            .await?;
        }
        let treatment_columns = [
            json_binary(Treatments::ReviewAccepted).default(empty_list()).to_owned(),
            timestamp_with_time_zone_null(Treatments::ReviewDueNoticeFor),
            timestamp_with_time_zone_null(Treatments::ReviewOverdueNoticeFor),
        ];
        for column in treatment_columns {
            add(manager, Treatments::Table, column).await?;
        }
        add(
            manager,
            Conditions::Table,
            json_binary(Conditions::ReviewAccepted).default(empty_list()).to_owned(),
        )
        .await?;
        add(
            manager,
            Workspaces::Table,
            json_binary(Workspaces::Governance).default("{}".to_owned()).to_owned(),
        )
        .await?;
        manager.create_table(claim_rules()).await?;
        manager
            .create_index(
                unique_index(
                    "uq_claim_rules_workspace_builtin",
                    ClaimRules::Table,
                    [ClaimRules::WorkspaceId, ClaimRules::Builtin],
                )
                .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("idx_treatments_reviewed_at", Treatments::Table, [Treatments::ReviewedAt])
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_treatments_reviewed_at")
                    .table(Treatments::Table)
                    .to_owned(),
            )
            .await?;
        manager.drop_table(Table::drop().table(ClaimRules::Table).to_owned()).await?;
        drop(manager, Workspaces::Table, Workspaces::Governance).await?;
        drop(manager, Conditions::Table, Conditions::ReviewAccepted).await?;
        for column in [
            Treatments::ReviewOverdueNoticeFor,
            Treatments::ReviewDueNoticeFor,
            Treatments::ReviewAccepted,
        ] {
            drop(manager, Treatments::Table, column).await?;
        }
        for column in [
            TreatmentTranslations::NotSuitableFor,
            TreatmentTranslations::SuitableFor,
            TreatmentTranslations::SideEffects,
        ] {
            drop(manager, TreatmentTranslations::Table, column).await?;
        }
        Ok(())
    }
}

/// A workspace's claim rules: its own phrases and patterns, and the shipped rules it switched
/// off or re-graded (`builtin` names which).
fn claim_rules() -> TableCreateStatement {
    Table::create()
        .table(ClaimRules::Table)
        .col(uuid(ClaimRules::Id).primary_key())
        .col(uuid(ClaimRules::WorkspaceId))
        .col(string_len_null(ClaimRules::Builtin, 80))
        .col(string_len_null(ClaimRules::Locale, 35))
        .col(string_len(ClaimRules::Matching, 16))
        .col(string_len(ClaimRules::Pattern, 300))
        .col(text(ClaimRules::Reason))
        .col(string_len(ClaimRules::Severity, 16))
        .col(boolean(ClaimRules::Enabled))
        .col(timestamp_with_time_zone(ClaimRules::CreatedAt))
        .col(timestamp_with_time_zone(ClaimRules::UpdatedAt))
        .foreign_key(&mut foreign_key(
            "fk_claim_rules_workspace",
            (ClaimRules::Table, ClaimRules::WorkspaceId),
            (Workspaces::Table, Workspaces::Id),
            ForeignKeyAction::Cascade,
        ))
        .to_owned()
}

async fn add<T: IntoIden>(
    manager: &SchemaManager<'_>,
    table: T,
    mut column: ColumnDef,
) -> Result<(), DbErr> {
    manager.alter_table(Table::alter().table(table).add_column(&mut column).to_owned()).await
}

async fn drop<T: IntoIden, C: IntoIden>(
    manager: &SchemaManager<'_>,
    table: T,
    column: C,
) -> Result<(), DbErr> {
    manager.alter_table(Table::alter().table(table).drop_column(column).to_owned()).await
}

#[derive(DeriveIden)]
enum TreatmentTranslations {
    Table,
    SideEffects,
    SuitableFor,
    NotSuitableFor,
}

#[derive(DeriveIden)]
enum Treatments {
    Table,
    ReviewedAt,
    ReviewAccepted,
    ReviewDueNoticeFor,
    ReviewOverdueNoticeFor,
}

#[derive(DeriveIden)]
enum Conditions {
    Table,
    ReviewAccepted,
}

#[derive(DeriveIden)]
enum Workspaces {
    Table,
    Id,
    Governance,
}

#[derive(DeriveIden)]
enum ClaimRules {
    Table,
    Id,
    WorkspaceId,
    Builtin,
    Locale,
    Matching,
    Pattern,
    Reason,
    Severity,
    Enabled,
    CreatedAt,
    UpdatedAt,
}
