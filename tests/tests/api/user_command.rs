//! `cutis user create`: the account an operator makes, and the name it carries as a reviewer.

use cutis::accounts::users;
use cutis::error::Error;
use cutis::operator::{self, NewAccount};
use cutis::server::SchemaPolicy;
use cutis_tests::{TestDatabase, test_settings};

const PASSWORD: &str = "a long enough password";

#[tokio::test]
async fn creating_a_user_with_a_name_records_that_name() {
    let database = TestDatabase::create().await;
    let settings = test_settings(&database.url());
    let account = NewAccount {
        email: "amelie.roy@northlight.example",
        name: Some("Dr Amélie Roy"),
        credentials: Some("MD, dermatologist"),
        platform_admin: false,
    };

    operator::create_user(&settings, SchemaPolicy::Migrate, account, PASSWORD, None)
        .await
        .expect("created");

    let db = database.connect().await;
    let user = users::find_by_email(&db, "amelie.roy@northlight.example").await.unwrap();
    let user = user.expect("stored");
    assert_eq!(user.display_name, "Dr Amélie Roy");
    assert_eq!(user.reviewer_name(), "Dr Amélie Roy, MD, dermatologist");
}

#[tokio::test]
async fn creating_a_user_without_a_name_uses_the_local_part_of_the_email() {
    let database = TestDatabase::create().await;
    let settings = test_settings(&database.url());
    let account = NewAccount {
        email: "first.last@northlight.example",
        name: None,
        credentials: None,
        platform_admin: false,
    };

    operator::create_user(&settings, SchemaPolicy::Migrate, account, PASSWORD, None)
        .await
        .expect("created");

    let db = database.connect().await;
    let user = users::find_by_email(&db, "first.last@northlight.example").await.unwrap();
    assert_eq!(user.expect("stored").display_name, "first.last");
}

#[tokio::test]
async fn a_name_with_a_line_break_is_refused_and_no_account_is_made() {
    let database = TestDatabase::create().await;
    let settings = test_settings(&database.url());
    let account = NewAccount {
        email: "amelie.roy@northlight.example",
        name: Some("Dr Amélie Roy\nMD"),
        credentials: None,
        platform_admin: false,
    };

    let outcome =
        operator::create_user(&settings, SchemaPolicy::Migrate, account, PASSWORD, None).await;

    match outcome {
        Err(Error::Validation(errors)) => {
            assert!(format!("{errors:?}").contains("display_name"), "{errors:?}")
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    let db = database.connect().await;
    let user = users::find_by_email(&db, "amelie.roy@northlight.example").await.unwrap();
    assert!(user.is_none());
}
