//! Where an engine's code runs: a module worker from its URL, a worker from a `blob:` module bound
//! by the page's CSP, or a sandboxed, opaque-origin frame that starts a worker per run (see the
//! parent module for why each exists). This file starts them; `mod.rs` runs the lifecycle.

use super::WorkerEngine;
use crate::page::EngineUpdate;
use gloo_timers::callback::Timeout;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlIFrameElement, MessageEvent, Worker, WorkerOptions, WorkerType};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = Blob)]
    type JsBlob;
    #[wasm_bindgen(constructor, js_class = "Blob", catch)]
    fn new(parts: &js_sys::Array, options: &JsValue) -> Result<JsBlob, JsValue>;

    #[wasm_bindgen(js_name = URL)]
    type JsUrl;
    #[wasm_bindgen(constructor, js_class = "URL", catch)]
    fn new(url: &str, base: &str) -> Result<JsUrl, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn href(this: &JsUrl) -> String;
    #[wasm_bindgen(static_method_of = JsUrl, js_class = "URL", js_name = createObjectURL, catch)]
    fn create_object_url(blob: &JsBlob) -> Result<String, JsValue>;
    #[wasm_bindgen(static_method_of = JsUrl, js_class = "URL", js_name = revokeObjectURL)]
    fn revoke_object_url(url: &str);

    /// Absent in some browsers (Safari): the call then throws, and a timer stands in.
    #[wasm_bindgen(js_name = requestIdleCallback, catch)]
    pub(super) fn request_idle_callback(
        callback: &js_sys::Function,
        options: &JsValue,
    ) -> Result<u32, JsValue>;
}

/// How long an idle prefetch may wait for the page to be idle, in milliseconds.
pub(super) const PREFETCH_WITHIN_MS: u32 = 3_000;

/// How long a sandbox frame may take, once its document has loaded, to say it is ready.
const SANDBOX_READY_WITHIN_MS: u32 = 10_000;

/// Where an engine's code runs.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Kind {
    /// A module worker loaded from its URL.
    Url,
    /// A module worker started from a `blob:` module, bound by the page's CSP.
    Contained,
    /// A sandboxed, opaque-origin frame loaded from its URL, running a worker per run.
    Sandboxed,
}

/// A started engine: its worker, or its sandbox frame and that frame's window.
pub(super) enum Host {
    Worker(Worker),
    Frame {
        element: HtmlIFrameElement,
        window: web_sys::Window,
    },
}

impl Host {
    pub(super) fn post(&self, message: &JsValue) {
        match self {
            Host::Worker(worker) => {
                let _ = worker.post_message(message);
            }
            // An opaque origin has no name to target: "*" is the only target origin it answers
            // to. The frame's document is ours and never navigates (no allow-top-navigation,
            // no links), so the message reaches the sandbox and nothing else.
            Host::Frame { window, .. } => {
                let _ = window.post_message(message, "*");
            }
        }
    }

    /// Ends the engine: terminates the worker, or removes the frame (and with it its worker).
    pub(super) fn end(&self) {
        match self {
            Host::Worker(worker) => worker.terminate(),
            Host::Frame { element, .. } => element.remove(),
        }
    }
}

