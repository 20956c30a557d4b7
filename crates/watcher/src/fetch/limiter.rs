//! Politeness limits: a global cap on requests in flight, a cap per origin, and a pause between
//! the starts of two requests to the same origin. Origins are keyed by scheme, host and port.
//!
//! The limiter also counts, per origin, the requests that got no response at all before their
//! time ran out. A request that waited for its turn while that count rose is not sent, because
//! its site is not responding and each such request would hold a check for its whole timeout.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// Holds the permits of one request; dropping it frees them.
pub struct RequestPermit {
    _global: OwnedSemaphorePermit,
    _origin: OwnedSemaphorePermit,
}

struct OriginState {
    in_flight: Arc<Semaphore>,
    next_start: tokio::sync::Mutex<Option<Instant>>,
    /// Requests that timed out before any response came.
    silences: AtomicU64,
}

/// Grants permission to start requests within the limits.
pub struct Limiter {
    global: Arc<Semaphore>,
    per_origin: usize,
    delay: Duration,
    origins: Mutex<HashMap<String, Arc<OriginState>>>,
}

impl Limiter {
    /// Returns a limiter with `global` requests in flight at most, `per_origin` per origin, and
    /// `delay` between starts on one origin.
    pub fn new(global: usize, per_origin: usize, delay: Duration) -> Self {
        Self {
            global: Arc::new(Semaphore::new(global.max(1))),
            per_origin: per_origin.max(1),
            delay,
            origins: Mutex::new(HashMap::new()),
        }
    }

    /// Waits until a request to `origin` may start, and returns its permit.
    pub async fn acquire(&self, origin: &str) -> RequestPermit {
        let state = self.origin_state(origin);

        // The origin permit comes first so that a request waiting on a busy origin does not
        // hold a global slot that another origin could use.
        let origin_permit = state
            .in_flight
            .clone()
            .acquire_owned()
            .await
            .expect("origin semaphore is never closed");
        let global_permit =
            self.global.clone().acquire_owned().await.expect("global semaphore is never closed");

        let mut next_start = state.next_start.lock().await;
        if let Some(at) = *next_start {
            tokio::time::sleep_until(at).await;
        }
        *next_start = Some(Instant::now() + self.delay);

        RequestPermit { _global: global_permit, _origin: origin_permit }
    }

    /// Returns how many requests to `origin` got no response before their time ran out.
    pub fn silences(&self, origin: &str) -> u64 {
        self.origin_state(origin).silences.load(Ordering::SeqCst)
    }

    /// Counts a request to `origin` that got no response before its time ran out.
    pub fn mark_silent(&self, origin: &str) {
        self.origin_state(origin).silences.fetch_add(1, Ordering::SeqCst);
    }

    fn origin_state(&self, origin: &str) -> Arc<OriginState> {
        let mut origins = self.origins.lock().expect("origin map lock is not poisoned");
        origins
            .entry(origin.to_owned())
            .or_insert_with(|| {
                Arc::new(OriginState {
                    in_flight: Arc::new(Semaphore::new(self.per_origin)),
                    next_start: tokio::sync::Mutex::new(None),
                    silences: AtomicU64::new(0),
                })
            })
            .clone()
    }
}
