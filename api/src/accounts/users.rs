//! Users: people who sign in to the admin API. Passwords are stored as argon2id hashes only.

use chrono::{DateTime, Utc};
use entity::user;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::auth::password::{self, PasswordGate};
use crate::error::{Error, FieldError, Result};
use crate::validated::Email;
use crate::validated::rules::{
    self, FieldRules, NO_CONTROL_PATTERN, NOT_BLANK_NO_CONTROL_PATTERN, Rule,
};

/// A user without their password hash, which never leaves this module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    /// Professional credentials ("MD, dermatologist"), if the person has given any.
    pub credentials: Option<String>,
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
            credentials: row.credentials,
            is_platform_admin: row.is_platform_admin,
            disabled: row.disabled_at.is_some(),
            created_at: row.created_at,
        }
    }
}

impl User {
    /// How an approval by this person names its medical reviewer: "Dr. Lea Martin, MD,
    /// dermatologist", or the name alone without credentials. Written into the entry when it
    /// is approved, so a later change of name does not rewrite past reviews.
    pub fn reviewer_name(&self) -> String {
        match &self.credentials {
            Some(credentials) => format!("{}, {credentials}", self.display_name),
            None => self.display_name.clone(),
        }
    }
}

/// The longest display name, and the longest credentials, a person may give.
pub const MAX_DISPLAY_NAME: usize = 200;
pub const MAX_CREDENTIALS: usize = 200;

/// The rules [`ProfileChange`] and an invitation's new account apply to names and
/// credentials, by the schema of the body they read, for the OpenAPI document.
pub fn schema_rules() -> Vec<(&'static str, Vec<FieldRules>)> {
    let name = || {
        let rules =
            [Rule::MaxLength(MAX_DISPLAY_NAME), rules::pattern(NOT_BLANK_NO_CONTROL_PATTERN)];
        FieldRules::new("display_name", rules)
    };
    // An invitation's new account may leave its name empty: it defaults to the email's.
    let optional_name = FieldRules::new(
        "display_name",
        [Rule::MaxLength(MAX_DISPLAY_NAME), rules::pattern(NO_CONTROL_PATTERN)],
    );
    let credentials = || {
        let rules = [Rule::MaxLength(MAX_CREDENTIALS), rules::pattern(NO_CONTROL_PATTERN)];
        FieldRules::new("credentials", rules)
    };
    let password = FieldRules::new(
        "password",
        [Rule::MinLength(MIN_PASSWORD_LEN), Rule::MaxLength(MAX_PASSWORD_LEN)],
    );
    vec![
        ("UpdateMe", vec![name(), credentials()]),
        ("AcceptInvitation", vec![optional_name, credentials(), password]),
    ]
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
    pub credentials: Option<String>,
    pub is_platform_admin: bool,
}

impl NewUser {
    /// The account `email` would be, with its password and how the person is named;
    /// `display_name` defaults to the email's local part.
    pub fn parse(
        email: &str,
        password: &str,
        display_name: Option<&str>,
        credentials: Option<&str>,
    ) -> Result<Self> {
        let mut errors = Vec::new();
        let email = Email::parse(email).map_err(|m| errors.push(FieldError::new("email", m))).ok();
        let length = password.chars().count();
        if !(MIN_PASSWORD_LEN..=MAX_PASSWORD_LEN).contains(&length) {
            errors.push(FieldError::new(
                "password",
                format!("must be {MIN_PASSWORD_LEN} to {MAX_PASSWORD_LEN} characters long"),
            ));
        }
        let display_name = published_text(&mut errors, "display_name", display_name);
        let credentials = published_text(&mut errors, "credentials", credentials);
        match email {
            Some(email) if errors.is_empty() => Ok(Self {
                display_name: display_name.unwrap_or_else(|| {
                    email.as_str().split('@').next().unwrap_or_default().to_owned()
                }),
                credentials,
                email,
                password: password.to_owned(),
                is_platform_admin: false,
            }),
            _ => Err(Error::Validation(errors)),
        }
    }
}

/// A change to how a person is named: `None` keeps a field, `Some(None)` clears the
/// credentials (a display name cannot be cleared).
#[derive(Clone, Debug, Default)]
pub struct ProfileChange {
    pub display_name: Option<String>,
    pub credentials: Option<Option<String>>,
}

impl ProfileChange {
    /// Checks a partial update (absent keeps, `null` clears), reporting every violation.
    pub fn parse(
        display_name: Option<Option<&str>>,
        credentials: Option<Option<&str>>,
    ) -> Result<Self> {
        let mut errors = Vec::new();
        let display_name = match display_name {
            None => None,
            Some(given) => match published_text(&mut errors, "display_name", given) {
                Some(name) => Some(name),
                None => {
                    errors.push(FieldError::new(
                        "display_name",
                        "must not be empty: an account has a name",
                    ));
                    None
                }
            },
        };
        let credentials =
            credentials.map(|given| published_text(&mut errors, "credentials", given));
        if errors.is_empty() {
            Ok(Self { display_name, credentials })
        } else {
            Err(Error::Validation(errors))
        }
    }
}

/// A name or credentials as published with a review: trimmed, `None` when empty, at most
/// [`MAX_DISPLAY_NAME`] characters, and no control characters — JSON-LD prints it as the
/// reviewer, where a line break or escape would be somebody else's text.
fn published_text(
    errors: &mut Vec<FieldError>,
    field: &str,
    given: Option<&str>,
) -> Option<String> {
    let text = given.map(str::trim).unwrap_or_default();
    let limit = if field == "credentials" { MAX_CREDENTIALS } else { MAX_DISPLAY_NAME };
    if text.chars().count() > limit {
        errors.push(FieldError::new(field, format!("must be at most {limit} characters long")));
    }
    // Checked before trimming, as the OpenAPI document states it: no control character at all.
    if given.is_some_and(|given| given.chars().any(char::is_control)) {
        errors.push(FieldError::new(field, "must not contain control characters"));
    }
    (!text.is_empty()).then(|| text.to_owned())
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
        credentials: Set(new.credentials),
        is_platform_admin: Set(new.is_platform_admin),
        disabled_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(row.into())
}

/// Renames a person or changes their credentials; their past approvals keep the name they
/// were made under.
pub async fn update_profile(
    db: &impl ConnectionTrait,
    id: Uuid,
    change: ProfileChange,
) -> Result<User> {
    let row = user::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found("the account"))?;
    let mut row: user::ActiveModel = row.into();
    if let Some(name) = change.display_name {
        row.display_name = Set(name);
    }
    if let Some(credentials) = change.credentials {
        row.credentials = Set(credentials);
    }
    row.updated_at = Set(Utc::now());
    Ok(row.update(db).await?.into())
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
