//! The `tauri-driver` process: started on free ports of 127.0.0.1 and stopped with SIGTERM.
//!
//! SIGTERM matters: killed with SIGKILL, `tauri-driver` leaves its WebKitWebDriver child
//! running, which keeps the test's output open so that `cargo test` never returns.

use std::fs::File;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

use crate::process_tree;

/// How long a stopped driver may take to exit before it is killed.
const STOP_GRACE: Duration = Duration::from_secs(5);

/// A running `tauri-driver`, stopped when dropped.
pub struct Driver {
    child: Child,
    /// WebDriver port the driver listens on, on 127.0.0.1.
    pub port: u16,
    /// File that receives the driver's and WebKitWebDriver's output.
    pub log: PathBuf,
}

impl Driver {
    /// Starts `binary` with the app's data folder in its environment, and waits until it listens.
    pub fn start(binary: &Path, data_dir: &Path, timeout: Duration) -> anyhow::Result<Self> {
        let port = free_port()?;
        let native_port = free_port()?;
        let log = data_dir.join("tauri-driver.log");
        let output =
            File::create(&log).with_context(|| format!("cannot create {}", log.display()))?;

        let child = Command::new(binary)
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            // The driver passes its environment on to WebKitWebDriver and from there to the app.
            .env("CLAUSEWATCH_DATA_DIR", data_dir)
            .stdin(Stdio::null())
            .stdout(output.try_clone()?)
            .stderr(output)
            .spawn()
            .with_context(|| format!("cannot start {}", binary.display()))?;
        let driver = Self { child, port, log };

        driver.wait_until_listening(timeout)?;
        Ok(driver)
    }

    /// Returns the URL a WebDriver client connects to.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Returns the ids of the processes the driver started: WebKitWebDriver, the app and the
    /// app's WebKit processes.
    pub fn processes(&self) -> Vec<u32> {
        crate::process_tree::descendants(self.child.id())
    }

    /// Returns the last `lines` lines of the driver's output, or why they could not be read.
    pub fn log_tail(&self, lines: usize) -> String {
        match std::fs::read_to_string(&self.log) {
            Ok(text) => {
                let all: Vec<&str> = text.lines().collect();
                all[all.len().saturating_sub(lines)..].join("\n")
            }
            Err(error) => format!("cannot read {}: {error}", self.log.display()),
        }
    }

    /// Polls the port until it accepts a connection, failing after `timeout`.
    fn wait_until_listening(&self, timeout: Duration) -> anyhow::Result<()> {
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, self.port));
        let deadline = Instant::now() + timeout;
        while TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_err() {
            if Instant::now() > deadline {
                bail!(
                    "tauri-driver did not listen on {address} within {timeout:?}; see {}",
                    self.log.display()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(())
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // Listed first: once the driver is gone, the app is no longer found below it.
        // NOTE: now and then the app outlives a closed session, and its window then took the
        // next test's screenshots. Why it does so is not known, so it is stopped here.
        let app_processes = process_tree::descendants(self.child.id());
        self.stop_driver();
        process_tree::stop_all(&app_processes, STOP_GRACE);
    }
}

impl Driver {
    /// Sends SIGTERM to the driver and waits for it, killing it after [`STOP_GRACE`].
    fn stop_driver(&mut self) {
        if let Ok(Some(_)) = self.child.try_wait() {
            return;
        }
        let pid = Pid::from_raw(i32::try_from(self.child.id()).unwrap_or(i32::MAX));
        if let Err(error) = kill(pid, Signal::SIGTERM) {
            tracing::warn!(%error, %pid, "SIGTERM to tauri-driver failed");
        }

        let deadline = Instant::now() + STOP_GRACE;
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        tracing::warn!(%pid, "tauri-driver ignored SIGTERM for {STOP_GRACE:?}; killing it");
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Returns a port on 127.0.0.1 that was free a moment ago.
fn free_port() -> anyhow::Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .context("cannot bind a free port on 127.0.0.1")?;
    Ok(listener.local_addr()?.port())
}
