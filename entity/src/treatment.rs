//! The `treatments` table.

use sea_orm::entity::prelude::*;

/// A treatment: its shared numbers, workflow state and medical review.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "treatments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub workspace_id: Uuid,
    pub slug: String,
    pub status: String,
    pub version: i32,
    pub procedure_minutes_min: Option<i32>,
    pub procedure_minutes_max: Option<i32>,
    pub sessions_min: Option<i32>,
    pub sessions_max: Option<i32>,
    pub session_interval_weeks_min: Option<i32>,
    pub session_interval_weeks_max: Option<i32>,
    pub downtime_days_min: Option<i32>,
    pub downtime_days_max: Option<i32>,
    pub reviewer_name: Option<String>,
    pub reviewed_at: Option<DateTimeUtc>,
    pub reviewed_by: Option<Uuid>,
    /// The claims-check warnings the reviewer accepted with the approval.
    #[sea_orm(column_type = "JsonBinary")]
    pub review_accepted: Json,
    /// The review (by its date) a "review due soon" notice was raised for.
    pub review_due_notice_for: Option<DateTimeUtc>,
    /// The review (by its date) an "overdue" notice was raised for.
    pub review_overdue_notice_for: Option<DateTimeUtc>,
    pub publish_at: Option<DateTimeUtc>,
    pub published_at: Option<DateTimeUtc>,
    pub published_version: Option<i32>,
    pub created_by: Option<Uuid>,
    pub updated_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::workspace::Entity",
        from = "Column::WorkspaceId",
        to = "super::workspace::Column::Id",
        on_delete = "Cascade"
    )]
    Workspace,
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::ReviewedBy",
        to = "super::user::Column::Id",
        on_delete = "SetNull"
    )]
    ReviewedBy,
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::CreatedBy",
        to = "super::user::Column::Id",
        on_delete = "SetNull"
    )]
    CreatedBy,
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::UpdatedBy",
        to = "super::user::Column::Id",
        on_delete = "SetNull"
    )]
    UpdatedBy,
    #[sea_orm(has_many = "super::treatment_translation::Entity")]
    Translations,
    #[sea_orm(has_many = "super::aftercare_step::Entity")]
    AftercareSteps,
    #[sea_orm(has_many = "super::faq::Entity")]
    Faqs,
    #[sea_orm(has_many = "super::treatment_reference::Entity")]
    References,
    #[sea_orm(has_many = "super::treatment_condition::Entity")]
    TreatmentConditions,
    #[sea_orm(has_many = "super::complementary_treatment::Entity", via_rel = "Relation::Treatment")]
    ComplementaryTreatments,
    #[sea_orm(has_many = "super::offering::Entity")]
    Offerings,
    #[sea_orm(has_many = "super::treatment_media::Entity")]
    Media,
}

impl Related<super::workspace::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Workspace.def()
    }
}

impl Related<super::treatment_translation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Translations.def()
    }
}

impl Related<super::aftercare_step::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AftercareSteps.def()
    }
}

impl Related<super::faq::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Faqs.def()
    }
}

impl Related<super::treatment_reference::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::References.def()
    }
}

impl Related<super::treatment_condition::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::TreatmentConditions.def()
    }
}

impl Related<super::complementary_treatment::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ComplementaryTreatments.def()
    }
}

impl Related<super::treatment_media::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Media.def()
    }
}

impl Related<super::offering::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Offerings.def()
    }
}

impl Related<super::condition::Entity> for Entity {
    fn to() -> RelationDef {
        super::treatment_condition::Relation::Condition.def()
    }

    fn via() -> Option<RelationDef> {
        Some(super::treatment_condition::Relation::Treatment.def().rev())
    }
}

impl ActiveModelBehavior for ActiveModel {}
