//! How many entries one entry's nested list can hold in a workspace: the most treatments
//! linked to one condition, conditions to one treatment, complementary treatments to one
//! treatment and offerings to one clinic, published or draft.
//!
//! GraphQL prices a nested list by these figures before a query runs, multiplied down the
//! tree, so `condition → treatments → conditions → treatments` costs what it would return.
//! They are measured by one statement, kept a minute per workspace (drafts change without
//! telling delivery) and dropped with the workspace's cached responses whenever what it
//! publishes changes.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement};
use uuid::Uuid;

use crate::error::{Error, Result};

const TIME_TO_LIVE: Duration = Duration::from_secs(60);

/// The largest fan-out of each nested list in one workspace (each at least 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FanOut {
    /// Treatments linked to one condition.
    pub condition_treatments: usize,
    /// Conditions one treatment treats.
    pub treatment_conditions: usize,
    /// Treatments one treatment combines with.
    pub treatment_complementary: usize,
    /// Offerings of one clinic.
    pub clinic_offerings: usize,
}

impl FanOut {
    /// What a query is priced at when no workspace was measured: every list as long as a
    /// page may be.
    pub const UNMEASURED: Self = Self {
        condition_treatments: 100,
        treatment_conditions: 100,
        treatment_complementary: 100,
        clinic_offerings: 100,
    };
}

/// The measured fan-outs, per workspace. A measurement that an invalidation overtook is
/// used once but not kept (each workspace has a generation, as the response cache does).
#[derive(Clone, Default)]
pub struct FanOutCache {
    workspaces: Arc<RwLock<HashMap<Uuid, Known>>>,
}

#[derive(Default)]
struct Known {
    generation: u64,
    measured: Option<(FanOut, Instant)>,
}

impl FanOutCache {
    /// The fan-outs of `workspace`, measured when not known.
    pub async fn of(&self, db: &DatabaseConnection, workspace: Uuid) -> Result<FanOut> {
        let generation = match self.workspaces.read() {
            Ok(workspaces) => match workspaces.get(&workspace) {
                Some(Known { measured: Some((fan_out, at)), .. })
                    if at.elapsed() < TIME_TO_LIVE =>
                {
                    return Ok(*fan_out);
                }
                Some(known) => known.generation,
                None => 0,
            },
            Err(_) => 0,
        };
        let measured = measure(db, workspace).await?;
        if let Ok(mut workspaces) = self.workspaces.write() {
            let known = workspaces.entry(workspace).or_default();
            if known.generation == generation {
                known.measured = Some((measured, Instant::now()));
            }
        }
        Ok(measured)
    }

    /// Forgets `workspace`'s figures (its content changed).
    pub fn invalidate(&self, workspace: Uuid) {
        if let Ok(mut workspaces) = self.workspaces.write() {
            let known = workspaces.entry(workspace).or_default();
            known.generation += 1;
            known.measured = None;
        }
    }

    /// Forgets every workspace's figures (after missing notifications).
    pub fn invalidate_all(&self) {
        if let Ok(mut workspaces) = self.workspaces.write() {
            for known in workspaces.values_mut() {
                known.generation += 1;
                known.measured = None;
            }
        }
    }
}

/// The most rows of `from` (a table, its joins and its filter) sharing one `group`.
fn most(from: &str, group: &str) -> String {
    format!(
        "(SELECT COALESCE(MAX(n), 0) FROM (SELECT COUNT(*) AS n FROM {from} GROUP BY {group}) AS counts)"
    )
}

/// One statement for every figure: published links and the current drafts' links alike (a
/// preview key reads drafts).
async fn measure(db: &DatabaseConnection, workspace: Uuid) -> Result<FanOut> {
    let backend = db.get_database_backend();
    let p = if backend == DatabaseBackend::Postgres { "$1" } else { "?1" };
    let published = format!("published_links WHERE workspace_id = {p} AND relation = 'condition'");
    let drafts = format!(
        "treatment_conditions l JOIN treatments t ON t.id = l.treatment_id WHERE t.workspace_id = {p}"
    );
    let complementary = format!(
        "complementary_treatments l JOIN treatments t ON t.id = l.treatment_id \
         WHERE t.workspace_id = {p}"
    );
    let offerings = format!("offerings WHERE workspace_id = {p}");
    let sql = format!(
        "SELECT {} AS a, {} AS b, {} AS c, {} AS d, {} AS e, {} AS f",
        most(&published, "entity_id"),
        most(&published, "target_slug"),
        most(&drafts, "l.treatment_id"),
        most(&drafts, "l.condition_id"),
        most(&complementary, "l.treatment_id"),
        most(&offerings, "clinic_id"),
    );
    let statement = Statement::from_sql_and_values(backend, sql, [workspace.into()]);
    let row = db
        .query_one_raw(statement)
        .await?
        .ok_or_else(|| Error::Internal("the fan-out statement returned no row".to_owned()))?;
    let figure = |column: &str| -> Result<usize> {
        let value: i64 = row.try_get("", column)?;
        Ok(usize::try_from(value).unwrap_or(usize::MAX).max(1))
    };
    Ok(FanOut {
        treatment_conditions: figure("a")?.max(figure("c")?),
        condition_treatments: figure("b")?.max(figure("d")?),
        treatment_complementary: figure("e")?,
        clinic_offerings: figure("f")?,
    })
}
