//! Every entity under its own name: `use entity::prelude::*;` then `Treatment::find()`.

pub use crate::aftercare_step::Entity as AftercareStep;
pub use crate::api_key::Entity as ApiKey;
pub use crate::audit_log::Entity as AuditLog;
pub use crate::clinic::Entity as Clinic;
pub use crate::clinic_translation::Entity as ClinicTranslation;
pub use crate::complementary_note::Entity as ComplementaryNote;
pub use crate::complementary_treatment::Entity as ComplementaryTreatment;
pub use crate::condition::Entity as Condition;
pub use crate::condition_translation::Entity as ConditionTranslation;
pub use crate::faq::Entity as Faq;
pub use crate::membership::Entity as Membership;
pub use crate::offering::Entity as Offering;
pub use crate::offering_translation::Entity as OfferingTranslation;
pub use crate::published_link::Entity as PublishedLink;
pub use crate::published_snapshot::Entity as PublishedSnapshot;
pub use crate::refresh_token::Entity as RefreshToken;
pub use crate::revision::Entity as Revision;
pub use crate::treatment::Entity as Treatment;
pub use crate::treatment_condition::Entity as TreatmentCondition;
pub use crate::treatment_condition_note::Entity as TreatmentConditionNote;
pub use crate::treatment_reference::Entity as TreatmentReference;
pub use crate::treatment_translation::Entity as TreatmentTranslation;
pub use crate::user::Entity as User;
pub use crate::webhook::Entity as Webhook;
pub use crate::webhook_delivery::Entity as WebhookDelivery;
pub use crate::workspace::Entity as Workspace;
