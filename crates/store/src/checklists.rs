//! Checklists: a category's template from the taxonomy, opened for a platform, a document or
//! a clause, whose items a reviewer assesses.
//!
//! Each item carries a status, an owner, a due date, a risk, an evidence reference and notes.
//! Every field change is kept in the item's history (who changed what, when) and in the audit
//! log. Items are copied from the template when the checklist opens, so a later taxonomy
//! change leaves open checklists as they are. Add a field by adding a column to
//! `checklist_items`, a field to [`ItemUpdate`] and a line to [`Store::update_item`].

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use serde::Serialize;
use serde_json::{Map, Value, json};

use clausewatch_analysis::Taxonomy;

use crate::audit::{append, check_actor};
use crate::names::find_platform;
use crate::time::format_time;
use crate::user_text::{MAX_NOTE_CHARS, multi_line, one_line};
use crate::{Result, Store, StoreError};

/// The assessment of one checklist item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    Unassessed,
    RequiresReview,
    Applicable,
    NotApplicable,
    Complying,
    NonComplying,
    Waived,
}

impl ItemStatus {
    pub const ALL: [Self; 7] = [
        Self::Unassessed,
        Self::RequiresReview,
        Self::Applicable,
        Self::NotApplicable,
        Self::Complying,
        Self::NonComplying,
        Self::Waived,
    ];

    /// Returns the name stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unassessed => "unassessed",
            Self::RequiresReview => "requires_review",
            Self::Applicable => "applicable",
            Self::NotApplicable => "not_applicable",
            Self::Complying => "complying",
            Self::NonComplying => "non_complying",
            Self::Waived => "waived",
        }
    }

    /// Parses a stored name; hyphens and spaces may stand for underscores.
    pub fn parse(name: &str) -> Option<Self> {
        let name = name.trim().to_lowercase().replace(['-', ' '], "_");
        let name = if name == "un_assessed" { "unassessed".to_owned() } else { name };
        Self::ALL.into_iter().find(|status| status.as_str() == name)
    }
}

/// The subject of a checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChecklistScope {
    Platform { platform: String },
    Document { platform: String, document: String },
    Clause { clause_id: String },
}

/// Handling by [`Store::open_checklist`] of a checklist of the same category that already covers
/// the same subject (the same platform, document or clause).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SameSubject {
    /// Refuse with [`StoreError::ChecklistExists`], naming the checklist to continue.
    Refuse,
    /// Open a second checklist beside it, for example for a new round of review.
    OpenAnother,
}

/// A checklist with its items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Checklist {
    pub id: i64,
    pub category: String,
    pub scope: String,
    pub platform: String,
    pub document: Option<String>,
    pub clause_id: Option<String>,
    pub rule_set: String,
    pub created_by: String,
    pub created_at: String,
    pub items: Vec<ChecklistItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChecklistItem {
    pub id: i64,
    pub position: usize,
    pub text: String,
    /// Id of the regulation that motivates the item.
    pub source: Option<String>,
    pub status: ItemStatus,
    pub owner: Option<String>,
    pub due_date: Option<String>,
    pub risk: Option<String>,
    pub evidence: Option<String>,
    pub notes: Option<String>,
    pub updated_at: String,
}

/// Changes to an item: `None` leaves a field as it is, an empty string clears it.
#[derive(Debug, Clone, Default)]
pub struct ItemUpdate {
    pub status: Option<ItemStatus>,
    pub owner: Option<String>,
    /// "YYYY-MM-DD".
    pub due_date: Option<String>,
    /// "low", "medium" or "high".
    pub risk: Option<String>,
    pub evidence: Option<String>,
    pub notes: Option<String>,
}

/// One field change in an item's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ItemChange {
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub actor: String,
    pub changed_at: String,
}

impl Checklist {
    /// Returns what the checklist is about, such as "Netflix Terms of Service, clause 3f2a…",
    /// "Netflix Terms of Service" or "Netflix".
    pub fn subject(&self) -> String {
        match (&self.document, &self.clause_id) {
            (Some(document), Some(clause)) => {
                format!("{} {document}, clause {clause}", self.platform)
            }
            (Some(document), None) => format!("{} {document}", self.platform),
            _ => self.platform.clone(),
        }
    }
}

