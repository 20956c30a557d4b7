//! Desktop notifications of a check pass: one per changed document with its platform, document,
//! number of substantive changes and the summary and severity of the most severe change, which
//! the store picks when it records the check (`CheckRecord::top_change`). There is a single
//! digest when many documents changed in one pass, and one notice when a source starts to need
//! attention or to alternate between texts. Changes that leave the wording alone are not
//! notified unless [`NotifySettings::include_non_substantive`] is set.
//!
//! Changes whose most severe part is rated below [`NotifySettings::min_severity`] are not
//! notified either; a major change (most clauses removed) always is.
//!
//! Notification servers interpret a subset of HTML in the body, so every body is escaped:
//! text from pages never becomes markup. Sending happens after the check is recorded, and a
//! failure to send is logged, so it never loses a change. Each notification names the app
//! route that shows it ([`Notification::target`]). Where the server supports actions, clicking
//! the notification calls the [`OpenHandler`] given to [`send`] with that route. A new kind of
//! notice goes into [`notifications`].

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

use clausewatch_store::SeverityLevel;
use clausewatch_store::checks::CheckRecord;
use clausewatch_store::settings::WatchSettings;

use crate::checker::PassReport;

/// Application name the notification server shows.
pub const APP_NAME: &str = "Clausewatch";

/// How long a shown notification can still be clicked to open its change.
const CLICK_WAIT: Duration = Duration::from_secs(12 * 60 * 60);

/// Called with a notification's [`Notification::target`] when the person clicks it.
pub type OpenHandler = Arc<dyn Fn(String) + Send + Sync>;

/// Which notifications to send.
#[derive(Debug, Clone)]
pub struct NotifySettings {
    /// Also notify versions whose changes leave the wording unchanged.
    pub include_non_substantive: bool,
    /// The lowest severity of a document's most severe change that is notified, by name
    /// ("low" notifies every substantive change).
    pub min_severity: String,
    /// More changed documents than this in one pass are sent as one digest.
    pub digest_after: usize,
}

impl Default for NotifySettings {
    fn default() -> Self {
        Self { include_non_substantive: false, min_severity: "low".to_owned(), digest_after: 3 }
    }
}

impl From<&WatchSettings> for NotifySettings {
    fn from(settings: &WatchSettings) -> Self {
        Self {
            include_non_substantive: settings.notify_non_substantive,
            min_severity: settings.notify_min_severity.clone(),
            ..Self::default()
        }
    }
}

/// One notification: a plain-text summary line, an escaped body and the route that shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notification {
    pub summary: String,
    /// Markup-escaped: safe for servers that interpret the body as HTML.
    pub body: String,
    /// The desktop app's route of what the notification is about, such as
    /// `#/diff?platform=Netflix&document=Terms%20of%20Service&to=42` for a new version.
    pub target: String,
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
                target: PLATFORMS_ROUTE.to_owned(),
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
                target: PLATFORMS_ROUTE.to_owned(),
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
/// Returns how many were sent. With `on_open`, each notification carries a default action,
/// and a click on it within twelve hours calls `on_open` with its target. Servers without
/// actions ignore the action.
pub async fn send(notifications: &[Notification], on_open: Option<OpenHandler>) -> usize {
    let mut sent = 0;
    for notification in notifications {
        let mut message = notify_rust::Notification::new();
        message.appname(APP_NAME).summary(&notification.summary).body(&notification.body);
        if on_open.is_some() {
            message.action("default", "Open in Clausewatch");
        }
        match message.show_async().await {
            Ok(handle) => {
                sent += 1;
                if let Some(on_open) = &on_open {
                    wait_for_click(handle, notification.target.clone(), on_open.clone());
                }
            }
            Err(error) => tracing::warn!(
                %error,
                summary = %notification.summary,
                "notification not shown; the change is recorded"
            ),
        }
    }
    sent
}

/// Waits in a task of its own until the notification is clicked, closed, or too old.
fn wait_for_click(handle: notify_rust::NotificationHandle, target: String, on_open: OpenHandler) {
    tokio::spawn(async move {
        let clicked = handle.wait_for_action_async(|response| {
            use notify_rust::NotificationResponse::{Action, Default};
            if matches!(response, Default) || matches!(response, Action(key) if key == "default") {
                tracing::info!(%target, "notification clicked");
                on_open(target);
            }
        });
        if tokio::time::timeout(CLICK_WAIT, clicked).await.is_err() {
            tracing::debug!("notification no longer waits for a click");
        }
    });
}

/// Returns the app route of a document's diff ending at `version_id`.
pub fn version_route(platform: &str, document: &str, version_id: i64) -> String {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("platform", platform)
        .append_pair("document", document)
        .append_pair("to", &version_id.to_string())
        .finish();
    // Spaces as `%20`, as the app's own links write them.
    format!("#/diff?{}", query.replace('+', "%20"))
}

/// The route of the Platforms view, where a source's health is shown.
const PLATFORMS_ROUTE: &str = "#/platforms";

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
    if record.outcome != "changed" {
        return false;
    }
    if record.major {
        return true;
    }
    if record.substantive_changes == 0 {
        return settings.include_non_substantive && record.non_substantive_changes > 0;
    }
    // A change not rated yet is notified rather than lost.
    match record.top_severity.as_deref().and_then(SeverityLevel::parse) {
        Some(severity) => {
            SeverityLevel::parse(&settings.min_severity).is_none_or(|min| severity >= min)
        }
        None => true,
    }
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
    let target = match record.version_id {
        Some(version_id) => version_route(&record.platform, &record.document, version_id),
        None => PLATFORMS_ROUTE.to_owned(),
    };
    Notification {
        summary: format!("{} {} changed", record.platform, record.document),
        body: escape(&body),
        target,
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
        target: "#/dashboard".to_owned(),
    }
}
