//! Every entity reads and writes its table as the migrations made it, on SQLite always and on
//! PostgreSQL when `CUTIS_TEST_POSTGRES_URL` is set; deleting a workspace cascades as designed.

use entity::*;
use migration::{Migrator, MigratorTrait};
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Database, DatabaseConnection, PaginatorTrait};
use serde_json::json;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Inserts `$model` into `$module`'s table and checks it reads back unchanged.
macro_rules! round_trip {
    ($db:expr, $module:ident, $model:expr) => {{
        let model: $module::Model = $model;
        $module::Entity::insert($module::ActiveModel::from(model.clone()).reset_all())
            .exec_without_returning($db)
            .await?;
        let stored = $module::Entity::find().all($db).await?;
        assert!(stored.contains(&model), "{} read back as {stored:?}", stringify!($module));
    }};
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

/// One row in every table, all related, with every nullable column filled.
async fn insert_one_of_each(db: &DatabaseConnection) -> TestResult {
    // Whole seconds: PostgreSQL keeps microseconds only.
    let at = DateTimeUtc::from_timestamp(1_763_856_000, 0).ok_or("timestamp out of range")?;
    let (ws, user, cond, tr, tr2, clinic, offer, hook) =
        (id(1), id(2), id(3), id(4), id(5), id(6), id(7), id(8));

    round_trip!(
        db,
        workspace,
        workspace::Model {
            id: ws,
            slug: "derma-group".into(),
            name: "Derma Group".into(),
            default_locale: "en".into(),
            locales: json!(["en", "fr"]),
            cors_origins: json!(["https://example.com"]),
            governance: json!({"review_valid_months": 6}),
            created_at: at,
            updated_at: at,
        }
    );
    round_trip!(
        db,
        user,
        user::Model {
            id: user,
            email: "ed@example.com".into(),
            password_hash: "$argon2id$...".into(),
            display_name: "Ed".into(),
            credentials: Some("MD".into()),
            is_platform_admin: true,
            disabled_at: Some(at),
            created_at: at,
            updated_at: at,
        }
    );
    round_trip!(
        db,
        membership,
        membership::Model {
            workspace_id: ws,
            user_id: user,
            role: "editor".into(),
            created_at: at,
            updated_at: at,
        }
    );
    round_trip!(
        db,
        refresh_token,
        refresh_token::Model {
            id: id(10),
            user_id: user,
            family_id: id(11),
            token_hash: "ab".repeat(32),
            expires_at: at,
            used_at: Some(at),
            revoked_at: Some(at),
            created_at: at,
        }
    );
    round_trip!(
        db,
        web_session,
        web_session::Model {
            id: id(12),
            user_id: user,
            token_hash: "cd".repeat(32),
            created_at: at,
            last_seen_at: at,
            expires_at: at,
            revoked_at: Some(at),
        }
    );
    round_trip!(
        db,
        condition,
        condition::Model {
            id: cond,
            workspace_id: ws,
            slug: "melasma".into(),
            status: "published".into(),
            version: 3,
            publish_at: Some(at),
            published_at: Some(at),
            published_version: Some(3),
            reviewer_name: Some("Dr Reviewer".into()),
            reviewed_at: Some(at),
            review_accepted: json!([]),
            created_by: Some(user),
            updated_by: Some(user),
            created_at: at,
            updated_at: at,
        }
    );
    round_trip!(
        db,
        condition_translation,
        condition_translation::Model {
            condition_id: cond,
            locale: "en".into(),
            name: "Melasma".into(),
            synonyms: json!(["chloasma"]),
            summary: "Brown patches.".into(),
            body: "# Melasma".into(),
            updated_at: at,
        }
    );
    for (treatment_id, slug) in [(tr, "microneedling"), (tr2, "chemical-peel")] {
        round_trip!(
            db,
            treatment,
            treatment::Model {
                id: treatment_id,
                workspace_id: ws,
                slug: slug.into(),
                status: "draft".into(),
                version: 1,
                procedure_minutes_min: Some(30),
                procedure_minutes_max: Some(60),
                sessions_min: Some(3),
                sessions_max: Some(6),
                session_interval_weeks_min: Some(4),
                session_interval_weeks_max: Some(6),
                downtime_days_min: Some(1),
                downtime_days_max: Some(3),
                reviewer_name: Some("Dr Reviewer".into()),
                reviewed_at: Some(at),
                reviewed_by: Some(user),
                review_accepted: json!([{"id": "f-1"}]),
                review_due_notice_for: Some(at),
                review_overdue_notice_for: Some(at),
                publish_at: Some(at),
                published_at: Some(at),
                published_version: Some(1),
                created_by: Some(user),
                updated_by: Some(user),
                created_at: at,
                updated_at: at,
            }
        );
    }
    round_trip!(
        db,
        treatment_translation,
        treatment_translation::Model {
            treatment_id: tr,
            locale: "fr".into(),
            name: "Microneedling".into(),
            also_known_as: json!(["induction de collagène"]),
            summary: "Résumé".into(),
            body: "Corps".into(),
            downtime_notes: Some("Rougeurs".into()),
            results_timeline: Some("2 semaines".into()),
            contraindications: json!(["grossesse"]),
            side_effects: json!([{"effect": "rougeurs"}]),
            suitable_for: json!(["tous phototypes"]),
            not_suitable_for: json!(["grossesse"]),
            seo_meta_title: Some("Titre".into()),
            seo_meta_description: Some("Description".into()),
            updated_at: at,
        }
    );
    round_trip!(
        db,
        aftercare_step,
        aftercare_step::Model {
            id: id(20),
            treatment_id: tr,
            locale: "en".into(),
            position: 0,
            timing: "first 24 hours".into(),
            instruction: "No make-up.".into(),
        }
    );
    round_trip!(
        db,
        faq,
        faq::Model {
            id: id(21),
            treatment_id: tr,
            locale: "en".into(),
            position: 0,
            question: "Does it hurt?".into(),
            answer: "A little.".into(),
        }
    );
    round_trip!(
        db,
        treatment_reference,
        treatment_reference::Model {
            id: id(22),
            treatment_id: tr,
            position: 0,
            title: "A study".into(),
            url: "https://doi.org/10.1000/1".into(),
            year: Some(2021),
        }
    );
    round_trip!(
        db,
        treatment_condition,
        treatment_condition::Model {
            treatment_id: tr,
            condition_id: cond,
            position: 0,
            sessions_min: Some(2),
            sessions_max: Some(2),
        }
    );
    round_trip!(
        db,
        treatment_condition_note,
        treatment_condition_note::Model {
            treatment_id: tr,
            condition_id: cond,
            locale: "en".into(),
            notes: "About two sessions.".into(),
        }
    );
    round_trip!(
        db,
        complementary_treatment,
        complementary_treatment::Model {
            treatment_id: tr,
            complementary_id: tr2,
            position: 0,
            min_spacing_weeks: Some(2),
        }
    );
    round_trip!(
        db,
        complementary_note,
        complementary_note::Model {
            treatment_id: tr,
            complementary_id: tr2,
            locale: "en".into(),
            note: "Peel first.".into(),
        }
    );
    round_trip!(
        db,
        clinic,
        clinic::Model {
            id: clinic,
            workspace_id: ws,
            slug: "paris".into(),
            status: "published".into(),
            version: 2,
            country: "FR".into(),
            phone: Some("+33 1 23 45 67 89".into()),
            booking_url: Some("https://example.com/book".into()),
            timezone: "Europe/Paris".into(),
            publish_at: Some(at),
            published_at: Some(at),
            published_version: Some(2),
            created_by: Some(user),
            updated_by: Some(user),
            created_at: at,
            updated_at: at,
        }
    );
    round_trip!(
        db,
        clinic_translation,
        clinic_translation::Model {
            clinic_id: clinic,
            locale: "fr".into(),
            name: "Clinique de Paris".into(),
            address: Some("1 rue de Rivoli".into()),
            city: Some("Paris".into()),
            region: Some("Île-de-France".into()),
            updated_at: at,
        }
    );
    round_trip!(
        db,
        offering,
        offering::Model {
            id: offer,
            workspace_id: ws,
            clinic_id: clinic,
            treatment_id: tr,
            active: false,
            price_amount: Some(25_000_000_000),
            price_currency: Some("EUR".into()),
            duration_minutes: Some(45),
            booking_url: Some("https://example.com/book/mn".into()),
            version: 1,
            created_by: Some(user),
            updated_by: Some(user),
            created_at: at,
            updated_at: at,
        }
    );
    round_trip!(
        db,
        offering_translation,
        offering_translation::Model {
            offering_id: offer,
            locale: "fr".into(),
            notes: "Sur rendez-vous.".into(),
        }
    );
    round_trip!(
        db,
        api_key,
        api_key::Model {
            id: id(30),
            workspace_id: ws,
            clinic_id: Some(clinic),
            name: "Paris site".into(),
            kind: "delivery".into(),
            prefix: "cutis_dk_ab12".into(),
            key_hash: "cd".repeat(32),
            created_by: Some(user),
            created_at: at,
            last_used_at: Some(at),
            revoked_at: Some(at),
        }
    );
    round_trip!(
        db,
        revision,
        revision::Model {
            id: id(31),
            workspace_id: ws,
            entity_type: "treatment".into(),
            entity_id: tr,
            version: 1,
            snapshot: json!({"slug": "microneedling", "sessions": {"min": 3}}),
            author_id: Some(user),
            note: Some("First draft".into()),
            created_at: at,
        }
    );
    round_trip!(
        db,
        published_snapshot,
        published_snapshot::Model {
            id: id(32),
            workspace_id: ws,
            entity_type: "treatment".into(),
            entity_id: tr,
            slug: "microneedling".into(),
            locale: "en".into(),
            version: 1,
            document: json!({"name": "Microneedling", "faqs": []}),
            etag: "\"t-1-en\"".into(),
            sort_name: "microneedling".into(),
            search_text: "microneedling collagen".into(),
            published_at: at,
        }
    );
    round_trip!(
        db,
        published_link,
        published_link::Model {
            workspace_id: ws,
            entity_type: "treatment".into(),
            entity_id: tr,
            relation: "condition".into(),
            target_slug: "melasma".into(),
        }
    );
    round_trip!(
        db,
        audit_log,
        audit_log::Model {
            id: id(33),
            workspace_id: Some(ws),
            actor_user_id: Some(user),
            actor_api_key_id: Some(id(30)),
            action: "treatment.publish".into(),
            entity_type: Some("treatment".into()),
            entity_id: Some(tr),
            detail: json!({"version": 1}),
            created_at: at,
            request_id: Some("req-7".into()),
        }
    );
    round_trip!(
        db,
        webhook,
        webhook::Model {
            id: hook,
            workspace_id: ws,
            url: "https://example.com/hook".into(),
            secret: "whsec_123".into(),
            events: json!(["treatment.published"]),
            active: true,
            created_by: Some(user),
            created_at: at,
            updated_at: at,
            description: "Rebuild the website".into(),
            clinic_id: Some(clinic),
            previous_secret: Some("whsec_old".into()),
            previous_secret_expires_at: Some(at),
            disabled_reason: Some("the endpoint answered 410 Gone".into()),
        }
    );
    round_trip!(
        db,
        webhook_delivery,
        webhook_delivery::Model {
            id: id(34),
            webhook_id: hook,
            event: "treatment.published".into(),
            payload: json!({"slug": "microneedling"}),
            status: "failed".into(),
            attempts: 2,
            next_attempt_at: at,
            last_status_code: Some(500),
            last_error: Some("server error".into()),
            created_at: at,
            delivered_at: Some(at),
            last_response_body: Some("oops".into()),
            last_duration_ms: Some(12),
        }
    );
    round_trip!(
        db,
        media_asset,
        media_asset::Model {
            id: id(36),
            workspace_id: ws,
            kind: "patient_photo".into(),
            filename: "before.jpg".into(),
            media_type: "image/jpeg".into(),
            width: 1600,
            height: 1200,
            byte_size: 123_456,
            content_hash: "ab".repeat(32),
            credit: Some("Northshore Skin Clinic".into()),
            focal_x: Some(0.5),
            focal_y: Some(0.25),
            consent_obtained_on: Some(at.date_naive()),
            consent_scope: Some("website,app".into()),
            consent_expires_on: Some(at.date_naive()),
            consent_form_ref: Some("CF-2026-0141".into()),
            version: 1,
            created_by: Some(user),
            updated_by: Some(user),
            created_at: at,
            updated_at: at,
        }
    );
    round_trip!(
        db,
        media_asset_text,
        media_asset_text::Model {
            asset_id: id(36),
            locale: "en".into(),
            alt: "Cheek before the first session".into(),
            caption: Some("Before".into()),
            updated_at: at,
        }
    );
    round_trip!(
        db,
        treatment_media,
        treatment_media::Model {
            treatment_id: tr,
            position: 0,
            asset_id: id(36),
            role: "before".into(),
            pair: Some(1),
        }
    );
    round_trip!(
        db,
        claim_rule,
        claim_rule::Model {
            id: id(35),
            workspace_id: ws,
            builtin: Some("en-cure".into()),
            locale: Some("en".into()),
            matching: "phrase".into(),
            pattern: "miracle".into(),
            reason: "Promises a result no treatment can".into(),
            severity: "warn".into(),
            enabled: false,
            created_at: at,
            updated_at: at,
        }
    );
    Ok(())
}

/// The relations a service would follow, composite and many-to-many ones included.
async fn follow_relations(db: &DatabaseConnection) -> TestResult {
    let treatment = treatment::Entity::find_by_id(id(4)).one(db).await?.ok_or("no treatment")?;

    let conditions = treatment.find_related(condition::Entity).all(db).await?;
    let links = treatment.find_related(treatment_condition::Entity).all(db).await?;
    let notes = treatment_condition_note::Entity::find()
        .inner_join(treatment_condition::Entity)
        .all(db)
        .await?;
    let complementary = treatment.find_related(complementary_treatment::Entity).all(db).await?;
    let members = workspace::Entity::find().find_also_related(user::Entity);

    assert_eq!(conditions.len(), 1);
    assert_eq!(links.len(), 1);
    assert_eq!(notes.len(), 1);
    assert_eq!(complementary.first().map(|c| c.complementary_id), Some(id(5)));
    assert_eq!(members.all(db).await?.len(), 1);
    Ok(())
}

/// Deleting the workspace removes its content, keeps users, and keeps the audit trail.
async fn delete_workspace(db: &DatabaseConnection) -> TestResult {
    workspace::Entity::delete_by_id(id(1)).exec(db).await?;

    assert_eq!(treatment::Entity::find().count(db).await?, 0);
    assert_eq!(treatment_condition_note::Entity::find().count(db).await?, 0);
    assert_eq!(complementary_note::Entity::find().count(db).await?, 0);
    assert_eq!(offering_translation::Entity::find().count(db).await?, 0);
    assert_eq!(api_key::Entity::find().count(db).await?, 0);
    assert_eq!(claim_rule::Entity::find().count(db).await?, 0);
    assert_eq!(webhook_delivery::Entity::find().count(db).await?, 0);
    assert_eq!(published_link::Entity::find().count(db).await?, 0);
    assert_eq!(media_asset::Entity::find().count(db).await?, 0);
    assert_eq!(treatment_media::Entity::find().count(db).await?, 0);
    assert_eq!(membership::Entity::find().count(db).await?, 0);
    assert_eq!(user::Entity::find().count(db).await?, 1);
    let audit = audit_log::Entity::find().all(db).await?;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit.first().and_then(|a| a.workspace_id), None);
    Ok(())
}

