//! Reviews falling due: the scheduler's round announces each review once when it falls due
//! soon and once when overdue, and under the `withdraw` policy takes an overdue treatment out
//! of delivery until it is reviewed again.

use chrono::{Duration, Utc};
use cutis::content::Treatments;
use cutis::content::governance::review_due;
use cutis::content::workflow::Step;
use cutis::webhooks::endpoints::{self, NewWebhook};
use entity::{published_snapshot, treatment, webhook_delivery, workspace};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

use crate::room::Room;

/// A published treatment, with an endpoint listening for `treatment.review_due`.
async fn published(room: &Room) -> Uuid {
    let hook = NewWebhook {
        url: "http://127.0.0.1:9/hook".to_owned(),
        events: vec!["treatment.review_due".to_owned()],
        description: None,
        clinic: None,
    };
    endpoints::create(room.db(), (room.scope.workspace_id, room.scope.actor), hook, true)
        .await
        .unwrap();
    let input = room.input::<Treatments>(cutis_tests::microneedling(), true);
    let id = room.content.create::<Treatments>(&room.scope, (), input).await.unwrap().id;
    let steps = [Step::Submit, Step::Approve, Step::Publish { at: None }];
    for (version, step) in (1..).zip(steps) {
        room.content
            .step::<Treatments>(&room.scope, (id, version), (step, None, vec![]), "Dr Roy")
            .await
            .unwrap();
    }
    id
}

async fn age_review(room: &Room, id: Uuid, days: i64) {
    treatment::Entity::update_many()
        .col_expr(treatment::Column::ReviewedAt, Expr::value(Utc::now() - Duration::days(days)))
        .filter(treatment::Column::Id.eq(id))
        .exec(room.db())
        .await
        .unwrap();
}

async fn announced(room: &Room) -> Vec<serde_json::Value> {
    let rows = webhook_delivery::Entity::find().all(room.db()).await.unwrap();
    rows.into_iter()
        .filter(|row| row.event == "treatment.review_due")
        .map(|row| row.payload)
        .collect()
}

#[tokio::test]
async fn a_review_is_announced_once_due_soon_and_once_overdue_and_a_fresh_one_is_silent() {
    let room = Room::new().await;
    let id = published(&room).await;

    let fresh = review_due::announce(&room.content, Utc::now()).await.unwrap();
    age_review(&room, id, 350).await;
    let soon = review_due::announce(&room.content, Utc::now()).await.unwrap();
    let again = review_due::announce(&room.content, Utc::now()).await.unwrap();
    age_review(&room, id, 370).await;
    let overdue = review_due::announce(&room.content, Utc::now()).await.unwrap();
    let once_more = review_due::announce(&room.content, Utc::now()).await.unwrap();

    assert!(fresh.is_empty());
    assert_eq!((soon.len(), again.len(), overdue.len(), once_more.len()), (1, 0, 1, 0));
    let payloads = announced(&room).await;
    assert_eq!(payloads.len(), 2);
    assert_eq!(payloads[0]["data"]["review"]["overdue"], false);
    assert_eq!(payloads[1]["data"]["review"]["overdue"], true);
    assert_eq!(payloads[1]["data"]["slug"], "microneedling");
    assert!(payloads[1]["data"]["review"]["next_review_due"].is_string());
    let row = treatment::Entity::find_by_id(id).one(room.db()).await.unwrap().unwrap();
    assert_eq!(row.status, "published", "the default policy only flags an overdue review");
}

#[tokio::test]
async fn under_the_withdraw_policy_an_overdue_treatment_leaves_delivery_until_reviewed_again() {
    let room = Room::new().await;
    let other = room.other_workspace("south").await;
    workspace::Entity::update_many()
        .col_expr(workspace::Column::Governance, Expr::value(json!({"overdue_policy": "withdraw"})))
        .filter(workspace::Column::Id.eq(room.scope.workspace_id))
        .exec(room.db())
        .await
        .unwrap();
    let id = published(&room).await;
    age_review(&room, id, 400).await;

    let changes = review_due::announce(&room.content, Utc::now()).await.unwrap();

    let row = treatment::Entity::find_by_id(id).one(room.db()).await.unwrap().unwrap();
    assert_eq!(row.status, "draft");
    let snapshots = published_snapshot::Entity::find()
        .filter(published_snapshot::Column::EntityId.eq(id))
        .count(room.db())
        .await
        .unwrap();
    assert_eq!(snapshots, 0, "delivery no longer serves it");
    assert!(changes.iter().any(|change| change.delivery_changed));
    assert!(changes.iter().all(|change| change.workspace_id != other.workspace_id));
}
