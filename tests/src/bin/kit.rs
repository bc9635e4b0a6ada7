//! `kit`: the test kit's command line.
//!
//! - `kit demo --out demo`: regenerate the committed demo export (byte-identical).
//! - `kit corpus --scale N --out DIR`: a benchmark corpus with the same mix.
//! - `kit sample FILE`: one compliant two-signature letter.
//! - `kit attacks --out DIR`: every attack/fault product with its expected verdict.

use std::path::PathBuf;
use std::time::Instant;

use clap::{Parser, Subcommand};
use kyso_tests::kit;

#[derive(Parser, Debug)]
#[command(
    name = "kit",
    about = "kyso test kit: signed Vietnamese government PDFs"
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand, Debug)]
enum Cmd {
    /// Regenerate the demo export (80 documents of Q1 2021).
    Demo {
        #[arg(long, default_value = "demo")]
        out: PathBuf,
    },
    /// Write N documents with the demo mix and a realistic size spread.
    Corpus {
        #[arg(long)]
        scale: usize,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value_t = 7)]
        seed: u64,
    },
    /// Write one compliant two-signature letter.
    Sample { file: PathBuf },
    /// Write unsigned letters, their signature rectangles and certificates (pyHanko inputs).
    Letters {
        #[arg(long)]
        out: PathBuf,
    },
    /// Write every attack and fault product, with expected.json.
    Attacks {
        #[arg(long)]
        out: PathBuf,
    },
}

fn main() {
    let cli = Cli::parse();
    let start = Instant::now();
    let result = match cli.cmd {
        Cmd::Demo { out } => kit::demo::export(
            &out,
            kit::demo::DEMO_DOCS,
            kit::demo::DEMO_SEED,
            kit::demo::SizeProfile::Demo,
            true,
        )
        .map(|n| format!("{n} documents in {}", out.display())),
        Cmd::Corpus { scale, out, seed } => kit::corpus::export(&out, scale, seed)
            .map(|n| format!("{n} documents in {}", out.display())),
        Cmd::Sample { file } => std::fs::write(&file, kit::demo::sample_document())
            .map(|()| format!("{}", file.display())),
        Cmd::Letters { out } => {
            kit::demo::export_letters(&out).map(|n| format!("{n} letters in {}", out.display()))
        }
        Cmd::Attacks { out } => {
            kit::attacks::export(&out).map(|n| format!("{n} products in {}", out.display()))
        }
    };
    match result {
        Ok(msg) => println!("{msg} ({:.1} s)", start.elapsed().as_secs_f64()),
        Err(e) => {
            eprintln!("kit: {e}");
            std::process::exit(2);
        }
    }
}
