//! `kyso`: verify signed PDFs, audit I-Office exports, rank agencies, serve the app and the API.
//!
//! `main` parses the command line ([`cli`]), runs the command ([`commands`]) and maps what it
//! concluded ([`commands::Outcome`]) or its error to the exit code.

mod cli;
mod commands;
mod http;
mod inputs;
mod online;
mod password;
mod store;

use std::process::ExitCode;

use clap::Parser;

use cli::Command;
use commands::Outcome;

fn main() -> ExitCode {
    let outcome = match cli::Cli::parse().command {
        Command::Verify(args) => commands::verify::run(args),
        Command::Audit(args) => commands::audit::run(args),
        Command::Rankings(args) => commands::rankings::run(args),
        Command::Trust(args) => commands::trust::run(args),
        Command::Serve(args) => commands::serve::run(args),
    };
    match outcome {
        Ok(outcome) => outcome.exit_code(),
        Err(error) => {
            eprintln!("kyso: {error:#}");
            ExitCode::from(Outcome::USAGE_OR_IO)
        }
    }
}
