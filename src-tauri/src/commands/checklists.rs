//! Checklist commands: list checklists, find or open one from a category's template, assess an
//! item (status, owner, due date, note) and read an item's history of changes.
//!
//! Every write is one store transaction that also appends to the audit log, under the name of
//! the signed-in user.

use clausewatch_store::StoreError;
use clausewatch_store::checklists::{
    Checklist, ChecklistItem, ChecklistScope, ItemChange, ItemStatus, ItemUpdate, SameSubject,
};
use serde::Deserialize;
use tauri::State;
use ts_rs::TS;

use crate::commands::library::reviewer;
use crate::engine::with_store;
use crate::error::CommandError;
use crate::state::AppState;

/// Changes to one checklist item: a missing field is left as it is, an empty string clears it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[ts(export_to = "ItemEdit.ts")]
pub struct ItemEdit {
    /// One of the statuses of [`ItemStatus`], such as "complying".
    pub status: Option<String>,
    pub owner: Option<String>,
    /// `YYYY-MM-DD`.
    pub due_date: Option<String>,
    /// "low", "medium" or "high".
    pub risk: Option<String>,
    /// Reference to the evidence for the assessment, such as a document id.
    pub evidence: Option<String>,
    pub notes: Option<String>,
}

impl ItemEdit {
    /// Converts the edit into the store's update, rejecting an unknown status by name.
    pub fn to_update(&self) -> Result<ItemUpdate, StoreError> {
        let status = match self.status.as_deref() {
            None => None,
            Some(name) => Some(ItemStatus::parse(name).ok_or_else(|| {
                let known: Vec<&str> = ItemStatus::ALL.iter().map(|s| s.as_str()).collect();
                StoreError::InvalidInput(format!(
                    "unknown item status {name:?}; use one of {}",
                    known.join(", ")
                ))
            })?),
        };
        Ok(ItemUpdate {
            status,
            owner: self.owner.clone(),
            due_date: self.due_date.clone(),
            risk: self.risk.clone(),
            evidence: self.evidence.clone(),
            notes: self.notes.clone(),
        })
    }
}

/// Returns every checklist with its items, oldest first.
#[tauri::command]
pub async fn checklists(state: State<'_, AppState>) -> Result<Vec<Checklist>, CommandError> {
    with_store(state.data_dir.clone(), |store| store.checklists()).await
}

/// Opens a checklist from the template of `category` for a clause when `clause_id` is given,
/// else for a document when `document` is given, else for the whole platform.
#[tauri::command]
#[tracing::instrument(skip(state))]
pub async fn open_checklist(
    state: State<'_, AppState>,
    category: String,
    platform: String,
    document: Option<String>,
    clause_id: Option<String>,
) -> Result<Checklist, CommandError> {
    let scope = checklist_scope(platform, document, clause_id);
    with_store(state.data_dir.clone(), move |store| {
        let scope = scope?;
        let active = store.active_rules()?;
        store.open_checklist(
            active.rules().taxonomy,
            &category,
            &scope,
            SameSubject::Refuse,
            &reviewer(),
            chrono::Utc::now(),
        )
    })
    .await
}

/// Returns the checklist of `category` that already covers the subject named as for
/// [`open_checklist`], or `None`. The window shows that one instead of opening a second.
#[tauri::command]
pub async fn covering_checklist(
    state: State<'_, AppState>,
    category: String,
    platform: String,
    document: Option<String>,
    clause_id: Option<String>,
) -> Result<Option<Checklist>, CommandError> {
    let scope = checklist_scope(platform, document, clause_id);
    with_store(state.data_dir.clone(), move |store| store.covering_checklist(&category, &scope?))
        .await
}

/// Applies `edit` to checklist item `item_id` and returns the item as stored.
#[tauri::command]
#[tracing::instrument(skip(state))]
pub async fn update_checklist_item(
    state: State<'_, AppState>,
    item_id: i64,
    edit: ItemEdit,
) -> Result<ChecklistItem, CommandError> {
    with_store(state.data_dir.clone(), move |store| {
        let update = edit.to_update()?;
        store.update_item(item_id, &update, &reviewer(), chrono::Utc::now())
    })
    .await
}

/// Returns every field change of checklist item `item_id`, oldest first.
#[tauri::command]
pub async fn checklist_item_history(
    state: State<'_, AppState>,
    item_id: i64,
) -> Result<Vec<ItemChange>, CommandError> {
    with_store(state.data_dir.clone(), move |store| store.item_history(item_id)).await
}

/// Chooses the narrowest scope given. Blank strings count as not given.
pub fn checklist_scope(
    platform: String,
    document: Option<String>,
    clause_id: Option<String>,
) -> Result<ChecklistScope, StoreError> {
    let non_blank =
        |text: Option<String>| text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
    if let Some(clause_id) = non_blank(clause_id) {
        return Ok(ChecklistScope::Clause { clause_id });
    }
    let Some(platform) = non_blank(Some(platform)) else {
        return Err(StoreError::InvalidInput(
            "no platform or clause chosen; choose what the checklist covers".to_owned(),
        ));
    };
    Ok(match non_blank(document) {
        Some(document) => ChecklistScope::Document { platform, document },
        None => ChecklistScope::Platform { platform },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_prefers_clause() {
        let scope = checklist_scope("Netflix".into(), Some("Terms".into()), Some(" c-1 ".into()));
        assert_eq!(scope.unwrap(), ChecklistScope::Clause { clause_id: "c-1".to_owned() });
    }

    #[test]
    fn scope_blank_document_is_platform() {
        let scope = checklist_scope("Netflix".into(), Some(" ".into()), None);
        assert_eq!(scope.unwrap(), ChecklistScope::Platform { platform: "Netflix".to_owned() });
    }

    #[test]
    fn scope_without_platform_is_rejected() {
        let error = checklist_scope(" ".into(), None, None).unwrap_err();
        assert_eq!(error.code(), "invalid_input");
    }

    #[test]
    fn edit_rejects_unknown_status() {
        let edit = ItemEdit { status: Some("done".to_owned()), ..ItemEdit::default() };
        let error = edit.to_update().unwrap_err().to_string();
        assert!(error.contains("\"done\""), "{error}");
        assert!(error.contains("complying"), "{error}");
    }

    #[test]
    fn edit_parses_spaced_status() {
        let edit = ItemEdit { status: Some("non complying".to_owned()), ..ItemEdit::default() };
        assert_eq!(edit.to_update().unwrap().status, Some(ItemStatus::NonComplying));

        let edit = ItemEdit {
            risk: Some("high".to_owned()),
            evidence: Some("DMS-42".to_owned()),
            ..ItemEdit::default()
        };
        let update = edit.to_update().unwrap();
        assert_eq!(update.risk.as_deref(), Some("high"));
        assert_eq!(update.evidence.as_deref(), Some("DMS-42"));
    }
}
