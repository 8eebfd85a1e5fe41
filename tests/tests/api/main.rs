//! Black-box tests of Cutis over HTTP, compiled as one binary.

mod errors;
mod health;
mod openapi;
mod startup;
