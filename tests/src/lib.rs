//! Cross-crate tests of kyso and the test kit that makes their documents.

pub mod contexts;
pub mod harness;
pub mod history;
pub mod kit;
