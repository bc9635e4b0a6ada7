//! Copies the built browser app (`frontend/dist`, made by `make app`) into OUT_DIR so that
//! `rust-embed` embeds it in the binary: one file deploys. When the app has not been built, an
//! empty folder is embedded and `kyso serve` answers with an explanatory error page instead.

use std::path::Path;
use std::{env, fs, io};

fn main() -> io::Result<()> {
    let manifest = env::var("CARGO_MANIFEST_DIR").map_err(io::Error::other)?;
    let out = env::var("OUT_DIR").map_err(io::Error::other)?;
    let dist = Path::new(&manifest).join("../frontend/dist");
    let app = Path::new(&out).join("app");
    if app.exists() {
        fs::remove_dir_all(&app)?;
    }
    fs::create_dir_all(&app)?;
    println!("cargo:rerun-if-changed={}", dist.display());
    if dist.is_dir() {
        for entry in fs::read_dir(&dist)? {
            let entry = entry?;
            if entry.file_type()?.is_file() {
                fs::copy(entry.path(), app.join(entry.file_name()))?;
            }
        }
    }
    Ok(())
}
