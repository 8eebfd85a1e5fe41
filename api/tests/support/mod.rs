//! What the fault tests share: a scratch database on either engine and the `cutis` binary run
//! as a child process.

pub mod database;
pub mod process;
