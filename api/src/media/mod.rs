//! Images as bytes: what an upload is ([`image`]), where the bytes live ([`storage`]), the
//! responsive variants made from them ([`variants`]), and adding an image to a library and
//! taking it out ([`library`]). The assets' records — alt text, consent,
//! who uses them — are content, in [`crate::content::media`].

pub mod image;
pub mod library;
pub mod storage;
pub mod variants;

pub use image::{Format, Processed};
pub use storage::MediaStore;
pub use variants::{Source, Variants};
