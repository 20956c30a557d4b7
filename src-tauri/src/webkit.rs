//! WebKitGTK settings of the main window on Linux.
//!
//! The window shows text, tables and a few small charts, so it renders without GL. Accelerated
//! compositing made WebKit's web process load a GL stack (Mesa's software renderer where there
//! is no GPU) and hold about 100 MB more, measured as in `docs/benchmarks.md`. The document
//! viewer cache model keeps no pages of earlier loads in memory, since the app loads one page
//! once. Set `CLAUSEWATCH_WEBKIT_GL=1` to turn acceleration back on, for example on a desktop
//! where scrolling long documents feels slow.
//!
//! When WebKit's web process ends (a crash, or killed for memory), the window would stay blank
//! or frozen. The view reloads the page instead, which reads everything back from the store,
//! unless the process ended [`MAX_RELOADS`] times within [`RELOAD_WINDOW`].

use std::cell::RefCell;
use std::time::{Duration, Instant};

use webkit2gtk::{
    CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt,
    WebProcessTerminationReason, WebViewExt,
};

/// Environment variable that keeps WebKit's hardware acceleration on demand.
pub const GL_ENV: &str = "CLAUSEWATCH_WEBKIT_GL";

/// Applies the settings above to `view`.
pub fn configure(view: &webkit2gtk::WebView) {
    let keep_gl = std::env::var(GL_ENV).is_ok_and(|value| value == "1");
    if !keep_gl && let Some(settings) = WebViewExt::settings(view) {
        settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
    }
    if let Some(context) = view.context() {
        context.set_cache_model(CacheModel::DocumentViewer);
    }
    reload_after_web_process_ends(view);
    tracing::debug!(keep_gl, "WebKit settings applied");
}

/// Web process ends within [`RELOAD_WINDOW`] after which the view stops reloading, so a page
/// that crashes WebKit at once does not reload forever.
pub const MAX_RELOADS: usize = 3;

/// Period over which [`MAX_RELOADS`] counts.
pub const RELOAD_WINDOW: Duration = Duration::from_secs(60);

fn reload_after_web_process_ends(view: &webkit2gtk::WebView) {
    let ends: RefCell<Vec<Instant>> = RefCell::new(Vec::new());
    view.connect_web_process_terminated(move |view, reason| {
        let now = Instant::now();
        let mut recent = ends.borrow_mut();
        recent.retain(|at| now.duration_since(*at) < RELOAD_WINDOW);
        recent.push(now);

        let cause = match reason {
            WebProcessTerminationReason::Crashed => "crashed",
            WebProcessTerminationReason::ExceededMemoryLimit => "exceeded its memory limit",
            _ => "was ended",
        };
        if recent.len() > MAX_RELOADS {
            tracing::error!(cause, ends = recent.len(), "web process ended again; not reloading");
            return;
        }
        tracing::error!(cause, "web process ended; reloading the window's page");
        view.reload();
    });
}
