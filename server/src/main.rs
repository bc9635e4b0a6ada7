//! `kyso`: verify signed PDFs, audit I-Office exports, rank agencies, serve the app and the API.

mod audit;
mod cli;
mod http;
mod online;
mod password;
mod rankings;
mod serve;
mod store;
mod trust;
mod verify;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cli::run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("kyso: {error:#}");
            ExitCode::from(cli::EXIT_USAGE_OR_IO)
        }
    }
}
