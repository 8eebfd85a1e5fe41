//! The first pages after signing in: the workspaces one belongs to, and a workspace's home —
//! what is in draft, what waits for review, what is approved or scheduled, what was published
//! lately and by whom.

use actix_web::web;
use maud::{Markup, html};

use super::entries::{status_badge, when};
use super::page::{PageResult, layout, ok};
use super::session::{InWorkspace, SignedIn};
use crate::accounts::members;
use crate::accounts::workspaces::{self, Workspace};
use crate::content::audit_log::{self, AuditEntry, AuditFilter, AuditQuery};
use crate::content::listing::ListQuery;
use crate::content::treatments::{self, TreatmentFilter, TreatmentSummary};
use crate::error::Result;
use crate::state::AppState;

/// How many entries each list of the home page shows.
const SHOWN: &str = "8";

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/admin/", web::get().to(chooser))
        .route("/admin/workspaces/{workspace}", web::get().to(home));
}

async fn chooser(state: web::Data<AppState>, signed_in: SignedIn) -> PageResult {
    let user = &signed_in.session.user;
    let mut choices: Vec<(Workspace, String)> = Vec::new();
    for (id, role) in members::memberships_of(&state.db, user.id).await? {
        choices.push((workspaces::get(&state.db, id).await?, role.as_str().to_owned()));
    }
    if user.is_platform_admin {
        for workspace in workspaces::list_all(&state.db).await? {
            if !choices.iter().any(|(known, _)| known.id == workspace.id) {
                choices.push((workspace, "operator".to_owned()));
            }
        }
    }
    let main = html! {
        h1 { "Your workspaces" }
        @if choices.is_empty() {
            p { "You are not a member of any workspace yet. Ask a workspace's owner to invite you." }
        }
        ul.cards {
            @for (workspace, role) in &choices {
                li {
                    a href=(format!("/admin/workspaces/{}", workspace.slug)) { (workspace.name) }
                    " " span.muted { (role) " · " (workspace.locales.join(", ")) }
                }
            }
        }
    };
    Ok(ok(layout("Workspaces", Some(&signed_in.frame()), main)))
}

async fn home(state: web::Data<AppState>, at: InWorkspace) -> PageResult {
    let base = at.base();
    let scope = at.member.scope();
    let by_status = |status: &'static str, updated_by: Option<&str>| {
        let query = ListQuery {
            status: Some(status.to_owned()),
            limit: Some(SHOWN.to_owned()),
            updated_by: updated_by.map(str::to_owned),
            ..ListQuery::default()
        };
        let (db, scope) = (&state.db, &scope);
        async move { treatments::list(db, scope, &query, &TreatmentFilter::default()).await }
    };
    let drafts = by_status("draft", Some("me")).await?.items;
    let in_review = by_status("in_review", None).await?.items;
    let approved = by_status("approved", None).await?.items;
    let published = recent_publishes(&state, &at).await?;
    let main = html! {
        h1 { (at.member.workspace.name) }
        div.dashboard {
            (summaries("My drafts", &base, "status=draft&updated_by=me", &drafts))
            (summaries("Waiting for review", &base, "status=in_review", &in_review))
            (summaries("Approved, to publish or scheduled", &base, "status=approved", &approved))
            section.panel aria-labelledby="recently-published" {
                h2 #recently-published { "Published lately" }
                @if published.is_empty() { p.muted { "Nothing yet." } }
                ul {
                    @for entry in &published { li { (publish_line(&base, entry)) } }
                }
            }
        }
    };
    Ok(ok(layout(&at.member.workspace.name, Some(&at.frame()), main)))
}

/// A panel of `items`, linking to the whole list `filter` (a query string) narrows to.
fn summaries(title: &str, base: &str, filter: &str, items: &[TreatmentSummary]) -> Markup {
    let id = format!("home-{}", title.to_lowercase().replace([' ', ','], "-"));
    html! {
        section.panel aria-labelledby=(id) {
            h2 #(id) { (title) }
            @if items.is_empty() { p.muted { "None." } }
            ul {
                @for item in items {
                    li {
                        a href=(format!("{base}/treatments/{}", item.id)) { (item.name) }
                        " " (status_badge(&item.status)) " "
                        span.muted { "updated " (when(&item.updated_at)) }
                    }
                }
            }
            p { a href=(format!("{base}/treatments?{filter}")) { "All " (title.to_lowercase()) } }
        }
    }
}

/// The latest publishes in the workspace, with who did them.
async fn recent_publishes(state: &AppState, at: &InWorkspace) -> Result<Vec<AuditEntry>> {
    let query = AuditQuery {
        action: Some("publish".to_owned()),
        limit: Some(SHOWN.to_owned()),
        ..AuditQuery::default()
    };
    let filter = AuditFilter::parse(&query)?;
    Ok(audit_log::list(&state.db, at.member.workspace.id, &filter).await?.items)
}

fn publish_line(base: &str, entry: &AuditEntry) -> Markup {
    let who = entry.actor.as_ref().map(|actor| {
        actor
            .display_name
            .clone()
            .or_else(|| actor.email.clone())
            .unwrap_or_else(|| "an API key".to_owned())
    });
    let what = entry.entry.as_ref();
    let name =
        what.and_then(|what| what.slug.clone()).unwrap_or_else(|| "a deleted entry".to_owned());
    html! {
        @match what.filter(|what| what.kind == "treatment") {
            Some(what) => a href=(format!("{base}/treatments/{}", what.id)) { (name) },
            None => span { (name) },
        }
        " " span.muted { "by " (who.unwrap_or_else(|| "the scheduler".to_owned())) ", " (when(&entry.at)) }
    }
}
