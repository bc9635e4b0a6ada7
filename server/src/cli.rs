//! Command-line surface (DESIGN.md "Binary kyso"). Parsing only: each command's arguments and
//! behaviour live in its module under [`crate::commands`].

use clap::{Parser, Subcommand};

use crate::commands::{audit, rankings, serve, trust, verify};

#[derive(Debug, Parser)]
#[command(
    name = "kyso",
    version,
    about = "Kiểm tra chữ ký số văn bản điện tử (Nghị định 30/2020/NĐ-CP)"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Verify the signatures of PDF files.
    Verify(verify::VerifyArgs),
    /// Audit a whole export: every PDF under DIR against the register and the agency directory;
    /// per-agency tallies and ranking.
    Audit(audit::AuditArgs),
    /// Print the rankings recorded by `kyso audit --db` (no document is verified again).
    Rankings(rankings::RankingsArgs),
    /// Inspect and manage the trust folder (trust anchors).
    Trust(trust::TrustArgs),
    /// Serve the browser app and the JSON API.
    Serve(serve::ServeArgs),
}
