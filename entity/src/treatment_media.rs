//! The `treatment_media` table.

use sea_orm::entity::prelude::*;

/// One image a treatment shows, in order: its role (`hero`, `gallery`, `before`, `after`) and,
/// for a before or an after, the pair it belongs to.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "treatment_media")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub treatment_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub position: i32,
    pub asset_id: Uuid,
    pub role: String,
    pub pair: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::treatment::Entity",
        from = "Column::TreatmentId",
        to = "super::treatment::Column::Id",
        on_delete = "Cascade"
    )]
    Treatment,
    #[sea_orm(
        belongs_to = "super::media_asset::Entity",
        from = "Column::AssetId",
        to = "super::media_asset::Column::Id"
    )]
    Asset,
}

impl Related<super::treatment::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Treatment.def()
    }
}

impl Related<super::media_asset::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Asset.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
