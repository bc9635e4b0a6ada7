//! `kyso serve`: the browser app and the JSON API over the audit history, with the trust inputs
//! of `POST /api/verify` and the server's limits.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Context};
use clap::Args;

use super::Outcome;
use crate::http::{ConnectionLimits, ServeConfig, Token};
use crate::inputs::{self, RevocationArg, TrustInputs};

/// `kyso serve` arguments.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (loopback by default: put a reverse proxy with TLS in front to
    /// publish it).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// The audit database `kyso audit --db` writes (served read-only).
    #[arg(long, value_name = "FILE", default_value = "kyso.db")]
    pub db: PathBuf,
    /// Trust anchors, intermediates and CRLs.
    #[command(flatten)]
    pub trust: TrustInputs,
    /// What missing revocation information means.
    #[arg(long, value_enum, default_value_t = RevocationArg::BestEffort)]
    pub revocation: RevocationArg,
    /// Largest PDF accepted by POST /api/verify (bytes, or with KB/MB/GB: powers of 1024).
    #[arg(long, value_name = "SIZE", default_value = "50MB", value_parser = parse_size)]
    pub max_upload: u64,
    /// Verifications at once (default: the number of cores); beyond it, 429.
    #[arg(long, value_name = "N")]
    pub max_verifications: Option<usize>,
    /// Time limit of one POST /api/verify, upload included (seconds); beyond it, 408.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub verify_timeout: u64,
    /// Connections at once; more wait in the kernel's queue.
    #[arg(long, value_name = "N", default_value_t = 512)]
    pub max_connections: usize,
    /// Time a client has to send a request's headers, and to start the next request on a
    /// kept-alive connection (seconds).
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    pub header_timeout: u64,
    /// A connection on which no byte moves for this long is closed (seconds).
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub idle_timeout: u64,
}

/// `123`, `64KB`, `50MB`, `1GB` (powers of 1024; `K`, `M`, `G`, `KiB`, `MiB`, `GiB` too).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let n: u64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a size (e.g. 50MB)"))?;
    let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1024,
        "m" | "mb" | "mib" => 1024 * 1024,
        "g" | "gb" | "gib" => 1024 * 1024 * 1024,
        _ => return Err(format!("{text:?}: unknown unit (use KB, MB or GB)")),
    };
    let size = n
        .checked_mul(factor)
        .ok_or_else(|| format!("{text:?} is too large"))?;
    if size == 0 {
        return Err("the size must be positive".to_owned());
    }
    Ok(size)
}

/// Runs `kyso serve` until Ctrl-C / SIGTERM.
pub fn run(args: ServeArgs) -> anyhow::Result<Outcome> {
    let token = match std::env::var("KYSO_TOKEN") {
        Ok(value) => Token::from_env_value(&value)?,
        Err(std::env::VarError::NotPresent) => None,
        Err(std::env::VarError::NotUnicode(_)) => bail!("KYSO_TOKEN is not valid UTF-8"),
    };
    let policy = args.revocation.policy();
    let trust = args.trust;
    // The time is replaced per request; this only builds the trust material once.
    let context = inputs::context(inputs::validation_time(None)?, &trust, policy)?;
    if !args.addr.ip().is_loopback() {
        eprintln!(
            "kyso: listening on {} (not loopback): the API is reachable from the network; put TLS in front",
            args.addr
        );
    }
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let config = ServeConfig {
        addr: args.addr,
        db: args.db,
        token,
        context,
        max_upload: args.max_upload,
        max_verifications: args.max_verifications.unwrap_or(cores).max(1),
        verify_timeout: Duration::from_secs(args.verify_timeout.max(1)),
        connections: ConnectionLimits {
            max_connections: args.max_connections.max(1),
            header_read_timeout: Duration::from_secs(args.header_timeout.max(1)),
            idle_timeout: Duration::from_secs(args.idle_timeout.max(1)),
        },
    };
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(crate::http::serve(config))?;
    Ok(Outcome::AllValid)
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_with_units() {
        use super::parse_size;
        assert_eq!(parse_size("50MB"), Ok(50 * 1024 * 1024));
        assert_eq!(parse_size("1024"), Ok(1024));
        assert_eq!(parse_size("64 kb"), Ok(64 * 1024));
        assert!(parse_size("0").is_err());
        assert!(parse_size("12XB").is_err());
        assert!(parse_size("99999999999999999999GB").is_err());
    }
}
