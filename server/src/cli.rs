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
        /// Trust anchors (government CA): a certificate file (.pem/.crt/.cer/.der/.p7b) or a
        /// folder of them (a folder's .crl files are used as revocation data). Repeatable.
        #[arg(long, value_name = "PATH")]
        trust: Vec<PathBuf>,
        /// Trust anchors of public CAs (a signature trusted only through them is a Decree 30
        /// finding). Repeatable.
        #[arg(long, value_name = "PATH")]
        trust_public: Vec<PathBuf>,
        /// Extra intermediate certificates (file or folder). Repeatable.
        #[arg(long, value_name = "PATH")]
        certs: Vec<PathBuf>,
        /// CRLs, DER or PEM (file or folder). Repeatable.
        #[arg(long, value_name = "PATH")]
        crl: Vec<PathBuf>,
        /// Validation time (RFC 3339, e.g. 2021-04-01T00:00:00+07:00); default: now.
        #[arg(long)]
        at: Option<String>,
        /// What missing revocation information means.
        #[arg(long, value_enum, default_value_t = RevocationArg::BestEffort)]
        revocation: RevocationArg,
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

/// `--revocation`: `best-effort` (missing CRL/OCSP is a finding) or `require` (indeterminate).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RevocationArg {
    Require,
    BestEffort,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Verify {
            files,
            trust,
            trust_public,
            certs,
            crl,
            at,
            revocation,
            format,
        } => {
            let at = crate::verify::validation_time(at.as_deref())?;
            let inputs = crate::verify::TrustInputs {
                trust,
                trust_public,
                certs,
                crls: crl,
            };
            let policy = match revocation {
                RevocationArg::Require => audit_core::RevocationPolicy::Require,
                RevocationArg::BestEffort => audit_core::RevocationPolicy::BestEffort,
            };
            let ctx = crate::verify::context(at, &inputs, policy)?;
            crate::verify::run(&files, &ctx, format)
        }
        Command::Serve { addr } => {
            let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
            runtime.block_on(crate::http::serve(addr))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
