//! Checkpoints of the store's write-ahead log during a pass, run from a connection of their
//! own so that the commits made under the store's lock never wait for a disk sync
//! (`clausewatch_store::checkpoint` explains why).
//!
//! [`start`] turns the writer's automatic checkpoints off and checkpoints every
//! [`INTERVAL`] until [`PassCheckpoints::finish`], whose last checkpoint also truncates the log
//! file. A pass that is dropped before it finishes turns the automatic checkpoints back on
//! from another thread, so the log never grows without bound.

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
    let task = tokio::spawn(run(checkpointer, stop.clone()));
    Some(PassCheckpoints { store: store.clone(), stop, task: Some(task) })
}

/// Checkpoints every [`INTERVAL`] until `stop`, then once more, truncating the log.
async fn run(checkpointer: Arc<Mutex<Checkpointer>>, stop: CancellationToken) {
    loop {
        let stopped = tokio::select! {
            () = stop.cancelled() => true,
            () = tokio::time::sleep(INTERVAL) => false,
        };
        let connection = checkpointer.clone();
        let checkpoint = move || {
            let connection = connection.lock().unwrap_or_else(PoisonError::into_inner);
            // The last one also empties the log file, which a pass can leave at tens of MB.
            if stopped { connection.truncate() } else { connection.checkpoint() }
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
