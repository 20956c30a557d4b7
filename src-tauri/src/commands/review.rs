//! `set_review` marks a change record reviewed, acknowledged or dismissed, with who and why;
//! `clear_review` makes it unreviewed again.

use clausewatch_store::StoreError;
use clausewatch_store::review::ReviewState;
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::commands::library::reviewer;
use crate::engine::with_store;
use crate::error::CommandError;
use crate::state::AppState;

/// The review state of one change record as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "ChangeReview.ts")]
pub struct ChangeReview {
    pub version_id: i64,
    pub clause_id: String,
    /// reviewed, acknowledged or dismissed.
    pub state: String,
    pub actor: String,
    pub updated_at: String,
    pub reason: Option<String>,
}

/// Sets the review state of the change record of `clause_id` in version `version_id`.
#[tauri::command]
#[tracing::instrument(skip(state))]
pub async fn set_review(
    state: State<'_, AppState>,
    version_id: i64,
    clause_id: String,
    review: String,
    reason: Option<String>,
) -> Result<ChangeReview, CommandError> {
    with_store(state.data_dir.clone(), move |store| {
        let parsed = ReviewState::parse(&review).ok_or_else(|| {
            StoreError::InvalidInput(format!(
                "unknown review state {review:?}; use reviewed, acknowledged or dismissed"
            ))
        })?;
        let stored = store.set_review(
            version_id,
            &clause_id,
            parsed,
            reason.as_deref(),
            &reviewer(),
            chrono::Utc::now(),
        )?;
        Ok(ChangeReview {
            version_id: stored.version_id,
            clause_id: stored.clause_id,
            state: stored.state.as_str().to_owned(),
            actor: stored.actor,
            updated_at: stored.updated_at,
            reason: stored.reason,
        })
    })
    .await
}

/// Removes the review state of the change record of `clause_id` in version `version_id`, so it
/// is unreviewed again. Returns whether there was a state to remove.
#[tauri::command]
#[tracing::instrument(skip(state))]
pub async fn clear_review(
    state: State<'_, AppState>,
    version_id: i64,
    clause_id: String,
    reason: Option<String>,
) -> Result<bool, CommandError> {
    with_store(state.data_dir.clone(), move |store| {
        let cleared = store.clear_review(
            version_id,
            &clause_id,
            reason.as_deref(),
            &reviewer(),
            chrono::Utc::now(),
        )?;
        Ok(cleared)
    })
    .await
}
