//! Media assets (images with their alt text and caption per locale, and a patient's consent
//! for a patient photo) and the images a treatment shows.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{
    create_indexes, drop_tables, foreign_key, index, primary_key, user_fk, workspace_fk,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(media_assets()).await?;
        manager.create_table(media_asset_texts()).await?;
        manager.create_table(treatment_media()).await?;
        create_indexes(
            manager,
            vec![
                index(
                    "idx_media_assets_workspace_id_updated_at",
                    MediaAssets::Table,
                    [MediaAssets::WorkspaceId, MediaAssets::UpdatedAt],
                ),
                index(
                    "idx_treatment_media_asset_id",
                    TreatmentMedia::Table,
                    [TreatmentMedia::AssetId],
                ),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [
                TreatmentMedia::Table.into_iden(),
                MediaAssetTexts::Table.into_iden(),
                MediaAssets::Table.into_iden(),
            ],
        )
        .await
    }
}

fn media_assets() -> TableCreateStatement {
    Table::create()
        .table(MediaAssets::Table)
        .col(pk_uuid(MediaAssets::Id))
        .col(uuid(MediaAssets::WorkspaceId))
        .col(string_len(MediaAssets::Kind, 16))
        .col(string_len(MediaAssets::Filename, 255))
        .col(string_len(MediaAssets::MediaType, 32))
        .col(integer(MediaAssets::Width))
        .col(integer(MediaAssets::Height))
        .col(big_integer(MediaAssets::ByteSize))
        .col(string_len(MediaAssets::ContentHash, 64))
        .col(string_len_null(MediaAssets::Credit, 200))
        .col(double_null(MediaAssets::FocalX))
        .col(double_null(MediaAssets::FocalY))
        .col(date_null(MediaAssets::ConsentObtainedOn))
        .col(string_len_null(MediaAssets::ConsentScope, 64))
        .col(date_null(MediaAssets::ConsentExpiresOn))
        .col(string_len_null(MediaAssets::ConsentFormRef, 200))
        .col(integer(MediaAssets::Version).default(1))
        .col(uuid_null(MediaAssets::CreatedBy))
        .col(uuid_null(MediaAssets::UpdatedBy))
        .col(timestamp_with_time_zone(MediaAssets::CreatedAt))
        .col(timestamp_with_time_zone(MediaAssets::UpdatedAt))
        .foreign_key(&mut workspace_fk(
            "fk_media_assets_workspace_id",
            MediaAssets::Table,
            MediaAssets::WorkspaceId,
        ))
        .foreign_key(&mut user_fk(
            "fk_media_assets_created_by",
            MediaAssets::Table,
            MediaAssets::CreatedBy,
        ))
        .foreign_key(&mut user_fk(
            "fk_media_assets_updated_by",
            MediaAssets::Table,
            MediaAssets::UpdatedBy,
        ))
        .to_owned()
}

fn media_asset_texts() -> TableCreateStatement {
    Table::create()
        .table(MediaAssetTexts::Table)
        .col(uuid(MediaAssetTexts::AssetId))
        .col(string_len(MediaAssetTexts::Locale, 16))
        .col(text(MediaAssetTexts::Alt))
        .col(text_null(MediaAssetTexts::Caption))
        .col(timestamp_with_time_zone(MediaAssetTexts::UpdatedAt))
        .primary_key(&mut primary_key([MediaAssetTexts::AssetId, MediaAssetTexts::Locale]))
        .foreign_key(&mut foreign_key(
            "fk_media_asset_texts_asset_id",
            (MediaAssetTexts::Table, MediaAssetTexts::AssetId),
            (MediaAssets::Table, MediaAssets::Id),
            ForeignKeyAction::Cascade,
        ))
        .to_owned()
}

/// An asset in use is never deleted (the API refuses, naming who uses it), so the key to the
/// asset takes no action of its own: checked at the end of the statement, it lets a deleted
/// workspace take its treatments and its assets together. The treatment's rows go with it.
fn treatment_media() -> TableCreateStatement {
    Table::create()
        .table(TreatmentMedia::Table)
        .col(uuid(TreatmentMedia::TreatmentId))
        .col(integer(TreatmentMedia::Position))
        .col(uuid(TreatmentMedia::AssetId))
        .col(string_len(TreatmentMedia::Role, 16))
        .col(integer_null(TreatmentMedia::Pair))
        .primary_key(&mut primary_key([TreatmentMedia::TreatmentId, TreatmentMedia::Position]))
        .foreign_key(&mut foreign_key(
            "fk_treatment_media_treatment_id",
            (TreatmentMedia::Table, TreatmentMedia::TreatmentId),
            (Treatments::Table, Treatments::Id),
            ForeignKeyAction::Cascade,
        ))
        .foreign_key(&mut foreign_key(
            "fk_treatment_media_asset_id",
            (TreatmentMedia::Table, TreatmentMedia::AssetId),
            (MediaAssets::Table, MediaAssets::Id),
            ForeignKeyAction::NoAction,
        ))
        .to_owned()
}

#[derive(DeriveIden)]
enum MediaAssets {
    Table,
    Id,
    WorkspaceId,
    Kind,
    Filename,
    MediaType,
    Width,
    Height,
    ByteSize,
    ContentHash,
    Credit,
    FocalX,
    FocalY,
    ConsentObtainedOn,
    ConsentScope,
    ConsentExpiresOn,
    ConsentFormRef,
    Version,
    CreatedBy,
    UpdatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum MediaAssetTexts {
    Table,
    AssetId,
    Locale,
    Alt,
    Caption,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum TreatmentMedia {
    Table,
    TreatmentId,
    Position,
    AssetId,
    Role,
    Pair,
}

#[derive(DeriveIden)]
enum Treatments {
    Table,
    Id,
}
