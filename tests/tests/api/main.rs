//! Black-box tests of Cutis over HTTP, compiled as one binary.

mod api_keys;
mod auth;
mod clinics;
mod clinics_delivery;
mod concurrency;
mod conditions;
mod cors;
mod delivery;
mod errors;
mod health;
mod lists;
mod offerings;
mod openapi;
mod replicas;
mod revisions;
mod roles;
mod startup;
mod tenancy;
mod treatments;
mod validation;
mod workflow;
