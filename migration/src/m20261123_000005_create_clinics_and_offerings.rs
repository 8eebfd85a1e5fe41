//! Clinics and offerings (clinic × treatment), each with per-locale text.

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
        manager.create_table(clinics()).await?;
        manager.create_table(clinic_translations()).await?;
        manager.create_table(offerings()).await?;
        manager.create_table(offering_translations()).await?;

        create_indexes(
            manager,
            vec![
                unique_index(
                    "uq_clinics_workspace_id_slug",
                    Clinics::Table,
                    [Clinics::WorkspaceId, Clinics::Slug],
                ),
                index(
                    "idx_clinics_workspace_id_updated_at",
                    Clinics::Table,
                    [Clinics::WorkspaceId, Clinics::UpdatedAt],
                ),
                index(
                    "idx_clinics_status_publish_at",
                    Clinics::Table,
                    [Clinics::Status, Clinics::PublishAt],
                ),
                unique_index(
                    "uq_offerings_clinic_id_treatment_id",
                    Offerings::Table,
                    [Offerings::ClinicId, Offerings::TreatmentId],
                ),
                index("idx_offerings_treatment_id", Offerings::Table, [Offerings::TreatmentId]),
                index("idx_offerings_workspace_id", Offerings::Table, [Offerings::WorkspaceId]),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [
                OfferingTranslations::Table.into_iden(),
                Offerings::Table.into_iden(),
                ClinicTranslations::Table.into_iden(),
                Clinics::Table.into_iden(),
            ],
        )
        .await
    }
}

fn clinics() -> TableCreateStatement {
    Table::create()
        .table(Clinics::Table)
        .col(pk_uuid(Clinics::Id))
        .col(uuid(Clinics::WorkspaceId))
        .col(string_len(Clinics::Slug, 80))
        .col(string_len(Clinics::Status, 16).default("draft"))
        .col(integer(Clinics::Version).default(1))
        .col(string_len(Clinics::Country, 2))
        .col(string_len_null(Clinics::Phone, 40))
        .col(string_len_null(Clinics::BookingUrl, 2048))
        .col(string_len(Clinics::Timezone, 64))
        .col(timestamp_with_time_zone_null(Clinics::PublishAt))
        .col(timestamp_with_time_zone_null(Clinics::PublishedAt))
        .col(integer_null(Clinics::PublishedVersion))
        .col(uuid_null(Clinics::CreatedBy))
        .col(uuid_null(Clinics::UpdatedBy))
        .col(timestamp_with_time_zone(Clinics::CreatedAt))
        .col(timestamp_with_time_zone(Clinics::UpdatedAt))
        .foreign_key(&mut workspace_fk(
            "fk_clinics_workspace_id",
            Clinics::Table,
            Clinics::WorkspaceId,
        ))
        .foreign_key(&mut user_fk("fk_clinics_created_by", Clinics::Table, Clinics::CreatedBy))
        .foreign_key(&mut user_fk("fk_clinics_updated_by", Clinics::Table, Clinics::UpdatedBy))
        .to_owned()
}

fn clinic_translations() -> TableCreateStatement {
    Table::create()
        .table(ClinicTranslations::Table)
        .col(uuid(ClinicTranslations::ClinicId))
        .col(string_len(ClinicTranslations::Locale, 16))
        .col(string(ClinicTranslations::Name))
        .col(text_null(ClinicTranslations::Address))
        .col(string_null(ClinicTranslations::City))
        .col(string_null(ClinicTranslations::Region))
        .col(timestamp_with_time_zone(ClinicTranslations::UpdatedAt))
        .primary_key(&mut primary_key([ClinicTranslations::ClinicId, ClinicTranslations::Locale]))
        .foreign_key(&mut foreign_key(
            "fk_clinic_translations_clinic_id",
            (ClinicTranslations::Table, ClinicTranslations::ClinicId),
            (Clinics::Table, Clinics::Id),
            ForeignKeyAction::Cascade,
        ))
        .to_owned()
}

fn offerings() -> TableCreateStatement {
    Table::create()
        .table(Offerings::Table)
        .col(pk_uuid(Offerings::Id))
        .col(uuid(Offerings::WorkspaceId))
        .col(uuid(Offerings::ClinicId))
        .col(uuid(Offerings::TreatmentId))
        .col(boolean(Offerings::Active).default(true))
        .col(big_integer_null(Offerings::PriceAmount))
        .col(string_len_null(Offerings::PriceCurrency, 3))
        .col(integer_null(Offerings::DurationMinutes))
        .col(string_len_null(Offerings::BookingUrl, 2048))
        .col(integer(Offerings::Version).default(1))
        .col(uuid_null(Offerings::CreatedBy))
        .col(uuid_null(Offerings::UpdatedBy))
        .col(timestamp_with_time_zone(Offerings::CreatedAt))
        .col(timestamp_with_time_zone(Offerings::UpdatedAt))
        .foreign_key(&mut workspace_fk(
            "fk_offerings_workspace_id",
            Offerings::Table,
            Offerings::WorkspaceId,
        ))
        .foreign_key(&mut foreign_key(
            "fk_offerings_clinic_id",
            (Offerings::Table, Offerings::ClinicId),
            (Clinics::Table, Clinics::Id),
            ForeignKeyAction::Cascade,
        ))
        .foreign_key(&mut foreign_key(
            "fk_offerings_treatment_id",
            (Offerings::Table, Offerings::TreatmentId),
            (Treatments::Table, Treatments::Id),
            ForeignKeyAction::Cascade,
        ))
        .foreign_key(&mut user_fk(
            "fk_offerings_created_by",
            Offerings::Table,
            Offerings::CreatedBy,
        ))
        .foreign_key(&mut user_fk(
            "fk_offerings_updated_by",
            Offerings::Table,
            Offerings::UpdatedBy,
        ))
        .to_owned()
}

fn offering_translations() -> TableCreateStatement {
    Table::create()
        .table(OfferingTranslations::Table)
        .col(uuid(OfferingTranslations::OfferingId))
        .col(string_len(OfferingTranslations::Locale, 16))
        .col(text(OfferingTranslations::Notes))
        .primary_key(&mut primary_key([
            OfferingTranslations::OfferingId,
            OfferingTranslations::Locale,
        ]))
        .foreign_key(&mut foreign_key(
            "fk_offering_translations_offering_id",
            (OfferingTranslations::Table, OfferingTranslations::OfferingId),
            (Offerings::Table, Offerings::Id),
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
enum Clinics {
    Table,
    Id,
    WorkspaceId,
    Slug,
    Status,
    Version,
    Country,
    Phone,
    BookingUrl,
    Timezone,
    PublishAt,
    PublishedAt,
    PublishedVersion,
    CreatedBy,
    UpdatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ClinicTranslations {
    Table,
    ClinicId,
    Locale,
    Name,
    Address,
    City,
    Region,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Offerings {
    Table,
    Id,
    WorkspaceId,
    ClinicId,
    TreatmentId,
    Active,
    PriceAmount,
    PriceCurrency,
    DurationMinutes,
    BookingUrl,
    Version,
    CreatedBy,
    UpdatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum OfferingTranslations {
    Table,
    OfferingId,
    Locale,
    Notes,
}
