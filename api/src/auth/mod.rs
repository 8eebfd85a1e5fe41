//! Who is calling and what they may do: passwords, access tokens, opaque secrets (refresh
//! tokens, API keys), roles, and the request extractors that put them together.

pub mod extract;
pub mod jwt;
pub mod member;
pub mod password;
pub mod rate_limit;
pub mod roles;
pub mod tokens;
