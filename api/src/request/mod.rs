//! What every face reads from an HTTP request the same way — REST handlers, the GraphQL
//! endpoints and the web admin: a JSON body parsed into path-named errors, the entry version a
//! change names, the request's id; and how every delivery answer is sent, cached and
//! validated, with its CDN purge headers. Below the faces, so none imports another.

pub mod answer;
pub mod body;
pub mod id;
pub mod image;
pub mod json_path;
pub mod nul;
pub mod purge;
pub mod shape;
pub mod upload;
pub mod version;
pub mod violations;
