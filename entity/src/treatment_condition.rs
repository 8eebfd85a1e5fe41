//! The `treatment_conditions` table.

use sea_orm::entity::prelude::*;

/// A condition a treatment treats, with its own session plan and position.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "treatment_conditions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub treatment_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub condition_id: Uuid,
    pub position: i32,
    pub sessions_min: Option<i32>,
    pub sessions_max: Option<i32>,
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
        belongs_to = "super::condition::Entity",
        from = "Column::ConditionId",
        to = "super::condition::Column::Id",
        on_delete = "Cascade"
    )]
    Condition,
    #[sea_orm(has_many = "super::treatment_condition_note::Entity")]
    Notes,
}

impl Related<super::treatment::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Treatment.def()
    }
}

impl Related<super::condition::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Condition.def()
    }
}

impl Related<super::treatment_condition_note::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Notes.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
