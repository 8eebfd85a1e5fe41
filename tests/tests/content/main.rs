//! The content service's domain rules, in process: no HTTP server, a real database per test
//! (SQLite, or PostgreSQL when `CUTIS_TEST_POSTGRES_URL` is set), the same operations every face
//! calls, and a follower that records what each committed change told it.

mod database_errors;
mod events;
mod operations;
mod review_due;
mod room;
mod webhooks;
mod workflow;
