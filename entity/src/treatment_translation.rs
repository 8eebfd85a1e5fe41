//! The `treatment_translations` table.

use sea_orm::entity::prelude::*;

/// A treatment's text in one locale, SEO fields included.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "treatment_translations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub treatment_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub locale: String,
    pub name: String,
    #[sea_orm(column_type = "JsonBinary")]
    pub also_known_as: Json,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    #[sea_orm(column_type = "Text")]
    pub downtime_notes: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub results_timeline: Option<String>,
    #[sea_orm(column_type = "JsonBinary")]
    pub contraindications: Json,
    /// Ordered side effects: what, how common, how long.
    #[sea_orm(column_type = "JsonBinary")]
    pub side_effects: Json,
    #[sea_orm(column_type = "JsonBinary")]
    pub suitable_for: Json,
    #[sea_orm(column_type = "JsonBinary")]
    pub not_suitable_for: Json,
    pub seo_meta_title: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub seo_meta_description: Option<String>,
    pub updated_at: DateTimeUtc,
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
