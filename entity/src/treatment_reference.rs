//! The `treatment_references` table.

use sea_orm::entity::prelude::*;

/// One evidence reference of a treatment, shared across locales.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "treatment_references")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub treatment_id: Uuid,
    pub position: i32,
    pub title: String,
    pub url: String,
    pub year: Option<i32>,
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
}

impl Related<super::treatment::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Treatment.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
