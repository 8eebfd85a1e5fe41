//! Treatments and what hangs off them: per-locale text, aftercare, FAQs and references.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{
    create_indexes, drop_tables, foreign_key, index, primary_key, unique_index, user_fk,
    workspace_fk,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(treatments()).await?;
        manager.create_table(treatment_translations()).await?;
        manager.create_table(aftercare_steps()).await?;
        manager.create_table(faqs()).await?;
        manager.create_table(treatment_references()).await?;

        create_indexes(
            manager,
            vec![
                unique_index(
                    "uq_treatments_workspace_id_slug",
                    Treatments::Table,
                    [Treatments::WorkspaceId, Treatments::Slug],
                ),
                index(
                    "idx_treatments_workspace_id_updated_at",
                    Treatments::Table,
                    [Treatments::WorkspaceId, Treatments::UpdatedAt],
                ),
                index(
                    "idx_treatments_workspace_id_status",
                    Treatments::Table,
                    [Treatments::WorkspaceId, Treatments::Status],
                ),
                index(
                    "idx_treatments_status_publish_at",
                    Treatments::Table,
                    [Treatments::Status, Treatments::PublishAt],
                ),
                unique_index(
                    "uq_aftercare_steps_treatment_id_locale_position",
                    AftercareSteps::Table,
                    [AftercareSteps::TreatmentId, AftercareSteps::Locale, AftercareSteps::Position],
                ),
                unique_index(
                    "uq_faqs_treatment_id_locale_position",
                    Faqs::Table,
                    [Faqs::TreatmentId, Faqs::Locale, Faqs::Position],
                ),
                unique_index(
                    "uq_treatment_references_treatment_id_position",
                    TreatmentReferences::Table,
                    [TreatmentReferences::TreatmentId, TreatmentReferences::Position],
                ),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [
                TreatmentReferences::Table.into_iden(),
                Faqs::Table.into_iden(),
                AftercareSteps::Table.into_iden(),
                TreatmentTranslations::Table.into_iden(),
                Treatments::Table.into_iden(),
            ],
        )
        .await
    }
}

fn treatments() -> TableCreateStatement {
    Table::create()
        .table(Treatments::Table)
        .col(pk_uuid(Treatments::Id))
        .col(uuid(Treatments::WorkspaceId))
        .col(string_len(Treatments::Slug, 80))
        .col(string_len(Treatments::Status, 16).default("draft"))
        .col(integer(Treatments::Version).default(1))
        .col(integer_null(Treatments::ProcedureMinutesMin))
        .col(integer_null(Treatments::ProcedureMinutesMax))
        .col(integer_null(Treatments::SessionsMin))
        .col(integer_null(Treatments::SessionsMax))
        .col(integer_null(Treatments::SessionIntervalWeeksMin))
        .col(integer_null(Treatments::SessionIntervalWeeksMax))
        .col(integer_null(Treatments::DowntimeDaysMin))
        .col(integer_null(Treatments::DowntimeDaysMax))
        .col(string_null(Treatments::ReviewerName))
        .col(timestamp_with_time_zone_null(Treatments::ReviewedAt))
        .col(uuid_null(Treatments::ReviewedBy))
        .col(timestamp_with_time_zone_null(Treatments::PublishAt))
        .col(timestamp_with_time_zone_null(Treatments::PublishedAt))
        .col(integer_null(Treatments::PublishedVersion))
        .col(uuid_null(Treatments::CreatedBy))
        .col(uuid_null(Treatments::UpdatedBy))
        .col(timestamp_with_time_zone(Treatments::CreatedAt))
        .col(timestamp_with_time_zone(Treatments::UpdatedAt))
        .foreign_key(&mut workspace_fk(
            "fk_treatments_workspace_id",
            Treatments::Table,
            Treatments::WorkspaceId,
        ))
        .foreign_key(&mut user_fk(
            "fk_treatments_reviewed_by",
            Treatments::Table,
            Treatments::ReviewedBy,
        ))
        .foreign_key(&mut user_fk(
            "fk_treatments_created_by",
            Treatments::Table,
            Treatments::CreatedBy,
        ))
        .foreign_key(&mut user_fk(
            "fk_treatments_updated_by",
            Treatments::Table,
            Treatments::UpdatedBy,
        ))
        .to_owned()
}

