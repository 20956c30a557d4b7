//! The Clausewatch desktop shell: windows, IPC commands and logging around the clause store.
//!
//! The shell contains no business rules. [`run`] resolves the data folder, starts logging,
//! registers the commands of [`commands`], opens the window described in `tauri.conf.json`,
//! and runs the background watcher ([`watch`]) with its tray icon ([`tray`]) until the app
//! quits. New commands go in their own file under `commands/`.

pub mod bindings;
pub mod commands;
pub mod data_dir;
pub mod demo;
pub mod dialog;
pub mod engine;
pub mod error;
pub mod logging;
pub mod memo;
mod one_off;
pub mod state;
pub mod tray;
pub mod watch;
#[cfg(target_os = "linux")]
pub mod webkit;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tauri::{AppHandle, Emitter, Manager};
use tracing_appender::non_blocking::WorkerGuard;

use clausewatch_watcher::notify::OpenHandler;

use crate::demo::{DemoPhase, DemoState};
use crate::state::AppState;
use crate::tray::TrayPresence;
use crate::watch::Watch;

/// Name of the event that requests a route in the window, with the route as payload. It is
/// sent when a notification is clicked.
pub const OPEN_ROUTE_EVENT: &str = "open-route";

/// Keeps the log writer's guard until exit, when dropping it flushes the last lines.
struct LogGuard(Mutex<Option<WorkerGuard>>);

/// Builds and runs the app; returns only if Tauri fails to start, after printing why.
pub fn run() {
    let app = tauri::Builder::default()
        // Both plugins are called from Rust only, so the capability file grants the webview
        // none of their commands.
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(memo::exported::ExportedMemos::default())
        .manage(Watch::default())
        .manage(TrayPresence::default())
        .setup(|app| {
            let platform_dir = app.path().app_data_dir()?;
            let override_dir = std::env::var(data_dir::DATA_DIR_ENV).ok();
            let data_dir = data_dir::resolve(override_dir.as_deref(), &platform_dir);
            data_dir::ensure_exists(&data_dir)?;

            let guard = logging::init(&data_dir)?;
            app.manage(LogGuard(Mutex::new(Some(guard))));

            let log_dir = logging::log_dir(&data_dir);
            tracing::info!(
                version = env!("CARGO_PKG_VERSION"),
                data_dir = %data_dir.display(),
                "Clausewatch started"
            );
            #[cfg(target_os = "linux")]
            if let Some(window) = app.get_webview_window(tray::MAIN_WINDOW) {
                window.with_webview(|webview| webkit::configure(&webview.inner()))?;
            }

            let resource_dir = app.path().resource_dir().ok();
            let demo = demo::DemoState::new(demo::locate_archive(resource_dir.as_deref()));
            demo::start_import(data_dir.clone(), demo.clone());
            start_background(app.handle().clone(), data_dir.clone(), demo.clone());
            app.manage(demo);
            app.manage(AppState { data_dir, log_dir });
            Ok(())
        })
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                tray::on_close_requested(window, api);
            }
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_info::app_info,
            commands::library::demo_status,
            commands::library::remove_demo,
            commands::browse::platforms,
            commands::browse::recent_changes,
            commands::browse::change_overview,
            commands::browse::document_versions,
            commands::browse::document_as_of,
            commands::browse::clause_history,
            commands::browse::diff_versions,
            commands::browse::search,
            commands::review::set_review,
            commands::review::clear_review,
            commands::backup::backup_data,
            commands::backup::restore_data,
            commands::backup::inspect_backup,
            commands::categories::categories,
            commands::checklists::checklists,
            commands::checklists::open_checklist,
            commands::checklists::covering_checklist,
            commands::checklists::update_checklist_item,
            commands::checklists::checklist_item_history,
            commands::notes::clause_notes,
            commands::notes::add_note,
            commands::notes::confirm_note,
            commands::notes::edit_note,
            commands::notes::delete_note,
            commands::compare::compare_category,
            commands::memo::memo_preview,
            commands::memo::choose_memo_path,
            commands::memo::export_memo,
            commands::memo::open_memo,
            commands::watch::check_now,
            commands::watch::watcher_status,
            commands::watch::quit_app,
            commands::watch::watch_settings,
            commands::watch::set_watch_settings,
            commands::sources::sources,
            commands::sources::save_source,
            commands::sources::remove_source,
            commands::sources::rename_platform,
            commands::sources::remove_platform,
            commands::sources::choose_import_path,
            commands::sources::import_path,
        ])
        .build(tauri::generate_context!());

    let app = match app {
        Ok(app) => app,
        Err(error) => {
            eprintln!("error: Clausewatch could not start: {error}");
            std::process::exit(1);
        }
    };

    app.run(|handle, event| {
        if let tauri::RunEvent::Exit = event {
            if let Some(watch) = handle.try_state::<Watch>() {
                tauri::async_runtime::block_on(watch.stop());
            }
            tracing::info!("Clausewatch stopped");
            if let Some(guard) = handle.try_state::<LogGuard>() {
                let taken = guard.0.lock().map(|mut slot| slot.take());
                drop(taken);
            }
        }
    });
}

/// Looks for a tray host and installs the tray icon, then starts the background watcher once
/// the demo import, if any, has finished writing.
fn start_background(app: AppHandle, data_dir: PathBuf, demo: DemoState) {
    tauri::async_runtime::spawn(async move {
        let tray_present = tray::tray_host_present().await;
        app.state::<TrayPresence>().set(tray_present);
        if tray_present {
            let handle = app.clone();
            let installed = app.run_on_main_thread(move || {
                if let Err(error) = tray::install(&handle) {
                    tracing::warn!(%error, "tray icon could not be installed");
                    handle.state::<TrayPresence>().set(false);
                }
            });
            if let Err(error) = installed {
                tracing::warn!(%error, "tray icon could not be installed");
            }
        } else {
            tracing::info!("no tray host on this desktop; closing the window will ask first");
        }

        while matches!(demo.snapshot().phase, DemoPhase::Pending | DemoPhase::Importing) {
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        let emitter = app.clone();
        let opener = app.clone();
        let on_open: OpenHandler = Arc::new(move |route: String| {
            tray::show_main_window(&opener);
            if let Err(error) = opener.emit(OPEN_ROUTE_EVENT, route) {
                tracing::warn!(%error, "clicked notification not delivered to the window");
            }
        });
        let on_pass = move |summary| {
            if let Err(error) = emitter.emit(watch::PASS_EVENT, summary) {
                tracing::warn!(%error, "pass event not delivered to the window");
            }
        };
        let started = app.state::<Watch>().start(&data_dir, on_pass, Some(on_open));
        if let Err(error) = &started {
            tracing::error!(message = %error.message, "background watcher not started");
        }
        let reason = started.err().map(|error| error.message);
        if let Err(error) = app.emit(watch::STATUS_EVENT, reason) {
            tracing::warn!(%error, "watcher status not delivered to the window");
        }
    });
}
