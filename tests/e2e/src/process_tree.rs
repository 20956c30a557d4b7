//! The processes below one process, read from `/proc` (Linux only), so a test can stop the app
//! that `tauri-driver` launched through WebKitWebDriver when closing the session left it
//! running.

use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

/// Returns the ids of every process below `root`, children before grandchildren.
pub fn descendants(root: u32) -> Vec<u32> {
    let parents: Vec<(u32, u32)> = match std::fs::read_dir("/proc") {
        Ok(entries) => entries
            .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
            .filter_map(|pid| Some((pid, parent_of(pid)?)))
            .collect(),
        Err(error) => {
            tracing::warn!(%error, "cannot list /proc, so the app's processes are not tracked");
            return Vec::new();
        }
    };

    let mut found = vec![root];
    let mut next = 0;
    while next < found.len() {
        let parent = found[next];
        found.extend(parents.iter().filter(|(_, ppid)| *ppid == parent).map(|(pid, _)| *pid));
        next += 1;
    }
    found.remove(0);
    found
}

/// Sends SIGTERM to each process of `pids` still running, then SIGKILL to any left after
/// `grace`.
pub fn stop_all(pids: &[u32], grace: Duration) {
    let running = |pid: &&u32| is_running(**pid);
    for pid in pids.iter().filter(running) {
        tracing::warn!(pid, "a process of the app outlived its WebDriver session; stopping it");
        let _ = kill(to_pid(*pid), Signal::SIGTERM);
    }

    let deadline = Instant::now() + grace;
    while pids.iter().any(|pid| is_running(*pid)) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    for pid in pids.iter().filter(running) {
        tracing::warn!(pid, "the process ignored SIGTERM for {grace:?}; killing it");
        let _ = kill(to_pid(*pid), Signal::SIGKILL);
    }
}

/// Returns the parent id of `pid` from `/proc/PID/stat`, or `None` when it has exited.
fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name in brackets may contain spaces, so fields are counted after its `)`.
    let after_name = &stat[stat.rfind(')')? + 1..];
    after_name.split_whitespace().nth(1)?.parse().ok()
}

/// Returns whether `pid` exists and is not a zombie waiting to be reaped.
fn is_running(pid: u32) -> bool {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    let state = stat.rfind(')').and_then(|end| stat[end + 1..].split_whitespace().next());
    state.is_some_and(|state| state != "Z")
}

fn to_pid(pid: u32) -> Pid {
    Pid::from_raw(i32::try_from(pid).unwrap_or(i32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descendants_include_grandchild() {
        // A shell that starts a sleeping child: the test process → sh → sleep.
        let mut shell = std::process::Command::new("sh")
            .args(["-c", "sleep 30 & wait"])
            .spawn()
            .expect("sh starts");
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut found = descendants(std::process::id());
        while found.len() < 2 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
            found = descendants(std::process::id());
        }

        assert!(found.contains(&shell.id()), "{found:?}");
        assert_eq!(found.len(), 2, "sh and its sleep: {found:?}");

        stop_all(&found, Duration::from_secs(2));
        let _ = shell.wait();
        assert!(found.iter().all(|pid| !is_running(*pid)), "{found:?}");
    }
}
