//! Members with their roles, and invitations: change a role, remove a member, invite by
//! email (the token shown once), revoke an invitation. The last owner's refusal and "only an
//! owner may…" come from the service and are said on the page.

use actix_web::http::StatusCode;
use actix_web::web;
use maud::{Markup, html};
use uuid::Uuid;

use super::inputs::{Input, field, field_of, select};
use super::{Done, Said, headings, path_of, refused, screen, shown_once};
use crate::accounts::invitations::{self, Invitation};
use crate::accounts::members::{self, Member};
use crate::auth::roles::{Permission, Role};
use crate::error::{Error, FieldError, Result};
use crate::manage;
use crate::state::AppState;
use crate::validated::Email;
use crate::web::entries::when;
use crate::web::form::error_summary;
use crate::web::page::{PageResult, csrf_field, see_other};
use crate::web::session::{InWorkspace, Posted};

const EMAIL: Input = Input { name: "email", label: "Email", hint: "", kind: "email" };

pub async fn page(
    state: web::Data<AppState>,
    at: InWorkspace,
    done: web::Query<Done>,
) -> PageResult {
    at.member.require(Permission::ManageMembers)?;
    render(&state, &at, Said::of(&done), StatusCode::OK).await
}

pub async fn change_role(
    state: web::Data<AppState>,
    at: InWorkspace,
    path: web::Path<(String, Uuid)>,
    body: web::Bytes,
) -> PageResult {
    at.member.require(Permission::ManageMembers)?;
    let posted = at.posted(&body)?;
    let changed = match role_in(&posted) {
        Ok(role) => manage::change_role(&state, &at.member, path.1, role).await,
        Err(error) => Err(error),
    };
    after(&state, &at, changed, "role").await
}

pub async fn remove(
    state: web::Data<AppState>,
    at: InWorkspace,
    path: web::Path<(String, Uuid)>,
    body: web::Bytes,
) -> PageResult {
    at.member.require(Permission::ManageMembers)?;
    at.posted(&body)?;
    let removed = manage::remove_member(&state, &at.member, path.1).await;
    after(&state, &at, removed, "removed").await
}

pub async fn invite(state: web::Data<AppState>, at: InWorkspace, body: web::Bytes) -> PageResult {
    at.member.require(Permission::ManageMembers)?;
    let posted = at.posted(&body)?;
    let email = Email::parse(posted.get("email").unwrap_or_default())
        .map_err(|message| Error::Validation(vec![FieldError::new("email", message)]));
    let invited = match Error::both(email, role_in(&posted)) {
        Ok((email, role)) => manage::invite(&state, &at.member, &email, role).await,
        Err(error) => Err(error),
    };
    match invited {
        Ok((invitation, token)) => {
            let said = Said { secret: Some(token_once(&invitation, &token)), ..Said::default() };
            render(&state, &at, said, StatusCode::CREATED).await
        }
        Err(error) => {
            let (status, said) = refused(error, posted.fields())?;
            render(&state, &at, said, status).await
        }
    }
}

pub async fn revoke_invitation(
    state: web::Data<AppState>,
    at: InWorkspace,
    path: web::Path<(String, Uuid)>,
    body: web::Bytes,
) -> PageResult {
    at.member.require(Permission::ManageMembers)?;
    at.posted(&body)?;
    let revoked = manage::revoke_invitation(&state, &at.member, path.1).await;
    after(&state, &at, revoked, "invitation-revoked").await
}

/// The role a form posted, as REST reads it.
fn role_in(posted: &Posted) -> Result<Role> {
    posted
        .get("role")
        .unwrap_or_default()
        .parse()
        .map_err(|message: String| Error::Validation(vec![FieldError::new("role", message)]))
}

