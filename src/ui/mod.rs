//! The browser page (wasm only): thin glue that reads the inputs, calls the core's `simulate`,
//! and draws the results. No AWS rule lives here.

mod app;
mod dynamodb_panel;
mod editor;
mod engine_runs;
mod explain;
mod failures_panel;
mod glossary;
mod hash_space;
mod iterator_age;
mod link;
mod paste_note;
mod producer_panel;
mod results;
mod results_panel;
mod settings_panel;
mod share_menu;
mod stream_panel;
mod timeline;
mod what_if;
mod worker_engine;

use wasm_bindgen::JsCast;

pub use crate::page::Shared;

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

/// A panic in wasm stops the app; the person still gets an explanation and a way back. The
/// banner is plain DOM with an inline handler: after a panic the wasm instance must not be called.
pub fn show_crash_banner(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let (Ok(banner), Ok(text), Ok(reload)) = (
        document.create_element("div"),
        document.create_element("span"),
        document.create_element("button"),
    ) else {
        return;
    };
    banner.set_attribute("role", "alert").ok();
    banner.set_class_name("crash-banner");
    text.set_text_content(Some(&format!(
        "Shardlane stopped because of a bug: {message}. Your scenario is in the address bar; reload to start again. "
    )));
    reload.set_attribute("type", "button").ok();
    reload.set_attribute("onclick", "location.reload()").ok();
    reload.set_text_content(Some("Reload"));
    let _ = banner.append_with_node_2(&text, &reload);
    if let Some(body) = document.body() {
        let _ = body.prepend_with_node_1(banner.unchecked_ref());
    }
}
