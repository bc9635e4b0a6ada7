//! Command-line surface (DESIGN.md "Binary kyso"). Parsing only; each command lives in its module.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};

/// Every document verified valid.
pub const EXIT_ALL_VALID: u8 = 0;
/// Some document is not valid.
pub const EXIT_SOME_NOT_VALID: u8 = 1;
/// Usage or I/O error.
pub const EXIT_USAGE_OR_IO: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "kyso",
    version,
    about = "Kiểm tra chữ ký số văn bản điện tử (Nghị định 30/2020/NĐ-CP)"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Verify the signatures of PDF files.
    Verify {
        /// PDF files to verify.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Validation time (RFC 3339, e.g. 2021-04-01T00:00:00+07:00); default: now.
        #[arg(long)]
        at: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Serve the browser app and the JSON API.
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Verify { files, at, format } => {
            let at = crate::verify::validation_time(at.as_deref())?;
            crate::verify::run(&files, at, format)
        }
        Command::Serve { addr } => {
            let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
            runtime.block_on(crate::http::serve(addr))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