impl Store {
    /// Returns the oldest checklist of `category` about exactly the subject of `scope`: the
    /// same clause, or the same document with no clause, or the whole platform. Names are
    /// resolved as [`Store::open_checklist`] resolves them.
    pub fn covering_checklist(
        &self,
        category: &str,
        scope: &ChecklistScope,
    ) -> Result<Option<Checklist>> {
        let (scope_name, platform_id, document_id, clause_id) = self.resolve_scope(scope)?;
        let id: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM checklists
                 WHERE category = ?1 AND scope = ?2 AND platform_id = ?3
                   AND document_id IS ?4 AND lineage_id IS ?5
                 ORDER BY id LIMIT 1",
                params![category.trim(), scope_name, platform_id, document_id, clause_id],
                |row| row.get(0),
            )
            .optional()?;
        id.map(|id| self.checklist(id)).transpose()
    }

    /// Opens a checklist from the template of `category` for a platform, a document or a
    /// clause, every item un-assessed. `same_subject` decides whether a checklist of the same
    /// category on the same subject blocks it.
    pub fn open_checklist(
        &mut self,
        taxonomy: &Taxonomy,
        category: &str,
        scope: &ChecklistScope,
        same_subject: SameSubject,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<Checklist> {
        check_actor(actor)?;
        let Some(template) = taxonomy.category_named(category) else {
            let known: Vec<&str> = taxonomy.categories.iter().map(|c| c.id.as_str()).collect();
            return Err(StoreError::InvalidInput(format!(
                "unknown category {category:?}; categories: {}",
                known.join(", ")
            )));
        };
        if template.checklist.is_empty() {
            return Err(StoreError::InvalidInput(format!(
                "category {:?} has no checklist template; add [[category.checklist]] items to \
                 the taxonomy",
                template.id
            )));
        }
        let (scope_name, platform_id, document_id, clause_id) = self.resolve_scope(scope)?;
        if same_subject == SameSubject::Refuse
            && let Some(existing) = self.covering_checklist(&template.id, scope)?
        {
            return Err(StoreError::ChecklistExists {
                id: existing.id,
                category: template.id.clone(),
                subject: existing.subject(),
            });
        }
        let now = format_time(now);

        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO checklists (category, scope, platform_id, document_id, lineage_id,
                 rule_set, created_by, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                template.id,
                scope_name,
                platform_id,
                document_id,
                clause_id,
                taxonomy.version,
                actor,
                now
            ],
        )?;
        let id = tx.last_insert_rowid();
        for (position, item) in template.checklist.iter().enumerate() {
            tx.execute(
                "INSERT INTO checklist_items (checklist_id, position, text, source, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    id,
                    i64::try_from(position).unwrap_or(i64::MAX),
                    item.text,
                    item.source,
                    now
                ],
            )?;
        }
        let details = json!({
            "category": template.id,
            "scope": scope_name,
            "platform_id": platform_id,
            "document_id": document_id,
            "clause_id": clause_id,
            "items": template.checklist.len(),
        });
        append(&tx, &now, actor, "checklist.open", &format!("checklist:{id}"), &details)?;
        tx.commit()?;
        self.checklist(id)
    }

    /// Returns (scope name, platform id, document id, lineage id) of a scope.
    fn resolve_scope(
        &self,
        scope: &ChecklistScope,
    ) -> Result<(&'static str, i64, Option<i64>, Option<String>)> {
        let platform_of = |document_id: i64| -> Result<i64> {
            Ok(self.conn.query_row(
                "SELECT platform_id FROM documents WHERE id = ?1",
                [document_id],
                |row| row.get(0),
            )?)
        };
        match scope {
            ChecklistScope::Platform { platform } => {
                let id = find_platform(&self.conn, platform)?.map(|(id, _)| id);
                let Some(id) = id else {
                    let known = self.platform_names()?;
                    return Err(StoreError::UnknownPlatform { name: platform.clone(), known });
                };
                Ok(("platform", id, None, None))
            }
            ChecklistScope::Document { platform, document } => {
                let document = self.resolve_document(platform, document)?;
                Ok(("document", platform_of(document.id)?, Some(document.id), None))
            }
            ChecklistScope::Clause { clause_id } => {
                let document = self.clause_document(clause_id)?;
                let platform = platform_of(document.id)?;
                Ok(("clause", platform, Some(document.id), Some(clause_id.trim().to_owned())))
            }
        }
    }

    fn platform_names(&self) -> Result<String> {
        let mut statement = self.conn.prepare("SELECT name FROM platforms ORDER BY name")?;
        let names: Vec<String> =
            statement.query_map([], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(if names.is_empty() { "none".to_owned() } else { names.join(", ") })
    }

    /// Returns a checklist with its items in template order.
    pub fn checklist(&self, id: i64) -> Result<Checklist> {
        let head = self
            .conn
            .query_row(
                "SELECT k.id, k.category, k.scope, p.name, d.doc_type, k.lineage_id, k.rule_set,
                        k.created_by, k.created_at
                 FROM checklists k JOIN platforms p ON p.id = k.platform_id
                 LEFT JOIN documents d ON d.id = k.document_id WHERE k.id = ?1",
                [id],
                |row| {
                    Ok(Checklist {
                        id: row.get(0)?,
                        category: row.get(1)?,
                        scope: row.get(2)?,
                        platform: row.get(3)?,
                        document: row.get(4)?,
                        clause_id: row.get(5)?,
                        rule_set: row.get(6)?,
                        created_by: row.get(7)?,
                        created_at: row.get(8)?,
                        items: Vec::new(),
                    })
                },
            )
            .optional()?;
        let Some(mut checklist) = head else {
            return Err(StoreError::NotFound(format!(
                "no checklist {id}; list checklists with `clausewatch checklist list`"
            )));
        };
        let mut statement = self.conn.prepare(
            "SELECT id, position, text, source, status, owner, due_date, risk, evidence, notes,
                    updated_at
             FROM checklist_items WHERE checklist_id = ?1 ORDER BY position",
        )?;
        let rows = statement.query_map([id], item_from_row)?;
        checklist.items = rows.collect::<rusqlite::Result<_>>()?;
        Ok(checklist)
    }

    /// Returns every checklist, oldest first.
    pub fn checklists(&self) -> Result<Vec<Checklist>> {
        let ids: Vec<i64> = {
            let mut statement = self.conn.prepare("SELECT id FROM checklists ORDER BY id")?;
            statement.query_map([], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?
        };
        ids.into_iter().map(|id| self.checklist(id)).collect()
    }

    /// Applies `update` to an item, recording each changed field in the item's history and
    /// the whole edit in the audit log. Returns the updated item.
    pub fn update_item(
        &mut self,
        item_id: i64,
        update: &ItemUpdate,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<ChecklistItem> {
        check_actor(actor)?;
        let current = self.item(item_id)?;
        let now = format_time(now);

        let status = update.status.map(|status| status.as_str().to_owned());
        let due_date = update.due_date.as_deref().map(check_due_date).transpose()?;
        let risk = update.risk.as_deref().map(check_risk).transpose()?;
        let owner = update.owner.as_deref().map(|value| one_line("owner", value)).transpose()?;
        let evidence =
            update.evidence.as_deref().map(|value| one_line("evidence", value)).transpose()?;
        let notes = update
            .notes
            .as_deref()
            .map(|value| multi_line("notes", value, MAX_NOTE_CHARS))
            .transpose()?;
        let requested: [(&str, Option<String>, Option<String>); 6] = [
            ("status", Some(current.status.as_str().to_owned()), status),
            ("owner", current.owner.clone(), owner),
            ("due_date", current.due_date.clone(), due_date),
            ("risk", current.risk.clone(), risk),
            ("evidence", current.evidence.clone(), evidence),
            ("notes", current.notes.clone(), notes),
        ];

        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut details = Map::new();
        for (field, old, new) in requested {
            // `None` leaves the field alone; `Some("")` was turned into an empty string and
            // clears it.
            let Some(new) = new else { continue };
            let new = (!new.is_empty()).then_some(new);
            if new == old {
                continue;
            }
            // The field name comes from the fixed list above, never from input.
            tx.execute(
                &format!("UPDATE checklist_items SET {field} = ?1, updated_at = ?2 WHERE id = ?3"),
                params![new, now, item_id],
            )?;
            tx.execute(
                "INSERT INTO checklist_item_history (item_id, field, old_value, new_value, actor,
                     changed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![item_id, field, old, new, actor, now],
            )?;
            details.insert(field.to_owned(), json!([old, new]));
        }
        if !details.is_empty() {
            let entity = format!("checklist_item:{item_id}");
            append(&tx, &now, actor, "checklist.item.update", &entity, &Value::Object(details))?;
        }
        tx.commit()?;
        self.item(item_id)
    }

    fn item(&self, item_id: i64) -> Result<ChecklistItem> {
        self.conn
            .query_row(
                "SELECT id, position, text, source, status, owner, due_date, risk, evidence,
                        notes, updated_at
                 FROM checklist_items WHERE id = ?1",
                [item_id],
                item_from_row,
            )
            .optional()?
            .ok_or_else(|| {
                StoreError::NotFound(format!(
                    "no checklist item {item_id}; item ids are listed by `clausewatch checklist \
                     show ID`"
                ))
            })
    }

    /// Returns every field change of an item, oldest first.
    pub fn item_history(&self, item_id: i64) -> Result<Vec<ItemChange>> {
        self.item(item_id)?;
        let mut statement = self.conn.prepare(
            "SELECT field, old_value, new_value, actor, changed_at FROM checklist_item_history
             WHERE item_id = ?1 ORDER BY id",
        )?;
        let rows = statement.query_map([item_id], |row| {
            Ok(ItemChange {
                field: row.get(0)?,
                old_value: row.get(1)?,
                new_value: row.get(2)?,
                actor: row.get(3)?,
                changed_at: row.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn item_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<ChecklistItem> {
    let status: String = row.get(4)?;
    Ok(ChecklistItem {
        id: row.get(0)?,
        position: usize::try_from(row.get::<_, i64>(1)?).unwrap_or_default(),
        text: row.get(2)?,
        source: row.get(3)?,
        status: ItemStatus::parse(&status).unwrap_or(ItemStatus::Unassessed),
        owner: row.get(5)?,
        due_date: row.get(6)?,
        risk: row.get(7)?,
        evidence: row.get(8)?,
        notes: row.get(9)?,
        updated_at: row.get(10)?,
    })
}

/// Years a due date may fall in. A date outside them ("1900-01-01", "20260-03-01") is a typing
/// slip, not a deadline.
const DUE_YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

fn check_due_date(value: &str) -> Result<String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(String::new());
    }
    let date = NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| {
        StoreError::InvalidInput(format!(
            "invalid due date {value:?}: give a date as YYYY-MM-DD, for example 2026-03-31"
        ))
    })?;
    if !DUE_YEARS.contains(&chrono::Datelike::year(&date)) {
        return Err(StoreError::InvalidInput(format!(
            "invalid due date {value:?}: it reads as the year {}; give a date as YYYY-MM-DD \
             between {}-01-01 and {}-12-31",
            chrono::Datelike::year(&date),
            DUE_YEARS.start(),
            DUE_YEARS.end()
        )));
    }
    Ok(date.to_string())
}

fn check_risk(value: &str) -> Result<String> {
    let value = value.trim().to_lowercase();
    match value.as_str() {
        "" | "low" | "medium" | "high" => Ok(value),
        _ => Err(StoreError::InvalidInput(format!(
            "invalid risk {value:?}: give low, medium or high (or an empty value to clear it)"
        ))),
    }
}
