//! Where an engine's code runs: a sandboxed, opaque-origin frame loaded from its own static page,
//! which starts a worker per run (see the parent module for why). This file starts the frame and,
//! for an engine whose files the frame cannot fetch itself (Python), downloads them with progress
//! and hands them over; `mod.rs` runs the lifecycle.

use super::WorkerEngine;
use crate::page::EngineUpdate;
use gloo_timers::callback::Timeout;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlIFrameElement, MessageEvent, ReadableStreamDefaultReader, Response};

#[wasm_bindgen]
extern "C" {
    /// Absent in some browsers (Safari): the call then throws, and a timer stands in.
    #[wasm_bindgen(js_name = requestIdleCallback, catch)]
    pub(super) fn request_idle_callback(
        callback: &js_sys::Function,
        options: &JsValue,
    ) -> Result<u32, JsValue>;
}

/// How long an idle prefetch may wait for the page to be idle, in milliseconds.
pub(super) const PREFETCH_WITHIN_MS: u32 = 3_000;

/// How long a sandbox may take to say it is ready: once its document has loaded, or once it was
/// handed its files (Pyodide then compiles its wasm and starts CPython).
const SANDBOX_READY_WITHIN_MS: u32 = 30_000;

/// Files a sandbox is handed by the page: the directory holding them (relative to the page) and
/// their names; the directory's `files.json` gives their sizes, for progress.
#[derive(Clone, Copy, PartialEq)]
pub(super) struct EngineFiles {
    pub directory: &'static str,
    pub names: &'static [&'static str],
    /// The one file handed over as text (the worker's script); the others go as `ArrayBuffer`s.
    pub text: &'static str,
}

/// The page's copy of an engine's files, downloaded once and handed to every new frame.
#[derive(Default)]
pub(super) enum Downloads {
    #[default]
    NotStarted,
    Running,
    Done(js_sys::Object),
}

/// A started engine: its sandbox frame and that frame's window.
pub(super) struct Host {
    element: HtmlIFrameElement,
    window: web_sys::Window,
}

impl Host {
    // An opaque origin has no name to target: "*" is the only target origin it answers to. The
    // frame's document is ours and never navigates (no allow-top-navigation, no links), so the
    // message reaches the sandbox and nothing else.
    pub(super) fn post(&self, message: &JsValue) {
        let _ = self.window.post_message(message, "*");
    }

    /// Ends the engine: removes the frame, and with it its worker.
    pub(super) fn end(&self) {
        self.element.remove();
    }
}

impl WorkerEngine {
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
        let title = format!("{} engine sandbox", self.name);
        for (name, value) in [
            ("sandbox", "allow-scripts"),
            ("title", title.as_str()),
            ("aria-hidden", "true"),
            ("tabindex", "-1"),
            ("hidden", ""),
            ("src", self.url),
        ] {
            element.set_attribute(name, value).map_err(failed)?;
        }
        // The load event only says the document arrived (a missing file loads too): the frame
        // must then say `ready` in time, unless it waits for files (their download has no limit).
        let frame = self.inner.borrow().started + 1;
        let on_load = if self.files.is_none() {
            let engine = self.clone();
            Some(Closure::<dyn FnMut(web_sys::Event)>::new(
                move |_: web_sys::Event| engine.expect_ready(frame),
            ))
        } else {
            None
        };
        if let Some(on_load) = &on_load {
            element.set_onload(Some(on_load.as_ref().unchecked_ref()));
        }
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
        inner.worker = Some(Host { element, window });
        inner._on_message = Some(on_message);
        inner._on_load = on_load;
        inner.ready = false;
        inner.waiting_for_files = false;
        inner.started += 1;
        drop(inner);
        self.download_files();
        Ok(())
    }

    /// Fails the engine unless frame number `frame` says `ready` within the limit.
    fn expect_ready(&self, frame: u32) {
        let engine = self.clone();
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
    }

    /// The frame asked for its files: hands them over when they are here.
    pub(super) fn frame_waits_for_files(&self) {
        self.inner.borrow_mut().waiting_for_files = true;
        self.hand_over_files();
    }

    fn hand_over_files(&self) {
        let mut inner = self.inner.borrow_mut();
        let (Downloads::Done(files), Some(host), true) =
            (&inner.downloads, &inner.worker, inner.waiting_for_files)
        else {
            return;
        };
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &"files".into());
        let _ = js_sys::Reflect::set(&message, &"files".into(), files);
        // A copy, not a transfer: the page keeps the files for the next frame.
        host.post(&message);
        inner.waiting_for_files = false;
        let frame = inner.started;
        drop(inner);
        self.expect_ready(frame);
    }

    /// Starts downloading the engine's files once per page (a frame that replaces a terminated
    /// one is handed the same copy).
    fn download_files(&self) {
        let Some(files) = self.files else { return };
        {
            let mut inner = self.inner.borrow_mut();
            if !matches!(inner.downloads, Downloads::NotStarted) {
                return;
            }
            inner.downloads = Downloads::Running;
        }
        let engine = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let report = |loaded: f64, total: f64| engine.on_progress(loaded, total);
            match download(files, report).await {
                Ok(object) => {
                    engine.inner.borrow_mut().downloads = Downloads::Done(object);
                    engine.hand_over_files();
                }
                Err(error) => {
                    engine.inner.borrow_mut().downloads = Downloads::NotStarted;
                    engine.discard_worker();
                    let message = format!(
                        "the {} engine did not download ({error}); reload the page to retry",
                        engine.name
                    );
                    engine.finish_current(EngineUpdate::Failed(message));
                }
            }
        });
    }
}

