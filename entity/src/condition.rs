//! The `conditions` table.

use sea_orm::entity::prelude::*;

/// A condition a treatment treats (e.g. melasma); its text lives in translations.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "conditions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub workspace_id: Uuid,
    pub slug: String,
    pub status: String,
    pub version: i32,
    pub publish_at: Option<DateTimeUtc>,
    pub published_at: Option<DateTimeUtc>,
    pub published_version: Option<i32>,
    pub reviewer_name: Option<String>,
    pub reviewed_at: Option<DateTimeUtc>,
    /// The claims-check warnings the reviewer accepted with the approval.
    #[sea_orm(column_type = "JsonBinary")]
    pub review_accepted: Json,
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
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::CreatedBy",
        to = "super::user::Column::Id",
        on_delete = "SetNull"
    )]
    CreatedBy,
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::UpdatedBy",
        to = "super::user::Column::Id",
        on_delete = "SetNull"
    )]
    UpdatedBy,
    #[sea_orm(has_many = "super::condition_translation::Entity")]
    Translations,
    #[sea_orm(has_many = "super::treatment_condition::Entity")]
    TreatmentConditions,
}

impl Related<super::workspace::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Workspace.def()
    }
}

impl Related<super::condition_translation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Translations.def()
    }
}

impl Related<super::treatment_condition::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::TreatmentConditions.def()
    }
}

impl Related<super::treatment::Entity> for Entity {
    fn to() -> RelationDef {
        super::treatment_condition::Relation::Treatment.def()
    }

    fn via() -> Option<RelationDef> {
        Some(super::treatment_condition::Relation::Condition.def().rev())
    }
}

impl ActiveModelBehavior for ActiveModel {}
