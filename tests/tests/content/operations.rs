//! Create, update, delete and restore: one transaction each, with a revision, and nothing
//! written — nor announced — when they fail.

use cutis::content::audit::Action;
use cutis::content::{Conditions, Offerings, Status, Treatments};
use cutis::error::Error;
use serde_json::json;

use crate::room::Room;

#[tokio::test]
async fn a_new_treatment_is_a_draft_at_version_one_with_one_revision_and_one_change() {
    let room = Room::new().await;
    let input =
        room.input::<Treatments>(json!({"slug": "microneedling", "name": "Microneedling"}), true);

    let view = room.content.create::<Treatments>(&room.scope, (), input).await.unwrap();

    assert_eq!((view.version, view.status.as_str()), (1, "draft"));
    assert_eq!(room.revision_count(view.id).await, 1);
    let changes = room.committed();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].entry.id, view.id);
    assert_eq!(changes[0].entry.slug, "microneedling");
    assert_eq!(changes[0].entry.status, Some(Status::Draft));
    assert_eq!(changes[0].action, Action::Create);
    assert!(!changes[0].delivery_changed, "a draft is not delivered");
}

#[tokio::test]
async fn a_change_on_a_stale_version_is_refused_writes_nothing_and_announces_nothing() {
    let room = Room::new().await;
    let input = room.input::<Conditions>(json!({"slug": "melasma", "name": "Melasma"}), true);
    let created = room.content.create::<Conditions>(&room.scope, (), input).await.unwrap();
    let first = room.input::<Conditions>(json!({"summary": "Brown patches"}), false);
    room.content.update::<Conditions>(&room.scope, (), (created.id, 1), first).await.unwrap();
    room.committed();

    let stale = room.input::<Conditions>(json!({"summary": "Overwritten"}), false);
    let refused = room.content.update::<Conditions>(&room.scope, (), (created.id, 1), stale).await;

    assert!(
        matches!(refused, Err(Error::VersionMismatch { expected: 1, current: 2 })),
        "{refused:?}"
    );
    let now = room.content.get::<Conditions>(&room.scope, (), created.id, None).await.unwrap();
    assert_eq!((now.version, now.summary.as_str()), (2, "Brown patches"));
    assert_eq!(room.revision_count(created.id).await, 2);
    assert!(room.committed().is_empty());
}

#[tokio::test]
async fn a_link_to_an_unknown_condition_is_named_and_leaves_no_treatment_behind() {
    let room = Room::new().await;
    let body = json!({"slug": "peel", "name": "Peel", "conditions": [{"condition": "rosacea"}]});
    let input = room.input::<Treatments>(body, true);

    let refused = room.content.create::<Treatments>(&room.scope, (), input).await;

    let Err(Error::Validation(errors)) = refused else { panic!("expected a 422, got {refused:?}") };
    assert_eq!(errors[0].field, "conditions[0].condition");
    let input = room.input::<Treatments>(json!({"slug": "peel", "name": "Peel"}), true);
    assert!(
        room.content.create::<Treatments>(&room.scope, (), input).await.is_ok(),
        "the slug is free"
    );
    assert_eq!(room.committed().len(), 1, "only the successful create was announced");
}

#[tokio::test]
async fn a_condition_a_treatment_links_to_cannot_be_deleted_and_stays() {
    let room = Room::new().await;
    let input = room.input::<Conditions>(json!({"slug": "melasma", "name": "Melasma"}), true);
    let melasma = room.content.create::<Conditions>(&room.scope, (), input).await.unwrap();
    let body = json!({"slug": "microneedling", "name": "Microneedling",
                      "conditions": [{"condition": "melasma"}]});
    let input = room.input::<Treatments>(body, true);
    room.content.create::<Treatments>(&room.scope, (), input).await.unwrap();

    let refused = room.content.delete::<Conditions>(&room.scope, (), (melasma.id, 1), None).await;

    let Err(Error::Conflict(message)) = refused else { panic!("expected a 409, got {refused:?}") };
    assert!(message.contains("'microneedling'"), "{message}");
    assert!(room.content.get::<Conditions>(&room.scope, (), melasma.id, None).await.is_ok());
    assert_eq!(room.revision_count(melasma.id).await, 1, "the delete's revision rolled back");
}

#[tokio::test]
async fn restoring_a_revision_makes_a_new_version_with_its_content() {
    let room = Room::new().await;
    let input = room.input::<Conditions>(json!({"slug": "acne-scars", "name": "Acne scars"}), true);
    let created = room.content.create::<Conditions>(&room.scope, (), input).await.unwrap();
    let rename = room.input::<Conditions>(json!({"name": "Scarring"}), false);
    room.content.update::<Conditions>(&room.scope, (), (created.id, 1), rename).await.unwrap();

    let restored = room
        .content
        .restore::<Conditions>(&room.scope, (), (created.id, 2), 1, None)
        .await
        .unwrap();

    assert_eq!((restored.version, restored.name.as_str()), (3, "Acne scars"));
    assert_eq!(room.revision_count(created.id).await, 3);
    let last = room.committed().pop().unwrap();
    assert_eq!(last.action, Action::Restore { from_version: 1 });
}

#[tokio::test]
async fn an_offering_under_another_workspaces_clinic_is_not_found() {
    let room = Room::new().await;
    let other = room.other_workspace("south").await;
    let clinic = room.input_in::<cutis::content::Clinics>(
        &other,
        json!({"slug": "harbour", "name": "Harbour", "country": "CA", "timezone": "America/Toronto"}),
        true,
    );
    let theirs = room.content.create::<cutis::content::Clinics>(&other, (), clinic).await.unwrap();
    let treatment = room.input::<Treatments>(json!({"slug": "peel", "name": "Peel"}), true);
    room.content.create::<Treatments>(&room.scope, (), treatment).await.unwrap();
    room.committed();

    let offering = room.input::<Offerings>(json!({"treatment": "peel"}), true);
    let refused = room.content.create::<Offerings>(&room.scope, theirs.id, offering).await;

    assert!(matches!(refused, Err(Error::NotFound(_))), "{refused:?}");
    assert!(room.committed().is_empty());
}
