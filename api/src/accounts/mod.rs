//! Accounts: workspaces (tenants), users, memberships with roles, sessions and API keys.
//! A service layer over the database; it knows nothing of HTTP. [`manage`] holds what owners
//! and admins change, with what must follow each change, for every face.

pub mod api_keys;
pub mod invitations;
pub mod members;
pub mod sessions;
pub mod users;
pub mod web_sessions;
pub mod workspaces;
