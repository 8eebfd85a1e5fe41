//! The database schema of Cutis as sea-orm migrations, applied in order by [`Migrator`].
//!
//! Every migration runs on SQLite and PostgreSQL alike, forward and back.

pub use sea_orm_migration::prelude::*;

mod helpers;
mod m20261123_000001_create_workspaces_and_users;
mod m20261123_000002_create_conditions;
mod m20261123_000003_create_treatments;
mod m20261123_000004_create_treatment_links;
mod m20261123_000005_create_clinics_and_offerings;
mod m20261123_000006_create_api_keys;
mod m20261123_000007_create_revisions_and_snapshots;
mod m20261123_000008_create_audit_log;
mod m20261123_000009_create_webhooks;
mod m20261202_000010_create_invitations;
mod m20261202_000011_add_user_credentials;
mod m20261202_000012_audit_log_request_id;
mod m20261202_000013_webhook_outbox;
mod m20261202_000014_medical_governance;
mod m20261203_000015_web_sessions;
mod m20261203_000016_delivery_lookup_indexes;
mod m20261203_000017_media;

/// Every migration of Cutis, oldest first.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_create_workspaces_and_users::Migration),
            Box::new(m20261123_000002_create_conditions::Migration),
            Box::new(m20261123_000003_create_treatments::Migration),
            Box::new(m20261123_000004_create_treatment_links::Migration),
            Box::new(m20261123_000005_create_clinics_and_offerings::Migration),
            Box::new(m20261123_000006_create_api_keys::Migration),
            Box::new(m20261123_000007_create_revisions_and_snapshots::Migration),
            Box::new(m20261123_000008_create_audit_log::Migration),
            Box::new(m20261123_000009_create_webhooks::Migration),
            Box::new(m20261202_000010_create_invitations::Migration),
            Box::new(m20261202_000011_add_user_credentials::Migration),
            Box::new(m20261202_000012_audit_log_request_id::Migration),
            Box::new(m20261202_000013_webhook_outbox::Migration),
            Box::new(m20261202_000014_medical_governance::Migration),
            Box::new(m20261203_000015_web_sessions::Migration),
            Box::new(m20261203_000016_delivery_lookup_indexes::Migration),
            Box::new(m20261203_000017_media::Migration),
        ]
    }
}
