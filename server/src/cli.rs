//! Command-line surface (DESIGN.md "Binary kyso"). Parsing only; each command lives in its module.

use std::path::PathBuf;
use std::process::ExitCode;

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
        /// Fetch CRLs and OCSP responses named in the certificates over HTTP (opt-in).
        #[arg(long)]
        online: bool,
        /// Cache folder for --online (default: $XDG_CACHE_HOME/kyso, else .kyso-cache).
        #[arg(long, value_name = "DIR")]
        cache_dir: Option<PathBuf>,
        /// Password of encrypted documents, read from FILE (one final line ending removed).
        /// Without it the empty user password is tried, which opens documents encrypted only to
        /// restrict printing or copying.
        #[arg(long, value_name = "FILE", conflicts_with = "password")]
        password_file: Option<PathBuf>,
        /// Ask for the password of encrypted documents on the terminal (not echoed).
        #[arg(long)]
        password: bool,
    },
    /// Audit a whole export: every PDF under DIR against the register and the agency directory;
    /// per-agency tallies and ranking.
    Audit(crate::audit::AuditArgs),
    /// Print the rankings recorded by `kyso audit --db` (no document is verified again).
    Rankings(crate::rankings::RankingsArgs),
    /// Inspect and manage the trust folder (trust anchors).
    Trust {
        #[command(subcommand)]
        action: TrustAction,
    },
    /// Serve the browser app and the JSON API.
    Serve(crate::serve::ServeArgs),
}

#[derive(Debug, Subcommand)]
enum TrustAction {
    /// Print every trust anchor: subject, issuer, validity, SHA-256, key, signature algorithm.
    List {
        /// Trust folder (default: $XDG_CONFIG_HOME/kyso/trust, else ./trust).
        #[arg(long, value_name = "DIR")]
        trust_dir: Option<PathBuf>,
    },
    /// Add CA certificates (PEM, DER or .p7b) to the trust folder.
    Add {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Trust folder (default: $XDG_CONFIG_HOME/kyso/trust, else ./trust).
        #[arg(long, value_name = "DIR")]
        trust_dir: Option<PathBuf>,
        /// Add even a non-CA, expired or not yet valid certificate.
        #[arg(long)]
        force: bool,
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
            online,
            cache_dir,
            password_file,
            password,
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
            let ctx = crate::verify::context(at, &inputs, policy)?
                .with_password(crate::password::read(password_file.as_deref(), password)?);
            if online {
                let dir = cache_dir.unwrap_or_else(crate::online::default_cache_dir);
                let ctx = crate::online::extend_context(&files, ctx, &dir);
                return crate::verify::run(&files, &ctx, format);
            }
            crate::verify::run(&files, &ctx, format)
        }
        Command::Audit(args) => crate::audit::run(args),
        Command::Rankings(args) => crate::rankings::run(args),
        Command::Trust { action } => {
            match action {
                TrustAction::List { trust_dir } => {
                    crate::trust::list(&trust_dir.unwrap_or_else(crate::trust::default_trust_dir))?
                }
                TrustAction::Add {
                    files,
                    trust_dir,
                    force,
                } => crate::trust::add(
                    &trust_dir.unwrap_or_else(crate::trust::default_trust_dir),
                    &files,
                    force,
                )?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve(args) => crate::serve::run(args),
    }
}
