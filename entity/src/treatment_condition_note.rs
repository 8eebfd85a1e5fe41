//! The `treatment_condition_notes` table.

use sea_orm::entity::prelude::*;

/// A treatment–condition link's notes in one locale.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "treatment_condition_notes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub treatment_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub condition_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub locale: String,
    #[sea_orm(column_type = "Text")]
    pub notes: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::treatment_condition::Entity",
        from = "(Column::TreatmentId, Column::ConditionId)",
        to = "(super::treatment_condition::Column::TreatmentId, super::treatment_condition::Column::ConditionId)",
        on_delete = "Cascade"
    )]
    Link,
}

impl Related<super::treatment_condition::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Link.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
