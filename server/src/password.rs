//! The password of encrypted documents (ISO 32000-2 §7.6.4): read from a file or asked for on
//! the terminal without echo, never taken from the command line (where `ps` and the shell
//! history would show it).

use std::path::Path;

use anyhow::Context;

/// Largest accepted password file, in bytes.
const MAX_PASSWORD_FILE: usize = 1024;

/// `--password-file FILE`: the file's content without one final line ending. `--password`:
/// asks on the terminal, not echoed. Neither: `None` (the empty user password is tried).
pub fn read(file: Option<&Path>, prompt: bool) -> anyhow::Result<Option<Vec<u8>>> {
    if let Some(path) = file {
        let mut bytes = std::fs::read(path)
            .with_context(|| format!("{}: cannot read the password file", path.display()))?;
        // Passwords are at most 127 bytes (ISO 32000-2 §7.6.4.3.3); a large file is a mistake.
        if bytes.len() > MAX_PASSWORD_FILE {
            anyhow::bail!(
                "{}: a password file of {} bytes is not a password (at most {MAX_PASSWORD_FILE})",
                path.display(),
                bytes.len()
            );
        }
        if bytes.last() == Some(&b'\n') {
            bytes.pop();
            if bytes.last() == Some(&b'\r') {
                bytes.pop();
            }
        }
        return Ok(Some(bytes));
    }
    if prompt {
        let password = rpassword::prompt_password("Mật khẩu văn bản / Document password: ")
            .context("--password needs a terminal to ask on (use --password-file instead)")?;
        return Ok(Some(password.into_bytes()));
    }
    Ok(None)
}
