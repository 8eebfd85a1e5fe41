//! The `aftercare_steps` table.

use sea_orm::entity::prelude::*;

/// One aftercare step of a treatment in one locale, ordered by position.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "aftercare_steps")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub treatment_id: Uuid,
    pub locale: String,
    pub position: i32,
    pub timing: String,
    #[sea_orm(column_type = "Text")]
    pub instruction: String,
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
