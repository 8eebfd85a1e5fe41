//! Followers hear every committed change once inside its transaction and once after; a
//! follower that fails inside the transaction undoes the change.

use cutis::content::workflow::Step;
use cutis::content::{Conditions, Status};
use serde_json::json;

use crate::room::Room;

#[tokio::test]
async fn followers_hear_a_change_inside_its_transaction_and_after_its_commit() {
    let room = Room::new().await;
    let input = room.input::<Conditions>(json!({"slug": "melasma", "name": "Melasma"}), true);

    room.content.create::<Conditions>(&room.scope, (), input).await.unwrap();

    let heard = room.recorder.heard.lock().unwrap();
    assert_eq!(heard.within.len(), 1);
    assert_eq!(heard.within, heard.committed);
}

#[tokio::test]
async fn a_follower_failing_inside_the_transaction_undoes_the_publish() {
    let room = Room::new().await;
    let input = room.input::<Conditions>(json!({"slug": "melasma", "name": "Melasma"}), true);
    let created = room.content.create::<Conditions>(&room.scope, (), input).await.unwrap();
    let id = created.id;
    room.content
        .step::<Conditions>(&room.scope, (id, 1), (Step::Submit, None, vec![]), "Dr Roy")
        .await
        .unwrap();
    room.content
        .step::<Conditions>(&room.scope, (id, 2), (Step::Approve, None, vec![]), "Dr Roy")
        .await
        .unwrap();
    room.committed();
    *room.recorder.fail_within.lock().unwrap() = true;

    let publish = Step::Publish { at: None };
    let refused = room
        .content
        .step::<Conditions>(&room.scope, (id, 3), (publish, None, vec![]), "Dr Roy")
        .await;

    assert!(refused.is_err());
    let now = room.content.get::<Conditions>(&room.scope, (), id, None).await.unwrap();
    assert_eq!((now.version, now.status.as_str()), (3, Status::Approved.as_str()));
    assert!(now.published_at.is_none());
    assert!(room.committed().is_empty(), "nothing was committed, so nothing is heard after");
}
