//! Real components for end-to-end tests: the `kyso` binary, `kyso serve` on a free loopback port,
//! and chromedriver (which starts headless Chromium). Every process is owned by a guard whose
//! `Drop` ends it, so nothing is left running when a test fails or panics.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context};

/// The workspace root (where `Cargo.toml`, `demo/` and `target/` live).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

/// The `kyso` binary under test: `$KYSO_BIN`, else the debug build in the target directory
/// (`make test` builds it before running the tests).
pub fn kyso_bin() -> anyhow::Result<PathBuf> {
    if let Some(path) = std::env::var_os("KYSO_BIN") {
        return Ok(PathBuf::from(path));
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    let bin = target.join("debug").join("kyso");
    if !bin.is_file() {
        bail!(
            "{} not found: build it with `cargo build -p server` (make test does)",
            bin.display()
        );
    }
    Ok(bin)
}

/// The shared peer corpus, when present (`../shared/peer-corpus` next to the checkout).
pub fn peer_corpus() -> Option<PathBuf> {
    let dir = workspace_root().join("../shared/peer-corpus");
    dir.is_dir().then_some(dir)
}

/// A free TCP port on 127.0.0.1 (bound, then released for the child to take).
pub fn free_port() -> anyhow::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("binding a free port")?;
    Ok(listener.local_addr()?.port())
}

/// A child process in its own process group; dropping it terminates the whole group
/// (chromedriver's Chromium included).
#[derive(Debug)]
pub struct ProcessGroup {
    child: Child,
    name: &'static str,
}

impl ProcessGroup {
    pub fn spawn(name: &'static str, command: &mut Command) -> anyhow::Result<Self> {
        let child = command
            .process_group(0)
            .spawn()
            .with_context(|| format!("starting {name}"))?;
        Ok(Self { child, name })
    }

    pub fn child_mut(&mut self) -> &mut Child {
        &mut self.child
    }

    pub fn name(&self) -> &'static str {
        self.name
    }
}

impl Drop for ProcessGroup {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        // SIGTERM lets chromedriver close Chromium; SIGKILL is the backstop.
        let _ = Command::new("kill")
            .args(["-TERM", "--", &group])
            .stderr(Stdio::null())
            .status();
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.wait();
    }
}

/// `kyso serve` on a free loopback port.
#[derive(Debug)]
pub struct Server {
    _process: ProcessGroup,
    pub url: String,
    pub port: u16,
}

impl Server {
    /// Starts `kyso serve` with extra arguments and waits until it prints its URL.
    pub fn start(extra_args: &[&str]) -> anyhow::Result<Self> {
        Self::start_with_env(extra_args, &[])
    }

    /// Starts `kyso serve` with extra arguments and environment variables (`KYSO_TOKEN` is
    /// removed unless given), and waits until it prints its URL.
    pub fn start_with_env(extra_args: &[&str], env: &[(&str, &str)]) -> anyhow::Result<Self> {
        let port = free_port()?;
        let addr = format!("127.0.0.1:{port}");
        let mut command = Command::new(kyso_bin()?);
        command
            .args(["serve", "--addr", &addr])
            .args(extra_args)
            .env_remove("KYSO_TOKEN")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        let mut process = ProcessGroup::spawn("kyso serve", &mut command)?;
        let stdout = process
            .child_mut()
            .stdout
            .take()
            .ok_or_else(|| anyhow!("kyso serve has no stdout"))?;
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .context("reading kyso serve's first line")?;
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .ok_or_else(|| anyhow!("kyso serve did not print its URL (got {line:?})"))?
            .trim_end_matches('/')
            .to_owned();
        wait_for_port(port, Duration::from_secs(10))?;
        Ok(Self {
            _process: process,
            url,
            port,
        })
    }
}

/// chromedriver on a free loopback port.
#[derive(Debug)]
pub struct ChromeDriver {
    _process: ProcessGroup,
    pub url: String,
}

impl ChromeDriver {
    /// Starts `$CHROMEDRIVER` (default `/usr/bin/chromedriver`, installed by `make test`).
    pub fn start() -> anyhow::Result<Self> {
        let bin = std::env::var_os("CHROMEDRIVER")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("/usr/bin/chromedriver"));
        if !bin.is_file() {
            bail!(
                "{} not found: run `make tools-test` (make test does)",
                bin.display()
            );
        }
        let port = free_port()?;
        let process = ProcessGroup::spawn(
            "chromedriver",
            Command::new(bin)
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
        )?;
        wait_for_port(port, Duration::from_secs(20))?;
        Ok(Self {
            _process: process,
            url: format!("http://127.0.0.1:{port}"),
        })
    }

    /// W3C capabilities for headless Chromium as root in a closed network (see README).
    pub fn capabilities() -> serde_json::Map<String, serde_json::Value> {
        let options = serde_json::json!({
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1280,900"
            ]
        });
        let mut caps = serde_json::Map::new();
        caps.insert("goog:chromeOptions".to_owned(), options);
        caps
    }
}

fn wait_for_port(port: u16, timeout: Duration) -> anyhow::Result<()> {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    bail!("nothing listens on 127.0.0.1:{port} after {timeout:?}")
}
