//! Black-box tests of Cutis over HTTP, compiled as one binary.

mod api_keys;
mod auth;
mod clinics;
mod concurrency;
mod conditions;
mod cors;
mod errors;
mod health;
mod lists;
mod offerings;
mod openapi;
mod revisions;
mod roles;
mod startup;
mod tenancy;
mod treatments;
mod validation;
