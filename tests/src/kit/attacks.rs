//! Attack and fault mutators (filled in below).

use std::path::Path;

/// Writes every product into `out`.
pub fn export(_out: &Path) -> std::io::Result<usize> {
    Ok(0)
}
