//! The workflow through the service: the transition table decides, publishing is announced
//! as a change of delivery, and clinics publish without review while offerings cannot.

use cutis::content::scheduler;
use cutis::content::workflow::Step;
use cutis::content::{Clinics, Conditions, Status};
use cutis::error::Error;
use serde_json::json;

use crate::room::Room;

async fn approved_condition(room: &Room) -> uuid::Uuid {
    let input = room.input::<Conditions>(json!({"slug": "melasma", "name": "Melasma"}), true);
    let id = room.content.create::<Conditions>(&room.scope, (), input).await.unwrap().id;
    room.content
        .step::<Conditions>(&room.scope, (id, 1), (Step::Submit, None, vec![]), "Ana")
        .await
        .unwrap();
    room.content
        .step::<Conditions>(&room.scope, (id, 2), (Step::Approve, None, vec![]), "Dr Roy")
        .await
        .unwrap();
    room.committed();
    id
}

#[tokio::test]
async fn an_approval_records_the_reviewer_and_publishing_is_a_change_of_delivery() {
    let room = Room::new().await;
    let id = approved_condition(&room).await;

    let publish = Step::Publish { at: None };
    let view = room
        .content
        .step::<Conditions>(&room.scope, (id, 3), (publish, None, vec![]), "Ana")
        .await
        .unwrap();

    assert_eq!(view.0.status.as_str(), "published");
    assert_eq!(view.0.review.map(|review| review.reviewer).as_deref(), Some("Dr Roy"));
    let changes = room.committed();
    assert_eq!(changes.len(), 1);
    assert!(changes[0].delivery_changed);
    assert_eq!(changes[0].entry.status, Some(Status::Published));
}

#[tokio::test]
async fn a_step_the_status_does_not_allow_is_refused_and_changes_nothing() {
    let room = Room::new().await;
    let id = approved_condition(&room).await;

    let refused = room
        .content
        .step::<Conditions>(&room.scope, (id, 3), (Step::Submit, None, vec![]), "Ana")
        .await;

    let Err(Error::InvalidTransition { step, status }) = refused else {
        panic!("expected a 409, got {refused:?}")
    };
    assert_eq!((step, status.as_str()), ("submit", "approved"));
    assert_eq!(room.revision_count(id).await, 3);
    assert!(room.committed().is_empty());
}

#[tokio::test]
async fn a_draft_clinic_publishes_without_review() {
    let room = Room::new().await;
    let body = json!({"slug": "harbour", "name": "Harbour", "country": "CA",
                      "timezone": "America/Toronto"});
    let input = room.input::<Clinics>(body, true);
    let id = room.content.create::<Clinics>(&room.scope, (), input).await.unwrap().id;

    let publish = Step::Publish { at: None };
    let view = room
        .content
        .step::<Clinics>(&room.scope, (id, 1), (publish, None, vec![]), "Ana")
        .await
        .unwrap();

    assert_eq!(view.0.status.as_str(), "published");
}

#[tokio::test]
async fn a_scheduled_publish_waits_approved_then_the_scheduler_publishes_it_once() {
    let room = Room::new().await;
    let id = approved_condition(&room).await;
    let at = chrono::Utc::now() + chrono::Duration::milliseconds(300);

    let step = Step::Publish { at: Some(at) };
    let waiting = room
        .content
        .step::<Conditions>(&room.scope, (id, 3), (step, None, vec![]), "Ana")
        .await
        .unwrap();
    assert_eq!(waiting.0.status.as_str(), "approved");
    assert!(!room.committed()[0].delivery_changed);
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let published = scheduler::publish_due(&room.content).await.unwrap();
    let again = scheduler::publish_due(&room.content).await.unwrap();

    assert_eq!(published.len(), 1);
    assert!(published[0].delivery_changed);
    assert!(again.is_empty(), "published once only");
    let now = room.content.get::<Conditions>(&room.scope, (), id, None).await.unwrap();
    assert_eq!(now.status.as_str(), "published");
    assert_eq!(room.committed().len(), 1, "followers heard the scheduled publish");
}
