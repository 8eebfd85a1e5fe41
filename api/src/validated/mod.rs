//! Values validated at the edge. Once parsed, the rest of Cutis trusts them.

mod codes;
mod email;
mod locale;
pub mod rules;
mod slug;
mod web_url;

pub use codes::{Country, Currency};
pub use email::Email;
pub use locale::Locale;
pub use slug::Slug;
pub use web_url::WebUrl;
