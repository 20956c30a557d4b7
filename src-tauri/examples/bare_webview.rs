//! A bare WebKitGTK window: the floor under the app's memory figures.
//!
//! It opens a window of the app's size with one WebKit view, the same settings the app applies
//! (no GL, the document viewer cache model) and a page of one heading and one paragraph, and
//! runs until it is killed. The desktop bench starts it beside the app and sums its PSS the same
//! way, so the figures show how much of the app's memory WebKitGTK, GTK and the GL stack hold
//! before the app adds anything. Build with `cargo build --release -p clausewatch-desktop
//! --example bare_webview`; Linux only.

#[cfg(target_os = "linux")]
fn main() {
    use gtk::prelude::*;
    use webkit2gtk::{
        CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt,
    };

    if let Err(error) = gtk::init() {
        eprintln!("cannot open the display: {error}; run under X11 or Wayland (or xvfb-run)");
        std::process::exit(1);
    }

    let window = gtk::Window::new(gtk::WindowType::Toplevel);
    window.set_default_size(1200, 780);
    window.set_title("Bare WebKitGTK view");
    let view = webkit2gtk::WebView::new();
    if let Some(settings) = WebViewExt::settings(&view) {
        settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
    }
    if let Some(context) = view.context() {
        context.set_cache_model(CacheModel::DocumentViewer);
    }

    window.add(&view);
    view.load_html(
        "<!doctype html><html><body><h1>Bare view</h1><p>One paragraph.</p></body></html>",
        None,
    );
    window.connect_destroy(|_| gtk::main_quit());
    window.show_all();
    gtk::main();
}

#[cfg(not(target_os = "linux"))]
fn main() {
    eprintln!("the bare WebKitGTK view runs on Linux only");
}
