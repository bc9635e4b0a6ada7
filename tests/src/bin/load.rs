//! `load`: a bounded load benchmark of `kyso serve` on 127.0.0.1 (`make bench-load`; not part of
//! `make test`). It records the demo export with `kyso audit --db`, builds a two-signature
//! letter of about 5 MB with the test kit, starts `kyso serve` on a free loopback port and, while
//! 200 slow clients hold connections open (sending a header line a second, reconnecting when the
//! server's header-read timeout closes them):
//! 1. `GET /api/rankings` from 64 keep-alive clients for 10 s;
//! 2. `POST /api/verify` with the letter from 8 keep-alive clients for 10 s.
//!
//! It prints requests/s, p50/p99/max latency, errors (any status but 200, any I/O error or
//! timeout) and the server's resident memory (peak and at the end), and exits 1 on any error.
//! Every count and duration is bounded; nothing leaves 127.0.0.1.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, ensure, Context};
use bytes::Bytes;
use clap::Parser;
use http_body_util::{BodyExt, Full};
use hyper::Request;
use hyper_util::rt::TokioIo;
use kyso_tests::harness::{free_port, workspace_root, ProcessGroup};
use kyso_tests::history::{audit_args, TempDir};
use kyso_tests::kit::demo::{build, plan, Category, SizeProfile};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

#[derive(Debug, Parser)]
#[command(
    name = "load",
    about = "Bounded load benchmark of kyso serve on 127.0.0.1"
)]
struct Args {
    /// The kyso binary (a release build: `make kyso`).
    #[arg(long, default_value = "target/release/kyso")]
    kyso: PathBuf,
    /// Seconds per phase (1..=60).
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Concurrent GET /api/rankings clients (1..=256).
    #[arg(long, default_value_t = 64)]
    rankings_clients: usize,
    /// Concurrent POST /api/verify clients (1..=32).
    #[arg(long, default_value_t = 8)]
    verify_clients: usize,
    /// Slow connections held open meanwhile (0..=400).
    #[arg(long, default_value_t = 200)]
    idle: usize,
    /// Size of the letter to verify, in MB (1..=20).
    #[arg(long, default_value_t = 5)]
    letter_mb: usize,
}

const TOKEN: &str = "load-benchmark-token-0123456789abcdef";
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// A compliant two-signature letter (person, then agency) padded with scanned pages to about
/// `megabytes` MB (one page per MB, their size scaled once to hit the target within a few %).
fn letter(megabytes: usize) -> Vec<u8> {
    let target = megabytes * 1_048_576;
    let with_pages = |page: usize| {
        let mut p = plan(1, 7, SizeProfile::Demo).remove(0);
        p.category = Category::Compliant;
        p.variant = 4;
        p.scan_pages = vec![page; megabytes];
        build(&p)
    };
    let first = with_pages(1_000_000);
    let page = (1_000_000.0 * target as f64 / first.len().max(1) as f64) as usize;
    with_pages(page.max(10_000))
}

fn rss_kib(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with(field))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

#[derive(Debug, Default)]
struct Phase {
    latencies: Mutex<Vec<Duration>>,
    errors: AtomicU64,
    first_error: Mutex<Option<String>>,
}

impl Phase {
    fn error(&self, what: String) {
        self.errors.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut f) = self.first_error.lock() {
            f.get_or_insert(what);
        }
    }

    fn report(&self, name: &str, clients: usize, seconds: f64) -> String {
        let mut l = self.latencies.lock().map(|l| l.clone()).unwrap_or_default();
        l.sort();
        let pct = |p: f64| -> f64 {
            if l.is_empty() {
                return 0.0;
            }
            let i = ((l.len() as f64 * p).ceil() as usize).clamp(1, l.len()) - 1;
            l[i].as_secs_f64() * 1000.0
        };
        let errors = self.errors.load(Ordering::Relaxed);
        let mut s = format!(
            "| {name} | {clients} | {} | {errors} | {:.0} | {:.1} | {:.1} | {:.1} |",
            l.len(),
            l.len() as f64 / seconds,
            pct(0.50),
            pct(0.99),
            l.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0),
        );
        if let Ok(Some(e)) = self.first_error.lock().as_deref() {
            s.push_str(&format!("\n  first error: {e}"));
        }
        s
    }
}

type Sender = hyper::client::conn::http1::SendRequest<Full<Bytes>>;

async fn connect(port: u16) -> anyhow::Result<Sender> {
    let stream = TcpStream::connect(("127.0.0.1", port)).await?;
    stream.set_nodelay(true)?;
    let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(conn);
    Ok(sender)
}

