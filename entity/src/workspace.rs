//! The `workspaces` table.

use sea_orm::entity::prelude::*;

/// A tenant: one clinic group or agency client; nothing crosses workspaces.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "workspaces")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    pub default_locale: String,
    #[sea_orm(column_type = "JsonBinary")]
    pub locales: Json,
    #[sea_orm(column_type = "JsonBinary")]
    pub cors_origins: Json,
    /// The medical review policy: how long a review stays valid, when to warn, what overdue
    /// entries do, which fields a publish requires.
    #[sea_orm(column_type = "JsonBinary")]
    pub governance: Json,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::treatment::Entity")]
    Treatments,
    #[sea_orm(has_many = "super::condition::Entity")]
    Conditions,
    #[sea_orm(has_many = "super::clinic::Entity")]
    Clinics,
    #[sea_orm(has_many = "super::membership::Entity")]
    Memberships,
    #[sea_orm(has_many = "super::api_key::Entity")]
    ApiKeys,
    #[sea_orm(has_many = "super::webhook::Entity")]
    Webhooks,
    #[sea_orm(has_many = "super::claim_rule::Entity")]
    ClaimRules,
}

impl Related<super::treatment::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Treatments.def()
    }
}

impl Related<super::condition::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Conditions.def()
    }
}

impl Related<super::clinic::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Clinics.def()
    }
}

impl Related<super::membership::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Memberships.def()
    }
}

impl Related<super::api_key::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ApiKeys.def()
    }
}

impl Related<super::webhook::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Webhooks.def()
    }
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        super::membership::Relation::User.def()
    }

    fn via() -> Option<RelationDef> {
        Some(super::membership::Relation::Workspace.def().rev())
    }
}

impl ActiveModelBehavior for ActiveModel {}