async fn check(db: &DatabaseConnection) -> TestResult {
    Migrator::up(db, None).await?;
    insert_one_of_each(db).await?;
    follow_relations(db).await?;
    delete_workspace(db).await
}

#[tokio::test]
async fn every_entity_round_trips_and_a_deleted_workspace_cascades_on_sqlite() -> TestResult {
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("cutis.db").display());
    let db = Database::connect(url).await?;

    let outcome = check(&db).await;

    db.close().await?;
    outcome
}

#[tokio::test]
async fn every_entity_round_trips_on_postgres_when_configured() -> TestResult {
    let Ok(admin_url) = std::env::var("CUTIS_TEST_POSTGRES_URL") else {
        eprintln!("CUTIS_TEST_POSTGRES_URL is not set: skipping the PostgreSQL run");
        return Ok(());
    };
    let admin = Database::connect(admin_url.as_str()).await?;
    let name = format!("cutis_test_{}", Uuid::new_v4().simple());
    admin.execute_unprepared(&format!(r#"CREATE DATABASE "{name}""#)).await?;

    let outcome = match Database::connect(with_database(&admin_url, &name)).await {
        Ok(db) => {
            let outcome = check(&db).await;
            db.close().await?;
            outcome
        }
        Err(err) => Err(err.into()),
    };

    // Drop first, whatever happened, then report the failure.
    let dropped =
        admin.execute_unprepared(&format!(r#"DROP DATABASE "{name}" WITH (FORCE)"#)).await;
    admin.close().await?;
    outcome?;
    dropped?;
    Ok(())
}

/// `url` with its database name replaced by `name` (query string kept).
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, ""), |(b, q)| (b, q));
    let authority = base.find("://").map_or(0, |i| i + 3);
    let server = base[authority..].find('/').map_or(base, |slash| &base[..authority + slash]);
    let query = if query.is_empty() { String::new() } else { format!("?{query}") };
    format!("{server}/{name}{query}")
}
