//! sea-orm entities of Cutis, one file per table (see the `migration` crate for the schema).

pub mod prelude;

pub mod aftercare_step;
pub mod api_key;
pub mod audit_log;
pub mod claim_rule;
pub mod clinic;
pub mod clinic_translation;
pub mod complementary_note;
pub mod complementary_treatment;
pub mod condition;
pub mod condition_translation;
pub mod faq;
pub mod invitation;
pub mod media_asset;
pub mod media_asset_text;
pub mod membership;
pub mod offering;
pub mod offering_translation;
pub mod published_link;
pub mod published_snapshot;
pub mod refresh_token;
pub mod revision;
pub mod treatment;
pub mod treatment_condition;
pub mod treatment_condition_note;
pub mod treatment_media;
pub mod treatment_reference;
pub mod treatment_translation;
pub mod user;
pub mod web_session;
pub mod webhook;
pub mod webhook_delivery;
pub mod workspace;
