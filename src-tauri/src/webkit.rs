//! WebKitGTK settings of the main window on Linux.
//!
//! The window shows text, tables and a few small charts, so it renders without GL. Accelerated
//! compositing made WebKit's web process load a GL stack (Mesa's software renderer where there
//! is no GPU) and hold about 100 MB more, measured as in `docs/benchmarks.md`. The document
//! viewer cache model keeps no pages of earlier loads in memory, since the app loads one page
//! once. Set `CLAUSEWATCH_WEBKIT_GL=1` to turn acceleration back on, for example on a desktop
//! where scrolling long documents feels slow.

use webkit2gtk::{CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt};

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
    tracing::debug!(keep_gl, "WebKit settings applied");
}
