//! Values validated at the edge. Once parsed, the rest of Cutis trusts them.

mod email;
mod locale;
mod slug;

pub use email::Email;
pub use locale::Locale;
pub use slug::Slug;
