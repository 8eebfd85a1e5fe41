//! The `offering_translations` table.

use sea_orm::entity::prelude::*;

/// An offering's local notes in one locale.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "offering_translations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub offering_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub locale: String,
    #[sea_orm(column_type = "Text")]
    pub notes: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::offering::Entity",
        from = "Column::OfferingId",
        to = "super::offering::Column::Id",
        on_delete = "Cascade"
    )]
    Offering,
}

impl Related<super::offering::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Offering.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