/// Back to the members with `done` said, or the page again with the service's refusal.
async fn after(state: &AppState, at: &InWorkspace, outcome: Result<()>, done: &str) -> PageResult {
    match outcome {
        Ok(()) => Ok(see_other(&format!("{}?done={done}", path_of(at, "members")))),
        Err(error) => {
            // Nothing posted is shown again: each row shows the role as stored.
            let (status, said) = refused(error, &[])?;
            render(state, at, said, status).await
        }
    }
}

async fn render(state: &AppState, at: &InWorkspace, said: Said, status: StatusCode) -> PageResult {
    let workspace = at.member.workspace.id;
    let members = members::list(&state.db, workspace).await?;
    let pending = invitations::list_pending(&state.db, workspace).await?;
    let main = html! {
        (member_table(at, &members))
        (invite_form(at, &said))
        (invitation_table(at, &pending))
    };
    Ok(screen(at, ("Members", "members"), &said, main, status))
}

fn roles() -> Vec<(&'static str, &'static str)> {
    Role::ALL.iter().map(|role| (role.as_str(), role.as_str())).collect()
}

fn member_table(at: &InWorkspace, members: &[Member]) -> Markup {
    let base = path_of(at, "members");
    html! {
        table.entries {
            caption.muted { "Owners and admins manage the workspace; only owners grant or change the owner role." }
            thead { (headings(&["Name", "Email", "Role", "Since", "Remove"])) }
            tbody {
                @for member in members {
                    @let user = &member.user;
                    @let id = format!("role-{}", user.id);
                    tr {
                        td { (user.display_name) @if user.id == at.member.user.id { " " span.muted { "(you)" } } }
                        td { (user.email) }
                        td {
                            form.inline method="post" action=(format!("{base}/{}/role", user.id)) {
                                (csrf_field(&at.signed_in.csrf))
                                (select(&id, ("role", &format!("Role of {}", user.display_name)), &roles(), member.role.as_str()))
                                button type="submit" { "Change role" }
                            }
                        }
                        td { (when(&member.since)) }
                        td {
                            form.inline method="post" action=(format!("{base}/{}/remove", user.id)) {
                                (csrf_field(&at.signed_in.csrf))
                                button.danger type="submit" aria-label=(format!("Remove {}", user.display_name)) { "Remove" }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn invite_form(at: &InWorkspace, said: &Said) -> Markup {
    html! {
        section.panel aria-labelledby="invite-heading" {
            h2 #invite-heading { "Invite someone" }
            form method="post" action=(path_of(at, "invitations")) novalidate {
                (csrf_field(&at.signed_in.csrf))
                @if !said.errors.is_empty() { (error_summary(&said.errors, field_of)) }
                (field(&EMAIL, said.value("email", ""), said))
                (select("f-role", ("role", "Role"), &roles(), said.value("role", "editor")))
                button.primary type="submit" { "Invite" }
            }
        }
    }
}

fn token_once(invitation: &Invitation, token: &str) -> Markup {
    html! {
        (shown_once("invitation token", token))
        p {
            "Hand it to " (invitation.email) ", who joins as " (invitation.role.as_str())
            " by accepting it at POST /v1/invitations/accept, once, until " (when(&invitation.expires_at)) "."
        }
    }
}

fn invitation_table(at: &InWorkspace, pending: &[Invitation]) -> Markup {
    let base = path_of(at, "invitations");
    html! {
        section aria-labelledby="pending-heading" {
            h2 #pending-heading { "Pending invitations" }
            @if pending.is_empty() { p.muted { "None." } }
            @else {
                table.entries {
                    thead { (headings(&["Email", "Role", "Expires", "Revoke"])) }
                    tbody {
                        @for invitation in pending {
                            tr {
                                td { (invitation.email) }
                                td { (invitation.role.as_str()) }
                                td { (when(&invitation.expires_at)) }
                                td {
                                    form.inline method="post" action=(format!("{base}/{}/revoke", invitation.id)) {
                                        (csrf_field(&at.signed_in.csrf))
                                        button.danger type="submit" aria-label=(format!("Revoke the invitation of {}", invitation.email)) { "Revoke" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
