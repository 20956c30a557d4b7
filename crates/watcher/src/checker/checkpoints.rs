//! Checkpoints of the store's write-ahead log during a pass, run from a connection of their
//! own so that the commits made under the store's lock do not wait for a disk sync
//! (`clausewatch_store::checkpoint` explains why), except during the short restarts below.
//!
//! [`start`] turns the writer's automatic checkpoints off and checkpoints every
//! [`INTERVAL`] until [`PassCheckpoints::finish`], whose last checkpoint also truncates the log
//! file. A checkpoint that finds the log over SQLite's usual 1,000 pages also restarts it, so
//! that the writer's next commit overwrites the file from its start. Without the restart, the
//! log file grew by every page written during a pass (to 1.1 GB in the check-pass bench's pass
//! recording 1,000 versions), and the kernel zeroed each new page of the file before the write.
//! A pass that is dropped before it finishes turns the automatic checkpoints back on from
//! another thread, so the log never grows without bound.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use clausewatch_store::Store;
use clausewatch_store::checkpoint::{Checkpointer, DEFAULT_AUTO_CHECKPOINT_PAGES};

/// Time between two checkpoints during a pass.
pub const INTERVAL: Duration = Duration::from_millis(250);

/// The checkpoints of one running pass.
pub(super) struct PassCheckpoints {
    store: Arc<Mutex<Store>>,
    stop: CancellationToken,
    task: Option<JoinHandle<()>>,
}

/// Starts checkpointing `store` from a second connection. Returns `None`, leaving the
/// automatic checkpoints on, when that connection cannot be opened.
pub(super) async fn start(store: &Arc<Mutex<Store>>) -> Option<PassCheckpoints> {
    let writer = store.clone();
    let opened = tokio::task::spawn_blocking(move || {
        let store = writer.lock().unwrap_or_else(PoisonError::into_inner);
        let checkpointer = store.checkpointer()?;
        store.set_auto_checkpoint(0)?;
        Ok::<_, clausewatch_store::StoreError>(checkpointer)
    })
    .await;
    let checkpointer = match opened {
        Ok(Ok(checkpointer)) => Arc::new(Mutex::new(checkpointer)),
        Ok(Err(error)) => {
            tracing::warn!(%error, "log checkpoints stay with the writer");
            return None;
        }
        Err(error) => {
            tracing::warn!(%error, "log checkpoints stay with the writer");
            return None;
        }
    };

    let stop = CancellationToken::new();
    let task = tokio::spawn(run(store.clone(), checkpointer, stop.clone()));
    Some(PassCheckpoints { store: store.clone(), stop, task: Some(task) })
}

/// Checkpoints every [`INTERVAL`] until `stop`, then once more, truncating the log.
async fn run(
    store: Arc<Mutex<Store>>,
    checkpointer: Arc<Mutex<Checkpointer>>,
    stop: CancellationToken,
) {
    loop {
        let stopped = tokio::select! {
            () = stop.cancelled() => true,
            () = tokio::time::sleep(INTERVAL) => false,
        };
        let (connection, writer) = (checkpointer.clone(), store.clone());
        let checkpoint = move || {
            let connection = connection.lock().unwrap_or_else(PoisonError::into_inner);
            // The last one also empties the log file, which a pass can leave at tens of MB.
            if stopped {
                return connection.truncate();
            }
            let report = connection.checkpoint()?;
            if report.log_pages < i64::from(DEFAULT_AUTO_CHECKPOINT_PAGES) {
                return Ok(report);
            }
            // The writer appends behind every checkpoint, so the restart holds the store's lock:
            // it then copies only the pages committed since the passive checkpoint, and the
            // writer's next commit writes from the start of the log file.
            let _writer = writer.lock().unwrap_or_else(PoisonError::into_inner);
            connection.restart()
        };
        match tokio::task::spawn_blocking(checkpoint).await {
            Ok(Ok(report)) => tracing::debug!(?report, "log checkpointed"),
            Ok(Err(error)) => tracing::warn!(%error, "log checkpoint failed"),
            Err(error) => tracing::warn!(%error, "log checkpoint task failed"),
        }
        if stopped {
            return;
        }
    }
}

impl PassCheckpoints {
    /// Runs a last checkpoint and turns the writer's automatic checkpoints back on.
    pub(super) async fn finish(mut self) {
        self.stop.cancel();
        if let Some(task) = self.task.take()
            && let Err(error) = task.await
        {
            tracing::warn!(%error, "log checkpoint task failed");
        }
        let store = self.store.clone();
        let restored = tokio::task::spawn_blocking(move || restore(&store)).await;
        if let Err(error) = restored {
            tracing::warn!(%error, "automatic log checkpoints not restored");
        }
    }
}

