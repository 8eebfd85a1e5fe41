//! Users: people who sign in to the admin API. Passwords are stored as argon2id hashes only.

use chrono::{DateTime, Utc};
use entity::user;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::auth::password::{self, PasswordGate};
use crate::error::{Error, FieldError, Result};
use crate::validated::Email;

/// A user without their password hash, which never leaves this module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub is_platform_admin: bool,
    pub disabled: bool,
    pub created_at: DateTime<Utc>,
}

impl From<user::Model> for User {
    fn from(row: user::Model) -> Self {
        Self {
            id: row.id,
            email: row.email,
            display_name: row.display_name,
            is_platform_admin: row.is_platform_admin,
            disabled: row.disabled_at.is_some(),
            created_at: row.created_at,
        }
    }
}

/// Passwords shorter than this are refused; longer than the maximum too (hashing cost).
pub const MIN_PASSWORD_LEN: usize = 12;
pub const MAX_PASSWORD_LEN: usize = 512;

/// What creating a user takes, validated.
#[derive(Clone)]
pub struct NewUser {
    pub email: Email,
    pub password: String,
    pub display_name: String,
    pub is_platform_admin: bool,
}

impl NewUser {
    pub fn parse(email: &str, password: &str, display_name: Option<&str>) -> Result<Self> {
        let mut errors = Vec::new();
        let email = Email::parse(email).map_err(|m| errors.push(FieldError::new("email", m))).ok();
        let length = password.chars().count();
        if !(MIN_PASSWORD_LEN..=MAX_PASSWORD_LEN).contains(&length) {
            errors.push(FieldError::new(
                "password",
                format!("must be {MIN_PASSWORD_LEN} to {MAX_PASSWORD_LEN} characters long"),
            ));
        }
        let display_name = display_name.map(str::trim).unwrap_or_default();
        if display_name.chars().count() > 200 {
            errors.push(FieldError::new("display_name", "must be at most 200 characters long"));
        }
        // The name is printed in published JSON-LD as the reviewer: no line breaks or escapes.
        if display_name.chars().any(char::is_control) {
            errors.push(FieldError::new("display_name", "must not contain control characters"));
        }
        match email {
            Some(email) if errors.is_empty() => Ok(Self {
                display_name: if display_name.is_empty() {
                    email.as_str().split('@').next().unwrap_or_default().to_owned()
                } else {
                    display_name.to_owned()
                },
                email,
                password: password.to_owned(),
                is_platform_admin: false,
            }),
            _ => Err(Error::Validation(errors)),
        }
    }
}

pub async fn create(db: &impl ConnectionTrait, new: NewUser) -> Result<User> {
    if find_row_by_email(db, new.email.as_str()).await?.is_some() {
        return Err(Error::Conflict(format!("a user with email '{}' already exists", new.email)));
    }
    let hash = password::hash(new.password).await?;
    let now = Utc::now();
    let row = user::ActiveModel {
        id: Set(Uuid::now_v7()),
        email: Set(new.email.as_str().to_owned()),
        password_hash: Set(hash),
        display_name: Set(new.display_name),
        is_platform_admin: Set(new.is_platform_admin),
        disabled_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(row.into())
}

pub async fn get(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<User>> {
    Ok(user::Entity::find_by_id(id).one(db).await?.map(User::from))
}

pub async fn find_by_email(db: &impl ConnectionTrait, email: &str) -> Result<Option<User>> {
    Ok(find_row_by_email(db, email).await?.map(User::from))
}

/// The user whose email and password match, if any. Takes as long for an unknown email as for
/// a wrong password. Both hash only when `gate` gives them a turn (else `503 BUSY`).
pub async fn authenticate(
    db: &impl ConnectionTrait,
    gate: &PasswordGate,
    email: &str,
    password_attempt: &str,
) -> Result<Option<User>> {
    let email = email.trim().to_lowercase();
    let found = find_row_by_email(db, &email).await?;
    let _turn = gate.enter().await?;
    let Some(row) = found else {
        password::verify_against_nothing(password_attempt.to_owned()).await?;
        return Ok(None);
    };
    let matches = password::verify(password_attempt.to_owned(), row.password_hash.clone()).await?;
    Ok((matches && row.disabled_at.is_none()).then(|| User::from(row)))
}

async fn find_row_by_email(db: &impl ConnectionTrait, email: &str) -> Result<Option<user::Model>> {
    let email = email.trim().to_lowercase();
    // No account's email holds a NUL, and PostgreSQL would refuse to compare one.
    if email.contains('\0') {
        return Ok(None);
    }
    Ok(user::Entity::find().filter(user::Column::Email.eq(email)).one(db).await?)
}
