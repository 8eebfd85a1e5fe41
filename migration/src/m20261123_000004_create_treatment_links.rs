//! Links between treatments: conditions treated and complementary treatments, with notes.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{create_indexes, drop_tables, foreign_key, index, primary_key};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(treatment_conditions()).await?;
        manager.create_table(treatment_condition_notes()).await?;
        manager.create_table(complementary_treatments()).await?;
        manager.create_table(complementary_notes()).await?;

        create_indexes(
            manager,
            vec![
                index(
                    "idx_treatment_conditions_condition_id",
                    TreatmentConditions::Table,
                    [TreatmentConditions::ConditionId],
                ),
                index(
                    "idx_complementary_treatments_complementary_id",
                    ComplementaryTreatments::Table,
                    [ComplementaryTreatments::ComplementaryId],
                ),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [
                ComplementaryNotes::Table.into_iden(),
                ComplementaryTreatments::Table.into_iden(),
                TreatmentConditionNotes::Table.into_iden(),
                TreatmentConditions::Table.into_iden(),
            ],
        )
        .await
    }
}

fn treatment_conditions() -> TableCreateStatement {
    Table::create()
        .table(TreatmentConditions::Table)
        .col(uuid(TreatmentConditions::TreatmentId))
        .col(uuid(TreatmentConditions::ConditionId))
        .col(integer(TreatmentConditions::Position))
        .col(integer_null(TreatmentConditions::SessionsMin))
        .col(integer_null(TreatmentConditions::SessionsMax))
        .primary_key(&mut primary_key([
            TreatmentConditions::TreatmentId,
            TreatmentConditions::ConditionId,
        ]))
        .foreign_key(&mut foreign_key(
            "fk_treatment_conditions_treatment_id",
            (TreatmentConditions::Table, TreatmentConditions::TreatmentId),
            (Treatments::Table, Treatments::Id),
            ForeignKeyAction::Cascade,
        ))
        .foreign_key(&mut foreign_key(
            "fk_treatment_conditions_condition_id",
            (TreatmentConditions::Table, TreatmentConditions::ConditionId),
            (Conditions::Table, Conditions::Id),
            ForeignKeyAction::Cascade,
        ))
        .to_owned()
}

fn treatment_condition_notes() -> TableCreateStatement {
    Table::create()
        .table(TreatmentConditionNotes::Table)
        .col(uuid(TreatmentConditionNotes::TreatmentId))
        .col(uuid(TreatmentConditionNotes::ConditionId))
        .col(string_len(TreatmentConditionNotes::Locale, 16))
        .col(text(TreatmentConditionNotes::Notes))
        .primary_key(&mut primary_key([
            TreatmentConditionNotes::TreatmentId,
            TreatmentConditionNotes::ConditionId,
            TreatmentConditionNotes::Locale,
        ]))
        // Composite, so removing the link removes its notes in every locale.
        .foreign_key(&mut foreign_key(
            "fk_treatment_condition_notes_treatment_id_condition_id",
            (
                TreatmentConditionNotes::Table,
                (TreatmentConditionNotes::TreatmentId, TreatmentConditionNotes::ConditionId),
            ),
            (
                TreatmentConditions::Table,
                (TreatmentConditions::TreatmentId, TreatmentConditions::ConditionId),
            ),
            ForeignKeyAction::Cascade,
        ))
        .to_owned()
}

fn complementary_treatments() -> TableCreateStatement {
    Table::create()
        .table(ComplementaryTreatments::Table)
        .col(uuid(ComplementaryTreatments::TreatmentId))
        .col(uuid(ComplementaryTreatments::ComplementaryId))
        .col(integer(ComplementaryTreatments::Position))
        .col(integer_null(ComplementaryTreatments::MinSpacingWeeks))
        .primary_key(&mut primary_key([
            ComplementaryTreatments::TreatmentId,
            ComplementaryTreatments::ComplementaryId,
        ]))
        .foreign_key(&mut foreign_key(
            "fk_complementary_treatments_treatment_id",
            (ComplementaryTreatments::Table, ComplementaryTreatments::TreatmentId),
            (Treatments::Table, Treatments::Id),
            ForeignKeyAction::Cascade,
        ))
        .foreign_key(&mut foreign_key(
            "fk_complementary_treatments_complementary_id",
            (ComplementaryTreatments::Table, ComplementaryTreatments::ComplementaryId),
            (Treatments::Table, Treatments::Id),
            ForeignKeyAction::Cascade,
        ))
        .to_owned()
}

fn complementary_notes() -> TableCreateStatement {
    Table::create()
        .table(ComplementaryNotes::Table)
        .col(uuid(ComplementaryNotes::TreatmentId))
        .col(uuid(ComplementaryNotes::ComplementaryId))
        .col(string_len(ComplementaryNotes::Locale, 16))
        .col(text(ComplementaryNotes::Note))
        .primary_key(&mut primary_key([
            ComplementaryNotes::TreatmentId,
            ComplementaryNotes::ComplementaryId,
            ComplementaryNotes::Locale,
        ]))
        .foreign_key(&mut foreign_key(
            "fk_complementary_notes_treatment_id_complementary_id",
            (
                ComplementaryNotes::Table,
                (ComplementaryNotes::TreatmentId, ComplementaryNotes::ComplementaryId),
            ),
            (
                ComplementaryTreatments::Table,
                (ComplementaryTreatments::TreatmentId, ComplementaryTreatments::ComplementaryId),
            ),
            ForeignKeyAction::Cascade,
        ))
        .to_owned()
}

#[derive(DeriveIden)]
enum Treatments {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Conditions {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum TreatmentConditions {
    Table,
    TreatmentId,
    ConditionId,
    Position,
    SessionsMin,
    SessionsMax,
}

#[derive(DeriveIden)]
enum TreatmentConditionNotes {
    Table,
    TreatmentId,
    ConditionId,
    Locale,
    Notes,
}

#[derive(DeriveIden)]
enum ComplementaryTreatments {
    Table,
    TreatmentId,
    ComplementaryId,
    Position,
    MinSpacingWeeks,
}

#[derive(DeriveIden)]
enum ComplementaryNotes {
    Table,
    TreatmentId,
    ComplementaryId,
    Locale,
    Note,
}
