//! The `media_assets` table.

use sea_orm::entity::prelude::*;

/// An image of a workspace: its stored bytes' facts, credit, focal point and, for a patient
/// photo, the patient's consent (never the patient's name).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "media_assets")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub workspace_id: Uuid,
    pub kind: String,
    pub filename: String,
    pub media_type: String,
    pub width: i32,
    pub height: i32,
    pub byte_size: i64,
    pub content_hash: String,
    pub credit: Option<String>,
    pub focal_x: Option<f64>,
    pub focal_y: Option<f64>,
    pub consent_obtained_on: Option<Date>,
    /// Comma-separated channels: `website`, `app`, `social`.
    pub consent_scope: Option<String>,
    pub consent_expires_on: Option<Date>,
    pub consent_form_ref: Option<String>,
    pub version: i32,
    pub created_by: Option<Uuid>,
    pub updated_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::workspace::Entity",
        from = "Column::WorkspaceId",
        to = "super::workspace::Column::Id",
        on_delete = "Cascade"
    )]
    Workspace,
    #[sea_orm(has_many = "super::media_asset_text::Entity")]
    Texts,
}

impl Related<super::workspace::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Workspace.def()
    }
}

impl Related<super::media_asset_text::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Texts.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