/// How many bytes may arrive between two progress reports.
const PROGRESS_STEP_BYTES: f64 = 256.0 * 1024.0;

/// Fetches `files` (the page's own, same origin), reporting bytes loaded and in all; answers the
/// object the sandbox is handed: each name to its text or `ArrayBuffer`.
async fn download(
    files: EngineFiles,
    mut report: impl FnMut(f64, f64),
) -> Result<js_sys::Object, String> {
    let url = |name: &str| format!("{}/{name}", files.directory);
    let sizes: std::collections::HashMap<String, f64> =
        serde_json::from_str(&text(fetch(&url("files.json")).await?).await?)
            .map_err(|e| format!("files.json: {e}"))?;
    let total: f64 = files
        .names
        .iter()
        .map(|name| sizes.get(*name).copied().unwrap_or(0.0))
        .sum();
    let mut loaded = 0.0;
    let mut reported = 0.0;
    let object = js_sys::Object::new();
    for name in files.names {
        let response = fetch(&url(name)).await?;
        let value: JsValue = if *name == files.text {
            let source = text(response).await?;
            loaded += source.len() as f64;
            source.into()
        } else {
            let body = response.body().ok_or(format!("{name}: no body"))?;
            let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
            let mut chunks = Vec::new();
            let mut length = 0u32;
            loop {
                let chunk = JsFuture::from(reader.read())
                    .await
                    .map_err(|e| format!("{name}: {e:?}"))?;
                let done = js_sys::Reflect::get(&chunk, &"done".into()).unwrap_or(JsValue::TRUE);
                if done.is_truthy() {
                    break;
                }
                let bytes: js_sys::Uint8Array = js_sys::Reflect::get(&chunk, &"value".into())
                    .map_err(|e| format!("{name}: {e:?}"))?
                    .unchecked_into();
                length += bytes.length();
                loaded += f64::from(bytes.length());
                if loaded - reported >= PROGRESS_STEP_BYTES {
                    reported = loaded;
                    report(loaded, total.max(loaded));
                }
                chunks.push(bytes);
            }
            let whole = js_sys::Uint8Array::new_with_length(length);
            let mut offset = 0;
            for chunk in chunks {
                whole.set(&chunk, offset);
                offset += chunk.length();
            }
            whole.buffer().into()
        };
        js_sys::Reflect::set(&object, &JsValue::from_str(name), &value)
            .map_err(|e| format!("{e:?}"))?;
    }
    report(loaded, total.max(loaded));
    Ok(object)
}

async fn fetch(url: &str) -> Result<Response, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response: Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| format!("{url}: {}", js_message(&e)))?
        .unchecked_into();
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    Ok(response)
}

async fn text(response: Response) -> Result<String, String> {
    let promise = response.text().map_err(|e| js_message(&e))?;
    JsFuture::from(promise)
        .await
        .map_err(|e| js_message(&e))?
        .as_string()
        .ok_or_else(|| "not text".to_owned())
}

fn js_message(error: &JsValue) -> String {
    js_sys::Reflect::get(error, &"message".into())
        .ok()
        .and_then(|message| message.as_string())
        .unwrap_or_else(|| format!("{error:?}"))
}
