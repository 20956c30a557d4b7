//! A single check pass for a window that does not watch: another process holds the watch lock
//! of the data folder, yet "Check now" should still check, as `clausewatch check` does.
//!
//! The pass opens a store connection of its own and runs the engine's checker over the chosen
//! sources once. The store takes concurrent writers and discards a check whose source changed
//! while it ran, so the process that watches is not disturbed.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use clausewatch_store::Store;
use clausewatch_watcher::checker::{CheckConfig, Checker, PassReport};
use clausewatch_watcher::fetch::{FetchConfig, Fetcher};
use clausewatch_watcher::schedule::CheckNow;

/// Checks the sources `which` names in the store in `data_dir` once, now.
pub async fn run_pass(data_dir: PathBuf, which: CheckNow) -> Result<PassReport, String> {
    let (store, sources) = tokio::task::spawn_blocking(move || {
        let store = Store::open_in(&data_dir).map_err(|error| error.to_string())?;
        let sources = which.sources(&store).map_err(|error| error.to_string())?;
        Ok::<_, String>((store, sources))
    })
    .await
    .map_err(|error| format!("the check could not read the store: {error}"))??;

    let fetcher = Fetcher::new(FetchConfig::default())
        .map_err(|error| format!("the check could not build its HTTP client: {error}"))?;
    let checker = Arc::new(Checker::new(
        Arc::new(Mutex::new(store)),
        Arc::new(fetcher),
        CheckConfig::default(),
    ));
    tracing::info!(sources = sources.len(), "single check pass started from the window");
    Ok(checker.check_sources(sources, chrono::Utc::now()).await)
}
