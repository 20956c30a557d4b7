//! The source of the time stamped on evidence. The fetch client takes it as a value so that
//! histories and tests can fix the time.

use chrono::{DateTime, Utc};

/// Tells the time of a fetch.
pub trait Clock: Send + Sync {
    /// Returns the current time.
    fn now(&self) -> DateTime<Utc>;
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}