fn treatment_translations() -> TableCreateStatement {
    Table::create()
        .table(TreatmentTranslations::Table)
        .col(uuid(TreatmentTranslations::TreatmentId))
        .col(string_len(TreatmentTranslations::Locale, 16))
        .col(string(TreatmentTranslations::Name))
        .col(json_binary(TreatmentTranslations::AlsoKnownAs))
        .col(text(TreatmentTranslations::Summary))
        .col(text(TreatmentTranslations::Body))
        .col(text_null(TreatmentTranslations::DowntimeNotes))
        .col(text_null(TreatmentTranslations::ResultsTimeline))
        .col(json_binary(TreatmentTranslations::Contraindications))
        .col(string_null(TreatmentTranslations::SeoMetaTitle))
        .col(text_null(TreatmentTranslations::SeoMetaDescription))
        .col(timestamp_with_time_zone(TreatmentTranslations::UpdatedAt))
        .primary_key(&mut primary_key([
            TreatmentTranslations::TreatmentId,
            TreatmentTranslations::Locale,
        ]))
        .foreign_key(&mut treatment_fk(
            "fk_treatment_translations_treatment_id",
            TreatmentTranslations::Table,
            TreatmentTranslations::TreatmentId,
        ))
        .to_owned()
}

fn aftercare_steps() -> TableCreateStatement {
    Table::create()
        .table(AftercareSteps::Table)
        .col(pk_uuid(AftercareSteps::Id))
        .col(uuid(AftercareSteps::TreatmentId))
        .col(string_len(AftercareSteps::Locale, 16))
        .col(integer(AftercareSteps::Position))
        .col(string(AftercareSteps::Timing))
        .col(text(AftercareSteps::Instruction))
        .foreign_key(&mut treatment_fk(
            "fk_aftercare_steps_treatment_id",
            AftercareSteps::Table,
            AftercareSteps::TreatmentId,
        ))
        .to_owned()
}

fn faqs() -> TableCreateStatement {
    Table::create()
        .table(Faqs::Table)
        .col(pk_uuid(Faqs::Id))
        .col(uuid(Faqs::TreatmentId))
        .col(string_len(Faqs::Locale, 16))
        .col(integer(Faqs::Position))
        .col(text(Faqs::Question))
        .col(text(Faqs::Answer))
        .foreign_key(&mut treatment_fk("fk_faqs_treatment_id", Faqs::Table, Faqs::TreatmentId))
        .to_owned()
}

fn treatment_references() -> TableCreateStatement {
    Table::create()
        .table(TreatmentReferences::Table)
        .col(pk_uuid(TreatmentReferences::Id))
        .col(uuid(TreatmentReferences::TreatmentId))
        .col(integer(TreatmentReferences::Position))
        .col(string_len(TreatmentReferences::Title, 500))
        .col(string_len(TreatmentReferences::Url, 2048))
        .col(integer_null(TreatmentReferences::Year))
        .foreign_key(&mut treatment_fk(
            "fk_treatment_references_treatment_id",
            TreatmentReferences::Table,
            TreatmentReferences::TreatmentId,
        ))
        .to_owned()
}

/// A child row that goes away with its treatment.
fn treatment_fk<T: IntoIden, C: IntoIden>(
    name: &str,
    table: T,
    col: C,
) -> ForeignKeyCreateStatement {
    foreign_key(
        name,
        (table.into_iden(), col),
        (Treatments::Table, Treatments::Id),
        ForeignKeyAction::Cascade,
    )
}

#[derive(DeriveIden)]
enum Treatments {
    Table,
    Id,
    WorkspaceId,
    Slug,
    Status,
    Version,
    ProcedureMinutesMin,
    ProcedureMinutesMax,
    SessionsMin,
    SessionsMax,
    SessionIntervalWeeksMin,
    SessionIntervalWeeksMax,
    DowntimeDaysMin,
    DowntimeDaysMax,
    ReviewerName,
    ReviewedAt,
    ReviewedBy,
    PublishAt,
    PublishedAt,
    PublishedVersion,
    CreatedBy,
    UpdatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum TreatmentTranslations {
    Table,
    TreatmentId,
    Locale,
    Name,
    AlsoKnownAs,
    Summary,
    Body,
    DowntimeNotes,
    ResultsTimeline,
    Contraindications,
    SeoMetaTitle,
    SeoMetaDescription,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AftercareSteps {
    Table,
    Id,
    TreatmentId,
    Locale,
    Position,
    Timing,
    Instruction,
}

#[derive(DeriveIden)]
enum Faqs {
    Table,
    Id,
    TreatmentId,
    Locale,
    Position,
    Question,
    Answer,
}

#[derive(DeriveIden)]
enum TreatmentReferences {
    Table,
    Id,
    TreatmentId,
    Position,
    Title,
    Url,
    Year,
}
