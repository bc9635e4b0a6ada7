//! Explicit inputs of a verification. Nothing here is read from the environment.

/// The time at which a verification is made, in seconds since the Unix epoch (UTC).
///
/// audit-core never reads a clock: WebAssembly has none it may trust, and reports must be
/// reproducible. The caller (the server, the browser app, a test) passes it in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ValidationTime(pub i64);

/// Everything a verification depends on besides the document bytes.
#[derive(Debug, Clone)]
pub struct VerifyContext {
    /// When the verification is made (used when the document proves no signing time).
    pub at: ValidationTime,
}

impl VerifyContext {
    pub fn new(at: ValidationTime) -> Self {
        Self { at }
    }
}
