//! What every face reads from an HTTP request the same way — REST handlers, the GraphQL
//! endpoints and the pages to come: a JSON body parsed into path-named errors, the entry
//! version a change names, the request's id; and the CDN purge headers every delivery answer carries. Below both
//! faces, so neither imports the other.

pub mod body;
pub mod id;
pub mod json_path;
pub mod nul;
pub mod purge;
pub mod shape;
pub mod version;
pub mod violations;
