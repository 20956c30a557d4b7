//! Desktop notifications of a check pass: one per changed document with its platform, document,
//! number of substantive changes and the summary and severity of the most severe change, which
//! the store picks when it records the check (`CheckRecord::top_change`). There is a single
//! digest when many documents changed in one pass, and one notice when a source starts to need
//! attention or to alternate between texts. Changes that leave the wording alone are not
//! notified unless [`NotifySettings::include_non_substantive`] is set.
//!
//! Notification servers interpret a subset of HTML in the body, so every body is escaped:
//! text from pages never becomes markup. Sending happens after the check is recorded, and a
//! failure to send is logged, so it never loses a change. A new kind of notice goes into
//! [`notifications`].

use serde::Serialize;

use clausewatch_store::checks::CheckRecord;

use crate::checker::PassReport;

/// Application name the notification server shows.
pub const APP_NAME: &str = "Clausewatch";

/// Which notifications to send.
#[derive(Debug, Clone)]
pub struct NotifySettings {
    /// Also notify versions whose changes leave the wording unchanged.
    pub include_non_substantive: bool,
    /// More changed documents than this in one pass are sent as one digest.
    pub digest_after: usize,
}

impl Default for NotifySettings {
    fn default() -> Self {
        Self { include_non_substantive: false, digest_after: 3 }
    }
}

/// One notification: a plain-text summary line and an escaped body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notification {
    pub summary: String,
    /// Markup-escaped: safe for servers that interpret the body as HTML.
    pub body: String,
}

/// Returns the notifications a pass calls for.
pub fn notifications(report: &PassReport, settings: &NotifySettings) -> Vec<Notification> {
    let changed: Vec<&CheckRecord> =
        report.records.iter().filter(|record| is_notified_change(record, settings)).collect();

    let mut notifications = Vec::new();
    if changed.len() > settings.digest_after {
        notifications.push(digest(&changed));
    } else {
        notifications.extend(changed.iter().map(|record| change(record)));
    }

    for record in &report.records {
        if record.alternating_raised {
            notifications.push(Notification {
                summary: format!("{} {}: alternating text", record.platform, record.document),
                body: escape(
                    "The page switches between texts recorded in recent checks (regional or \
                     test variants). Each text is recorded once; further switches are not \
                     notified.",
                ),
            });
        }
        if record.attention_raised {
            let reason = record.reason.as_deref().unwrap_or("unknown error");
            notifications.push(Notification {
                summary: format!("{} {}: needs attention", record.platform, record.document),
                body: escape(&format!(
                    "{} checks in a row failed. Last error: {reason}",
                    record.consecutive_failures
                )),
            });
        }
    }
    notifications
}

/// Sends `notifications` to the desktop's notification server, logging each failure.
/// Returns how many were sent.
pub async fn send(notifications: &[Notification]) -> usize {
    let mut sent = 0;
    for notification in notifications {
        let result = notify_rust::Notification::new()
            .appname(APP_NAME)
            .summary(&notification.summary)
            .body(&notification.body)
            .show_async()
            .await;
        match result {
            Ok(_) => sent += 1,
            Err(error) => tracing::warn!(
                %error,
                summary = %notification.summary,
                "notification not shown; the change is recorded"
            ),
        }
    }
    sent
}

/// Escapes the characters that notification markup interprets.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

fn is_notified_change(record: &CheckRecord, settings: &NotifySettings) -> bool {
    record.outcome == "changed"
        && (record.major
            || record.substantive_changes > 0
            || (settings.include_non_substantive && record.non_substantive_changes > 0))
}

fn change(record: &CheckRecord) -> Notification {
    let count = match record.substantive_changes {
        1 => "1 substantive change".to_owned(),
        count => format!("{count} substantive changes"),
    };
    let major = if record.major { " (major: most clauses removed)" } else { "" };
    let body = match (&record.top_change, record.top_severity.as_deref()) {
        (Some(summary), Some(severity)) if severity != "none" => {
            format!("{count}{major}. Most severe ({severity}): {summary}")
        }
        (Some(summary), _) => format!("{count}{major}. {summary}"),
        (None, _) => format!("{count}{major}."),
    };
    Notification {
        summary: format!("{} {} changed", record.platform, record.document),
        body: escape(&body),
    }
}

fn digest(changed: &[&CheckRecord]) -> Notification {
    let lines: Vec<String> = changed
        .iter()
        .map(|record| {
            format!(
                "{} {}: {} substantive",
                record.platform, record.document, record.substantive_changes
            )
        })
        .collect();
    Notification {
        summary: format!("{} documents changed", changed.len()),
        body: escape(&lines.join("\n")),
    }
}
