//! Nested delivery lists priced by what they can return: a list costs its items' complexity
//! once per entry the longest such list in the caller's workspace holds, so the cost of
//! `condition → treatments → conditions → treatments` is the product of the fan-outs, known
//! before anything runs.
//!
//! async-graphql's complexity functions see the query, not the request, so the endpoint runs
//! each request inside [`priced`], which makes the workspace's measured [`FanOut`] visible to
//! [`cost`] for as long as the request runs.

use std::future::Future;

use crate::delivery::fan_out::FanOut;

tokio::task_local! {
    static FAN_OUT: FanOut;
}

/// A nested list of entries.
#[derive(Clone, Copy, Debug)]
pub enum Nested {
    /// `Condition.treatments`.
    ConditionTreatments,
    /// `Treatment.conditions`.
    TreatmentConditions,
    /// `Treatment.complementary`.
    Complementary,
    /// `Clinic.offerings`.
    Offerings,
}

/// Runs `request` with nested lists priced by `fan_out`.
pub async fn priced<F: Future>(fan_out: FanOut, request: F) -> F::Output {
    FAN_OUT.scope(fan_out, request).await
}

/// The complexity of nested list `list` whose items cost `child_complexity` each; outside
/// [`priced`] every list is taken to be as long as a page may be.
pub fn cost(list: Nested, child_complexity: usize) -> usize {
    let fan_out = FAN_OUT.try_with(|fan_out| *fan_out).unwrap_or(FanOut::UNMEASURED);
    let items = match list {
        Nested::ConditionTreatments => fan_out.condition_treatments,
        Nested::TreatmentConditions => fan_out.treatment_conditions,
        Nested::Complementary => fan_out.treatment_complementary,
        Nested::Offerings => fan_out.clinic_offerings,
    };
    items.saturating_mul(child_complexity)
}
