//! The outbox: a webhook delivery is written in the change's own transaction, so a change
//! that rolls back leaves none and one that commits leaves exactly one per listening endpoint.

use cutis::content::Conditions;
use cutis::content::workflow::Step;
use cutis::webhooks::endpoints::{self, NewWebhook};
use entity::webhook_delivery;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::json;

use crate::room::Room;

#[tokio::test]
async fn a_rolled_back_publish_queues_no_delivery_and_a_committed_one_queues_one() {
    let room = Room::new().await;
    let hook = NewWebhook {
        url: "http://127.0.0.1:9/hook".to_owned(),
        events: vec!["condition.published".to_owned()],
        description: None,
        clinic: None,
    };
    let workspace = (room.scope.workspace_id, room.scope.actor);
    endpoints::create(room.db(), workspace, hook, true).await.unwrap();
    let input = room.input::<Conditions>(json!({"slug": "melasma", "name": "Melasma"}), true);
    let id = room.content.create::<Conditions>(&room.scope, (), input).await.unwrap().id;
    for (version, step) in [(1, Step::Submit), (2, Step::Approve)] {
        room.content
            .step::<Conditions>(&room.scope, (id, version), (step, None, vec![]), "Dr Roy")
            .await
            .unwrap();
    }
    let publish = Step::Publish { at: None };
    *room.recorder.fail_within.lock().unwrap() = true;

    let refused = room
        .content
        .step::<Conditions>(&room.scope, (id, 3), (publish, None, vec![]), "Dr Roy")
        .await;

    assert!(refused.is_err());
    let queued = webhook_delivery::Entity::find().count(room.db()).await.unwrap();
    assert_eq!(queued, 0, "the rolled-back publish left a delivery");

    *room.recorder.fail_within.lock().unwrap() = false;
    room.content
        .step::<Conditions>(&room.scope, (id, 3), (publish, None, vec![]), "Dr Roy")
        .await
        .unwrap();

    let queued = webhook_delivery::Entity::find().all(room.db()).await.unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].event, "condition.published");
    assert_eq!(
        queued[0].payload["data"]["surrogate_keys"],
        json!(["workspace:north", "condition:melasma"])
    );
}
