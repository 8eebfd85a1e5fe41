//! The `complementary_notes` table.

use sea_orm::entity::prelude::*;

/// A complementary-treatment link's note in one locale.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "complementary_notes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub treatment_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub complementary_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub locale: String,
    #[sea_orm(column_type = "Text")]
    pub note: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::complementary_treatment::Entity",
        from = "(Column::TreatmentId, Column::ComplementaryId)",
        to = "(super::complementary_treatment::Column::TreatmentId, super::complementary_treatment::Column::ComplementaryId)",
        on_delete = "Cascade"
    )]
    Link,
}

impl Related<super::complementary_treatment::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Link.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
