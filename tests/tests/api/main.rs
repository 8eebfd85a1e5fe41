//! Black-box tests of Cutis over HTTP, compiled as one binary.

mod api_keys;
mod auth;
mod cors;
mod errors;
mod health;
mod openapi;
mod roles;
mod startup;
mod tenancy;
