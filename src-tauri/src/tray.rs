//! The tray icon and what closing the main window does.
//!
//! The tray menu offers "Open Clausewatch", "Check now" and "Quit". With a tray, closing the
//! window hides it and the background watcher keeps checking. Linux desktops show tray icons
//! only when a StatusNotifier host runs (KDE, XFCE, GNOME with an extension), so
//! [`tray_host_present`] queries the session bus for one. Without a host, closing the window asks
//! whether to keep watching instead of leaving an invisible process; when no source is due for
//! checks there is nothing to keep watching and the app quits. Add menu entries in
//! [`install`].

use std::sync::atomic::{AtomicBool, Ordering};

use tauri::menu::{MenuBuilder, MenuItemBuilder};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, CloseRequestApi, Manager, Runtime, Window};
use tauri_plugin_dialog::{DialogExt, MessageDialogButtons, MessageDialogKind};

use clausewatch_store::Store;
use clausewatch_watcher::schedule::CheckNow;

use crate::state::AppState;
use crate::watch::Watch;

/// Label of the main window in `tauri.conf.json`.
pub const MAIN_WINDOW: &str = "main";

/// D-Bus name the tray host of a StatusNotifier desktop owns.
const STATUS_NOTIFIER_WATCHER: &str = "org.kde.StatusNotifierWatcher";

/// Returns whether a tray host runs in this session, so that a hidden window can be found
/// again from the tray.
pub async fn tray_host_present() -> bool {
    let connection = match zbus::Connection::session().await {
        Ok(connection) => connection,
        Err(error) => {
            tracing::info!(%error, "no session bus, so no tray host");
            return false;
        }
    };
    let proxy = match zbus::fdo::DBusProxy::new(&connection).await {
        Ok(proxy) => proxy,
        Err(error) => {
            tracing::warn!(%error, "session bus proxy failed");
            return false;
        }
    };
    let name = zbus::names::BusName::try_from(STATUS_NOTIFIER_WATCHER).expect("a valid bus name");
    proxy.name_has_owner(name).await.unwrap_or(false)
}

/// Adds the tray icon with its menu.
pub fn install<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    let open = MenuItemBuilder::with_id("open", "Open Clausewatch").build(app)?;
    let check = MenuItemBuilder::with_id("check-now", "Check now").build(app)?;
    let quit = MenuItemBuilder::with_id("quit", "Quit").build(app)?;
    let menu = MenuBuilder::new(app).items(&[&open, &check]).separator().items(&[&quit]).build()?;

    let mut builder = TrayIconBuilder::with_id("clausewatch")
        .tooltip("Clausewatch")
        .menu(&menu)
        .on_menu_event(|app, event| match event.id().as_ref() {
            "open" => show_main_window(app),
            "check-now" => check_now(app),
            "quit" => app.exit(0),
            other => tracing::warn!(id = other, "unknown tray menu entry"),
        });
    if let Some(icon) = app.default_window_icon() {
        builder = builder.icon(icon.clone());
    }
    builder.build(app)?;
    Ok(())
}

/// Shows, restores and focuses the main window.
pub fn show_main_window<R: Runtime>(app: &AppHandle<R>) {
    let Some(window) = app.get_webview_window(MAIN_WINDOW) else {
        tracing::warn!("the main window is gone");
        return;
    };
    let shown = window.show().and_then(|()| window.unminimize()).and_then(|()| window.set_focus());
    if let Err(error) = shown {
        tracing::warn!(%error, "the main window could not be shown");
    }
}

fn check_now<R: Runtime>(app: &AppHandle<R>) {
    let Some(watch) = app.try_state::<Watch>() else {
        tracing::warn!("check requested before the watcher was set up");
        return;
    };
    if let Err(error) = watch.check_now(CheckNow::All) {
        tracing::warn!(message = %error.message, "check now from the tray failed");
    }
}

/// Whether a tray host shows the icon, checked once at start.
#[derive(Debug, Default)]
pub struct TrayPresence(AtomicBool);

impl TrayPresence {
    /// Records whether a tray host shows the icon.
    pub fn set(&self, present: bool) {
        self.0.store(present, Ordering::Relaxed);
    }

    /// Returns whether a tray host shows the icon.
    pub fn get(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Decides what closing the main window does: hide it when the tray can bring it back, ask
/// when this process watches sources but no tray shows, close otherwise.
pub fn on_close_requested<R: Runtime>(window: &Window<R>, api: &CloseRequestApi) {
    if window.label() != MAIN_WINDOW {
        return;
    }
    let app = window.app_handle();
    if app.try_state::<TrayPresence>().is_some_and(|tray| tray.get()) {
        api.prevent_close();
        if let Err(error) = window.hide() {
            tracing::warn!(%error, "the main window could not be hidden");
        }
        tracing::info!("window hidden; the watcher keeps checking, reachable from the tray");
        return;
    }
    // A window whose own watcher does not run (another process watches this data folder)
    // would stay hidden doing nothing, so it closes.
    if !watches_here(app) || !sources_are_watched(app) {
        return;
    }

    api.prevent_close();
    let window = window.clone();
    app.dialog()
        .message(
            "This desktop shows no tray icon, so a hidden Clausewatch cannot be brought back \
             or quit from a menu. Keep checking your sources in the background anyway? \
             Choose Quit to stop the checks until you open Clausewatch again.",
        )
        .title("Keep watching in the background?")
        .kind(MessageDialogKind::Info)
        .buttons(MessageDialogButtons::OkCancelCustom(
            "Keep watching".to_owned(),
            "Quit".to_owned(),
        ))
        .show(move |keep| {
            if keep {
                tracing::info!("window hidden without a tray at the user's choice");
                if let Err(error) = window.hide() {
                    tracing::warn!(%error, "the main window could not be hidden");
                }
            } else {
                window.app_handle().exit(0);
            }
        });
}

/// Returns whether this process runs the background watcher.
fn watches_here<R: Runtime>(app: &AppHandle<R>) -> bool {
    app.try_state::<Watch>().is_some_and(|watch| watch.not_running_reason().is_none())
}

/// Returns whether any source has a scheduled check, reading the store of the running app.
fn sources_are_watched<R: Runtime>(app: &AppHandle<R>) -> bool {
    let Some(state) = app.try_state::<AppState>() else {
        return false;
    };
    let next = Store::open_in(&state.data_dir).and_then(|store| store.next_check_at());
    match next {
        Ok(next) => next.is_some(),
        Err(error) => {
            tracing::warn!(%error, "sources could not be read when the window closed");
            false
        }
    }
}