impl Drop for PassCheckpoints {
    fn drop(&mut self) {
        // `finish` took the task; a pass dropped before it still has it.
        if self.task.is_none() {
            return;
        }
        self.stop.cancel();
        let store = self.store.clone();
        let spawned = std::thread::Builder::new()
            .name("checkpoint-restore".to_owned())
            .spawn(move || restore(&store));
        if let Err(error) = spawned {
            tracing::warn!(%error, "automatic log checkpoints not restored");
        }
    }
}

/// Turns the writer's automatic checkpoints back on.
fn restore(store: &Mutex<Store>) {
    let store = store.lock().unwrap_or_else(PoisonError::into_inner);
    if let Err(error) = store.set_auto_checkpoint(DEFAULT_AUTO_CHECKPOINT_PAGES) {
        tracing::warn!(%error, "automatic log checkpoints not restored");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, Arc<Mutex<Store>>) {
        let folder = tempfile::tempdir().expect("temporary folder");
        let store = Store::open_in(folder.path()).expect("store opens");
        (folder, Arc::new(Mutex::new(store)))
    }

    fn auto_checkpoint(store: &Mutex<Store>) -> u32 {
        store.lock().expect("store lock").auto_checkpoint().expect("setting is read")
    }

    /// Returns the size of the store's log file in bytes.
    fn log_bytes(path: &std::path::Path) -> u64 {
        let mut log = path.as_os_str().to_owned();
        log.push("-wal");
        std::fs::metadata(log).map_or(0, |metadata| metadata.len())
    }

    /// Commits rows of 16,000 bytes one by one, a millisecond apart, for `duration` and returns
    /// how many bytes were written and the largest size the log file reached in between.
    fn write_for(store: &Mutex<Store>, duration: Duration) -> (u64, u64) {
        let text = "x".repeat(16_000);
        let path = store.lock().expect("store lock").path().to_owned();
        let started = std::time::Instant::now();
        let (mut written, mut largest_log) = (0, 0);
        let mut index = 0;
        while started.elapsed() < duration {
            store
                .lock()
                .expect("store lock")
                .connection()
                .execute(
                    "INSERT INTO meta (key, value) VALUES (?1, ?2)",
                    (format!("log test {index}"), &text),
                )
                .expect("row is written");
            index += 1;
            written += 16_000;
            largest_log = largest_log.max(log_bytes(&path));
            std::thread::sleep(Duration::from_millis(1));
        }
        (written, largest_log)
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn log_stays_small_under_constant_commits() {
        let (_folder, store) = store();
        let checkpoints = start(&store).await.expect("checkpoints start");

        // Eight checkpoint intervals of commits that never pause for long, as in a pass that
        // records a version after every fetch.
        let writer = store.clone();
        let (written, largest_log) =
            tokio::task::spawn_blocking(move || write_for(&writer, INTERVAL * 8))
                .await
                .expect("writer runs");
        checkpoints.finish().await;

        // Restarted at every interval, the log contains about one interval of the writes. Grown
        // instead, it contains all of them, each row in log pages of its own.
        assert!(written > 0);
        assert!(
            largest_log * 2 < written,
            "log reached {largest_log} bytes while {written} bytes were written"
        );
        let path = store.lock().expect("store lock").path().to_owned();
        assert_eq!(log_bytes(&path), 0, "finish truncates the log");
    }

    #[tokio::test]
    async fn finish_turns_automatic_checkpoints_back_on() {
        let (_folder, store) = store();
        let checkpoints = start(&store).await.expect("checkpoints start");
        assert_eq!(auto_checkpoint(&store), 0);

        checkpoints.finish().await;
        assert_eq!(auto_checkpoint(&store), DEFAULT_AUTO_CHECKPOINT_PAGES);
    }

    #[tokio::test]
    async fn dropped_pass_turns_automatic_checkpoints_back_on() {
        let (_folder, store) = store();
        let checkpoints = start(&store).await.expect("checkpoints start");
        assert_eq!(auto_checkpoint(&store), 0);

        drop(checkpoints);
        // The setting is restored from another thread; wait up to five seconds for it.
        let mut restored = 0;
        for _ in 0..100 {
            restored = auto_checkpoint(&store);
            if restored != 0 {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        assert_eq!(restored, DEFAULT_AUTO_CHECKPOINT_PAGES);
    }
}