/// One keep-alive client sending `make()` until `until`.
async fn client(
    port: u16,
    until: Instant,
    phase: Arc<Phase>,
    make: impl Fn() -> Request<Full<Bytes>> + Sync,
) {
    let mut sender: Option<Sender> = None;
    while Instant::now() < until {
        let s = match sender.as_mut() {
            Some(s) => s,
            None => match connect(port).await {
                Ok(s) => sender.insert(s),
                Err(e) => {
                    phase.error(format!("connect: {e}"));
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        if s.ready().await.is_err() {
            sender = None;
            continue;
        }
        let started = Instant::now();
        let outcome = tokio::time::timeout(REQUEST_TIMEOUT, async {
            let response = s.send_request(make()).await?;
            let status = response.status();
            let body = response.into_body().collect().await?.to_bytes();
            anyhow::Ok((status, body))
        })
        .await;
        match outcome {
            Ok(Ok((status, body))) if status == 200 && !body.is_empty() => {
                if let Ok(mut l) = phase.latencies.lock() {
                    l.push(started.elapsed());
                }
            }
            Ok(Ok((status, body))) => {
                phase.error(format!(
                    "status {status}: {}",
                    String::from_utf8_lossy(&body)
                ));
            }
            Ok(Err(e)) => {
                phase.error(format!("request: {e}"));
                sender = None;
            }
            Err(_) => {
                phase.error("timed out".into());
                sender = None;
            }
        }
    }
}

/// A slow client: a request head that never ends, one header line a second; reopened when the
/// server closes it.
async fn slow_client(
    port: u16,
    stop: Arc<AtomicBool>,
    open: Arc<AtomicU64>,
    closed: Arc<AtomicU64>,
) {
    while !stop.load(Ordering::Relaxed) {
        let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)).await else {
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        };
        if stream
            .write_all(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            .await
            .is_err()
        {
            continue;
        }
        open.fetch_add(1, Ordering::Relaxed);
        while !stop.load(Ordering::Relaxed) {
            tokio::time::sleep(Duration::from_secs(1)).await;
            if stream.write_all(b"X-Slow: 1\r\n").await.is_err() {
                closed.fetch_add(1, Ordering::Relaxed);
                break;
            }
        }
        open.fetch_sub(1, Ordering::Relaxed);
    }
}

fn run_phase(
    runtime: &tokio::runtime::Runtime,
    port: u16,
    clients: usize,
    seconds: u64,
    pid: u32,
    peak: &AtomicU64,
    make: impl Fn() -> Request<Full<Bytes>> + Clone + Send + Sync + 'static,
) -> (Arc<Phase>, f64) {
    let phase = Arc::new(Phase::default());
    let started = Instant::now();
    let until = started + Duration::from_secs(seconds);
    runtime.block_on(async {
        let mut tasks = Vec::new();
        for _ in 0..clients {
            tasks.push(tokio::spawn(client(
                port,
                until,
                Arc::clone(&phase),
                make.clone(),
            )));
        }
        while Instant::now() < until {
            if let Some(rss) = rss_kib(pid, "VmRSS:") {
                peak.fetch_max(rss, Ordering::Relaxed);
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        for t in tasks {
            let _ = t.await;
        }
    });
    (phase, started.elapsed().as_secs_f64())
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    ensure!((1..=60).contains(&args.seconds), "--seconds: 1 to 60");
    ensure!(
        (1..=256).contains(&args.rankings_clients),
        "--rankings-clients: 1 to 256"
    );
    ensure!(
        (1..=32).contains(&args.verify_clients),
        "--verify-clients: 1 to 32"
    );
    ensure!(args.idle <= 400, "--idle: at most 400");
    ensure!((1..=20).contains(&args.letter_mb), "--letter-mb: 1 to 20");
    let kyso = if args.kyso.is_absolute() {
        args.kyso.clone()
    } else {
        workspace_root().join(&args.kyso)
    };
    ensure!(
        kyso.is_file(),
        "{} not found: run `make kyso`",
        kyso.display()
    );

    let tmp = TempDir::new("load")?;
    let db = tmp.join("kyso.db");
    let demo = workspace_root().join("demo");
    let audit = Command::new(&kyso)
        .args(audit_args(&demo, &db))
        .output()
        .context("kyso audit")?;
    ensure!(
        matches!(audit.status.code(), Some(0 | 1)),
        "kyso audit: {}",
        String::from_utf8_lossy(&audit.stderr)
    );
    let pdf = Bytes::from(letter(args.letter_mb));
    let letter_path = tmp.join("letter.pdf");
    std::fs::write(&letter_path, &pdf)?;

    let port = free_port()?;
    let p = |rel: &str| demo.join(rel).display().to_string();
    let mut server = ProcessGroup::spawn(
        "kyso serve",
        Command::new(&kyso)
            .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
            .args(["--db", &db.display().to_string()])
            .args([
                "--trust",
                &p("trust"),
                "--certs",
                &p("certs"),
                "--crl",
                &p("crl"),
            ])
            .args(["--max-verifications", &args.verify_clients.to_string()])
            .env("KYSO_TOKEN", TOKEN)
            .stdout(Stdio::piped())
            .stderr(Stdio::null()),
    )?;
    let pid = server.child_mut().id();
    let stdout = server
        .child_mut()
        .stdout
        .take()
        .ok_or_else(|| anyhow!("kyso serve has no stdout"))?;
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line)?;
    ensure!(line.contains("serving on"), "kyso serve said {line:?}");
    let rss_start = rss_kib(pid, "VmRSS:").unwrap_or(0);

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let rankings = || {
        Request::get("/api/rankings")
            .header("host", "127.0.0.1")
            .body(Full::new(Bytes::new()))
            .unwrap_or_default()
    };
    let body = pdf.clone();
    let verify = move || {
        Request::post("/api/verify?name=letter.pdf")
            .header("host", "127.0.0.1")
            .header("authorization", format!("Bearer {TOKEN}"))
            .header("content-type", "application/pdf")
            .body(Full::new(body.clone()))
            .unwrap_or_default()
    };

    // Both answers are right before anything is measured.
    let check = runtime.block_on(async {
        let mut s = connect(port).await?;
        let r = s.send_request(rankings()).await?;
        ensure!(r.status() == 200, "GET /api/rankings: {}", r.status());
        let j: serde_json::Value =
            serde_json::from_slice(&r.into_body().collect().await?.to_bytes())?;
        ensure!(
            j["agencies"].as_array().is_some_and(|a| a.len() == 12),
            "{j}"
        );
        s.ready().await?;
        let r = s.send_request(verify()).await?;
        ensure!(r.status() == 200, "POST /api/verify: {}", r.status());
        let j: serde_json::Value =
            serde_json::from_slice(&r.into_body().collect().await?.to_bytes())?;
        anyhow::Ok((
            j["verdict"].clone(),
            j["signatures"].as_array().map_or(0, Vec::len),
        ))
    })?;
    if check.0 != "valid" || check.1 != 2 {
        bail!("the letter does not verify as a valid two-signature letter: {check:?}");
    }

    let stop = Arc::new(AtomicBool::new(false));
    let open = Arc::new(AtomicU64::new(0));
    let closed = Arc::new(AtomicU64::new(0));
    let mut slow = Vec::new();
    for _ in 0..args.idle {
        slow.push(runtime.spawn(slow_client(
            port,
            Arc::clone(&stop),
            Arc::clone(&open),
            Arc::clone(&closed),
        )));
    }
    let settle = Instant::now() + Duration::from_secs(5);
    while open.load(Ordering::Relaxed) < args.idle as u64 && Instant::now() < settle {
        std::thread::sleep(Duration::from_millis(50));
    }
    let slow_open = open.load(Ordering::Relaxed);

    let peak = AtomicU64::new(rss_start);
    let (ranking_phase, ranking_secs) = run_phase(
        &runtime,
        port,
        args.rankings_clients,
        args.seconds,
        pid,
        &peak,
        rankings,
    );
    let (verify_phase, verify_secs) = run_phase(
        &runtime,
        port,
        args.verify_clients,
        args.seconds,
        pid,
        &peak,
        verify,
    );
    let slow_still_open = open.load(Ordering::Relaxed);
    stop.store(true, Ordering::Relaxed);
    runtime.block_on(async {
        for s in slow {
            s.abort();
            let _ = s.await;
        }
    });
    let rss_end = rss_kib(pid, "VmRSS:").unwrap_or(0);
    let hwm = rss_kib(pid, "VmHWM:").unwrap_or(0);
    drop(server);

    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!("kyso serve load benchmark (127.0.0.1, {cores} cores, release build)");
    println!(
        "letter: {} ({:.1} MB, 2 signatures, valid); slow connections: {} opened, {} open at the end, {} closed by the server's header-read timeout and reopened",
        letter_path.file_name().and_then(|n| n.to_str()).unwrap_or_default(),
        pdf.len() as f64 / 1_048_576.0,
        slow_open,
        slow_still_open,
        closed.load(Ordering::Relaxed)
    );
    println!();
    println!("| route | clients | requests | errors | req/s | p50 ms | p99 ms | max ms |");
    println!("|---|---|---|---|---|---|---|---|");
    println!(
        "{}",
        ranking_phase.report("GET /api/rankings", args.rankings_clients, ranking_secs)
    );
    println!(
        "{}",
        verify_phase.report(
            &format!("POST /api/verify ({} MB)", args.letter_mb),
            args.verify_clients,
            verify_secs
        )
    );
    println!();
    println!(
        "server RSS: {:.1} MB at start, {:.1} MB peak (VmHWM {:.1} MB), {:.1} MB at the end",
        rss_start as f64 / 1024.0,
        peak.load(Ordering::Relaxed) as f64 / 1024.0,
        hwm as f64 / 1024.0,
        rss_end as f64 / 1024.0
    );
    let errors =
        ranking_phase.errors.load(Ordering::Relaxed) + verify_phase.errors.load(Ordering::Relaxed);
    if errors > 0 {
        bail!("{errors} errors");
    }
    Ok(())
}
