//! CPU-bound steps of checks (extraction, analysis) on blocking threads, at most one per core
//! at a time.
//!
//! A pass checks many sources at once so that their fetches overlap. More CPU-bound jobs than
//! cores would only share the cores and hold more pages in memory. They would also take time
//! from the thread that holds the store's lock, which every check waits for in the end.

use std::sync::LazyLock;

use tokio::sync::Semaphore;
use tokio::task::JoinError;

static CORES: LazyLock<Semaphore> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    Semaphore::new(cores)
});

/// Runs `work` on a blocking thread once a core is free.
pub(crate) async fn run<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, JoinError> {
    let _permit = CORES.acquire().await.expect("the semaphore is never closed");
    tokio::task::spawn_blocking(work).await
}
