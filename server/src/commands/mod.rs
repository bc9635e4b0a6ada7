//! The `kyso` subcommands, one module each: its clap arguments (`…Args`) and its `run`, which
//! returns an [`Outcome`] that `main` turns into the exit code (DESIGN.md "Binary kyso").
//!
//! A new command is one new module here, one variant in [`crate::cli::Command`] and one arm in
//! `main`. Commands share the verification inputs ([`crate::inputs`]) and the store; `rankings`
//! reuses the audit's table and CSV writers.

pub mod audit;
pub mod rankings;
pub mod serve;
pub mod trust;
pub mod verify;

use std::process::ExitCode;

use clap::ValueEnum;

/// What a command concluded (an error is the usage-or-I/O case too, exit 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Every document valid (`verify`) or compliant (`audit`), or the command simply succeeded.
    AllValid,
    /// Some document is not valid (not compliant).
    SomeNotValid,
    /// The command went through but some input could not be read (reported on stderr).
    UsageOrIo,
}

impl Outcome {
    /// The exit code of a usage or I/O error (also of a command that failed with an error).
    pub const USAGE_OR_IO: u8 = 2;

    /// DESIGN.md: 0 every document valid / compliant, 1 some not, 2 usage or I/O error.
    pub fn exit_code(self) -> ExitCode {
        ExitCode::from(match self {
            Outcome::AllValid => 0,
            Outcome::SomeNotValid => 1,
            Outcome::UsageOrIo => Self::USAGE_OR_IO,
        })
    }
}

/// `--format`: readable text (Vietnamese first) or the JSON contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}
