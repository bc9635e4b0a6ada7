//! `kyso rankings`: the rankings recorded by `kyso audit --db`, read from the stored tallies (no
//! document is verified again). Text opens with the plan's headline ("n/m cơ quan đạt 100%")
//! before the table, like `kyso audit`; JSON is the API's `GET /api/rankings` answer; CSV is
//! agencies.csv's.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{anyhow, bail, Context};
use clap::{Args, ValueEnum};

use super::Outcome;
use crate::store::query::{period_label, RunState, ALL_PERIODS};
use crate::store::{OpenMode, Store};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RankingsFormat {
    Text,
    Json,
    Csv,
}

/// `kyso rankings` arguments.
#[derive(Debug, Args)]
pub struct RankingsArgs {
    /// The database `kyso audit --db` wrote.
    #[arg(long, value_name = "FILE", default_value = "kyso.db")]
    pub db: PathBuf,
    /// The run (see `GET /api/audits`); default: the latest complete run.
    #[arg(long, value_name = "ID")]
    pub run: Option<i64>,
    /// `all` (the whole run), a year `2021`, a quarter `2021-Q2` or a month `2021-05`.
    #[arg(long, value_name = "P", default_value = ALL_PERIODS)]
    pub period: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RankingsFormat::Text)]
    pub format: RankingsFormat,
}

/// Runs `kyso rankings`.
pub fn run(args: RankingsArgs) -> anyhow::Result<Outcome> {
    if period_label(&args.period).is_none() {
        bail!(
            "--period {:?}: expected all, a year (2021), a quarter (2021-Q2) or a month (2021-05)",
            args.period
        );
    }
    let store = Store::open(&args.db, OpenMode::Existing)?;
    let run = match args.run {
        Some(id) => id,
        None => store.latest_complete_run()?.ok_or_else(|| {
            anyhow!(
                "{}: no complete audit run recorded yet / chưa có lượt kiểm tra hoàn tất",
                args.db.display()
            )
        })?,
    };
    let rankings = match store.rankings(run, &args.period)? {
        Ok(Some(r)) => r,
        Ok(None) => bail!(
            "run {run} has no period {} / lượt kiểm tra không có kỳ này",
            args.period
        ),
        Err(RunState::Missing) => bail!("no run {run} in {}", args.db.display()),
        Err(RunState::Unfinished) => bail!(
            "run {run} did not finish (interrupted?): run the same `kyso audit` again to resume it"
        ),
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        RankingsFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &rankings)?;
            out.write_all(b"\n")?;
        }
        RankingsFormat::Csv => {
            out.write_all(&super::audit::output::agencies_csv(&rankings.agencies))?;
        }
        RankingsFormat::Text => {
            let r = &rankings.run;
            writeln!(
                out,
                "Xếp hạng ký số: lượt kiểm tra {} ({}), {}",
                r.id,
                r.finished.as_deref().unwrap_or(&r.started),
                rankings.label
            )?;
            writeln!(out)?;
            writeln!(out, "{}", rankings.headline.text_vi)?;
            writeln!(out)?;
            out.write_all(super::audit::text::table(&rankings.agencies).as_bytes())?;
        }
    }
    out.flush().context("writing the rankings")?;
    Ok(Outcome::AllValid)
}
