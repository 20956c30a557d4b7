//! CPU-bound steps of checks (extraction, analysis) on a pool of worker threads, one per core,
//! that run at a lower scheduling priority than the rest of the process.
//!
//! A pass checks many sources at once so that their fetches overlap. More CPU-bound jobs than
//! cores would only share the cores and hold more pages in memory. Every check ends in a write
//! that holds the store's lock, so the thread holding it must not wait for a core. At equal
//! priority, two workers on two cores left it about two thirds of one, and the whole pass
//! queued behind the lock. On Linux the workers take a nice value of [`WORKER_NICE`], so the
//! writer, the fetches and the desktop app's own threads come first. Elsewhere they run at
//! normal priority.

use std::panic::AssertUnwindSafe;
use std::sync::LazyLock;

use crossbeam_channel::{Receiver, Sender};
use tokio::sync::oneshot;

/// The nice value of the worker threads (0 is the default, 19 the lowest priority).
pub const WORKER_NICE: i32 = 10;

/// A job for a worker thread.
type Job = Box<dyn FnOnce() + Send>;

/// The queue of the worker pool; the workers start with the first job.
static QUEUE: LazyLock<Sender<Job>> = LazyLock::new(start_workers);

/// The failure of a job that returned no result.
#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    #[error("the job panicked: {0}")]
    Panicked(String),
    #[error("the worker threads could not be started")]
    Unavailable,
}

/// Runs `work` on a worker thread and returns its result. A job that was queued runs to its
/// end even when the caller stops waiting.
pub(crate) async fn run<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, WorkerError> {
    let (sender, receiver) = oneshot::channel();
    let job: Job = Box::new(move || {
        let result = std::panic::catch_unwind(AssertUnwindSafe(work));
        // The caller may have stopped waiting; the result is then dropped.
        let _ = sender.send(result.map_err(|panic| WorkerError::Panicked(panic_message(&panic))));
    });
    QUEUE.send(job).map_err(|_| WorkerError::Unavailable)?;
    receiver.await.map_err(|_| WorkerError::Unavailable)?
}

/// Starts one worker per core and returns the sender of their shared queue.
fn start_workers() -> Sender<Job> {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let (sender, receiver) = crossbeam_channel::unbounded::<Job>();
    for index in 0..cores {
        let receiver = receiver.clone();
        let started = std::thread::Builder::new()
            .name(format!("check-cpu-{index}"))
            .spawn(move || work_through(&receiver));
        if let Err(error) = started {
            tracing::error!(%error, index, "check worker thread not started");
        }
    }
    sender
}

/// Lowers this thread's priority, then runs jobs until the queue is closed.
fn work_through(receiver: &Receiver<Job>) {
    lower_priority();
    for job in receiver {
        job();
    }
}

#[cfg(target_os = "linux")]
fn lower_priority() {
    // On Linux a thread id given as a process id sets the nice value of that thread alone.
    let thread = rustix::thread::gettid();
    if let Err(error) = rustix::process::setpriority_process(Some(thread), WORKER_NICE) {
        tracing::warn!(%error, "check worker keeps normal priority");
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_priority() {}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|message| (*message).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_owned())
}
