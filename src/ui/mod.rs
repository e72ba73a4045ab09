//! The browser page (wasm only): thin glue that reads the inputs, calls the core's `simulate`,
//! and draws the results. No AWS rule lives here.

mod app;
mod editor;
mod explain;
mod hash_space;
mod link;
mod results;
mod share_menu;
mod stream_panel;
mod timeline;
mod worker_engine;

use wasm_bindgen::JsCast;

/// Mounts the page, after installing a panic hook that replaces a dead page with a banner.
pub fn start() {
    std::panic::set_hook(Box::new(|info| show_crash_banner(&info.to_string())));
    yew::Renderer::<app::App>::new().render();
}

/// Keyboard access for clickable rows and bars: Enter or Space does what a click does.
fn activate_on_enter(
    on_click: yew::Callback<yew::MouseEvent>,
) -> yew::Callback<yew::KeyboardEvent> {
    yew::Callback::from(move |event: yew::KeyboardEvent| {
        if event.key() == "Enter" || event.key() == " " {
            event.prevent_default();
            if let Ok(click) = yew::MouseEvent::new("click") {
                on_click.emit(click);
            }
        }
    })
}

/// Mounts the page inside `root` (the component tests render it into a detached-from-body div).
pub fn mount(root: web_sys::Element) {
    yew::Renderer::<app::App>::with_root(root).render();
}

/// A panic in wasm stops the app; the person still gets an explanation and a way back.
fn show_crash_banner(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(banner) = document.create_element("div") else {
        return;
    };
    banner.set_attribute("role", "alert").ok();
    banner.set_class_name("crash-banner");
    banner.set_text_content(Some(&format!(
        "Shardlane stopped because of a bug: {message}. Reload the page to start again."
    )));
    if let Some(body) = document.body() {
        let _ = body.prepend_with_node_1(banner.unchecked_ref());
    }
}