impl WorkerEngine {
    /// The worker's script: its URL, or for a contained engine a `blob:` module importing it.
    fn worker_script(&self) -> Result<(String, Option<String>), JsValue> {
        if self.kind != Kind::Contained {
            return Ok((self.url.to_owned(), None));
        }
        // A blob: URL has no path to resolve against, so the import names the script in full;
        // resolving against the document keeps any sub-path the page is served under.
        let base = web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.base_uri().ok().flatten())
            .ok_or_else(|| JsValue::from_str("no document"))?;
        let script = JsUrl::new(self.url, &base)?.href();
        let source = format!("import {};\n", js_sys::JSON::stringify(&script.into())?);
        let options = js_sys::Object::new();
        js_sys::Reflect::set(&options, &"type".into(), &"text/javascript".into())?;
        let blob = JsBlob::new(&js_sys::Array::of1(&source.into()), &options)?;
        let url = JsUrl::create_object_url(&blob)?;
        Ok((url.clone(), Some(url)))
    }

    pub(super) fn spawn_worker(&self) -> Result<(), String> {
        if self.kind == Kind::Sandboxed {
            return self.spawn_frame();
        }
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let failed = |e: JsValue| format!("the {} engine could not start: {e:?}", self.name);
        let (script, blob) = self.worker_script().map_err(failed)?;
        let worker = Worker::new_with_options(&script, &options);
        // The worker holds its script once constructed; the URL is not needed any longer.
        if let Some(blob) = blob {
            JsUrl::revoke_object_url(&blob);
        }
        let worker = worker.map_err(failed)?;
        let engine = self.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            engine.on_message(event)
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // A script that fails to load or throws at the top level answers with an error event.
        let engine = self.clone();
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            event.prevent_default();
            engine.discard_worker();
            let message = format!(
                "the {} engine did not load (reload the page to retry)",
                engine.name
            );
            engine.finish_current(EngineUpdate::Failed(message));
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let mut inner = self.inner.borrow_mut();
        inner.worker = Some(Host::Worker(worker));
        inner._on_message = Some(on_message);
        inner._on_error = Some(on_error);
        inner.ready = false;
        inner.progress = None;
        inner.started += 1;
        Ok(())
    }

    /// Adds the hidden sandbox frame to the page and listens to its window alone.
    pub(super) fn spawn_frame(&self) -> Result<(), String> {
        let failed = |e: JsValue| format!("the {} engine could not start: {e:?}", self.name);
        let page = web_sys::window().ok_or("no window")?;
        let document = page.document().ok_or("no document")?;
        let body = document.body().ok_or("no document body")?;
        let element: HtmlIFrameElement = document
            .create_element("iframe")
            .map_err(failed)?
            .unchecked_into();
        // The sandbox flags are read when the frame navigates: set them before the source. No
        // allow-same-origin: the frame's origin is opaque.
        for (name, value) in [
            ("sandbox", "allow-scripts"),
            ("title", "JavaScript engine sandbox"),
            ("aria-hidden", "true"),
            ("tabindex", "-1"),
            ("hidden", ""),
            ("src", self.url),
        ] {
            element.set_attribute(name, value).map_err(failed)?;
        }
        // The load event only says the document arrived (a missing file loads too): the frame
        // must then say `ready` in time.
        let engine = self.clone();
        let frame = self.inner.borrow().started + 1;
        let on_load = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
            let engine = engine.clone();
            Timeout::new(SANDBOX_READY_WITHIN_MS, move || {
                let waiting = {
                    let inner = engine.inner.borrow();
                    inner.started == frame && inner.worker.is_some() && !inner.ready
                };
                if waiting {
                    engine.discard_worker();
                    let message = format!(
                        "the {} engine did not load (reload the page to retry)",
                        engine.name
                    );
                    engine.finish_current(EngineUpdate::Failed(message));
                }
            })
            .forget();
        });
        element.set_onload(Some(on_load.as_ref().unchecked_ref()));
        body.append_child(&element).map_err(failed)?;
        let window = element
            .content_window()
            .ok_or_else(|| format!("the {} engine could not start: no frame", self.name))?;
        let engine = self.clone();
        let source = window.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            // Only the frame's own window, at an opaque origin, speaks for the engine.
            let from_frame = event
                .source()
                .is_some_and(|sender| js_sys::Object::is(&sender, &source));
            if from_frame && event.origin() == "null" {
                engine.on_message(event);
            }
        });
        page.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref())
            .map_err(failed)?;
        let mut inner = self.inner.borrow_mut();
        inner.worker = Some(Host::Frame { element, window });
        inner._on_message = Some(on_message);
        inner._on_error = Some(on_load);
        inner.ready = false;
        inner.started += 1;
        Ok(())
    }
}
