//! What every REST delivery read shares: its `?locale=` and `?preview=`, and the one way an
//! answer is sent ([`crate::request::answer`], which GraphQL's delivery answers use too).

use serde::Deserialize;
use utoipa::IntoParams;

pub use crate::request::answer::{Rendered, respond, respond_as};

/// `?locale=` and `?preview=` shared by every delivery read.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReadParams {
    /// Locale to serve; falls back to the workspace default where a translation is missing.
    #[param(example = "fr")]
    pub locale: Option<String>,
    /// With a preview key: serve the current drafts instead of what is published.
    pub preview: Option<bool>,
}
