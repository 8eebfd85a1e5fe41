//! The `complementary_treatments` table.

use sea_orm::entity::prelude::*;

/// A treatment that complements another, with the minimum spacing between them.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "complementary_treatments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub treatment_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub complementary_id: Uuid,
    pub position: i32,
    pub min_spacing_weeks: Option<i32>,
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
        belongs_to = "super::treatment::Entity",
        from = "Column::ComplementaryId",
        to = "super::treatment::Column::Id",
        on_delete = "Cascade"
    )]
    Complementary,
    #[sea_orm(has_many = "super::complementary_note::Entity")]
    Notes,
}

impl Related<super::complementary_note::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Notes.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
