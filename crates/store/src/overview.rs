//! Totals over every change record a [`RecentFilter`] selects: counts per month, per severity
//! and unreviewed, for the dashboard's charts. The list of records stays bounded by the
//! filter's limit; these counts never are, so the charts cover the whole history.
//!
//! Add a breakdown here as one more grouped query over the same joins and conditions.

use rusqlite::params;
use serde::Serialize;

use crate::queries::{CHANGE_JOINS, RECENT_CONDITIONS, RecentFilter};
use crate::{Result, Store};

/// The number of change records in one group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GroupCount {
    /// The group: a month "2025-04", a severity, or "reviewed" / "unreviewed".
    pub key: String,
    pub count: usize,
}

/// Totals of the change records a filter selects, and the values its filters can take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChangeOverview {
    pub total: usize,
    /// Records without a review state.
    pub unreviewed: usize,
    /// Records per month of the later version's recorded-at time, oldest month first.
    pub by_month: Vec<GroupCount>,
    /// Records per severity, "unrated" for records without a rating.
    pub by_severity: Vec<GroupCount>,
    /// Every platform with change records, whatever the filter.
    pub platforms: Vec<String>,
    /// Every category id assigned to a changed clause, whatever the filter.
    pub categories: Vec<String>,
}

impl Store {
    /// Returns the totals of every change record `filter` selects; its limit is ignored.
    pub fn change_overview(&self, filter: &RecentFilter) -> Result<ChangeOverview> {
        let (platform, since, substantive_only, severities, category, unreviewed) =
            filter.parameters();
        let grouped = |key: &str| -> Result<Vec<GroupCount>> {
            let sql = format!(
                "SELECT {key} AS key, count(*) {CHANGE_JOINS}
                 WHERE {RECENT_CONDITIONS}
                 GROUP BY key ORDER BY key"
            );
            let mut statement = self.conn.prepare(&sql)?;
            let rows = statement.query_map(
                params![platform, since, substantive_only, severities, category, unreviewed],
                |row| {
                    let count: i64 = row.get(1)?;
                    Ok(GroupCount {
                        key: row.get(0)?,
                        count: usize::try_from(count).unwrap_or_default(),
                    })
                },
            )?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };

        let by_month = grouped("substr(v.recorded_at, 1, 7)")?;
        let by_severity = grouped("coalesce(a.severity, 'unrated')")?;
        let reviewed = grouped("CASE WHEN r.state IS NULL THEN 'unreviewed' ELSE 'reviewed' END")?;
        let total = by_month.iter().map(|group| group.count).sum();
        let unreviewed =
            reviewed.iter().find(|group| group.key == "unreviewed").map_or(0, |group| group.count);

        Ok(ChangeOverview {
            total,
            unreviewed,
            by_month,
            by_severity,
            platforms: self.strings(
                "SELECT DISTINCT p.name FROM changes c
                 JOIN versions v ON v.id = c.version_id
                 JOIN documents d ON d.id = v.document_id
                 JOIN platforms p ON p.id = d.platform_id
                 ORDER BY p.name COLLATE NOCASE",
            )?,
            categories: self.strings(
                "SELECT DISTINCT j.value FROM change_analysis a, json_each(a.categories) j
                 ORDER BY j.value",
            )?,
        })
    }

    fn strings(&self, sql: &str) -> Result<Vec<String>> {
        let mut statement = self.conn.prepare(sql)?;
        let rows = statement.query_map([], |row| row.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
