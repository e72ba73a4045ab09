//! A code engine seen from the page: the Python engine (CPython in Pyodide) and the JavaScript
//! engine (the browser's own, with stub AWS SDKs) share this lifecycle. An engine is loaded on the
//! first run that needs it (or earlier, when the page is idle: `prefetch`), kept across runs,
//! removed when a run passes its time limit (neither engine has a step budget, so ending its worker
//! is the only way to stop an endless loop) and started afresh for the next run. The limit counts
//! running time only, never the engine's download. The page never blocks: a worker does the work
//! and answers by message.
//!
//! The message contract (`www/js-sandbox/sandbox.js`, `www/python-sandbox/sandbox.js`): the frame
//! posts `{type: "ready"}` or `{type: "failed", message}` once it has loaded; the page posts `{id,
//! code, options}`, the frame may post `{type: "running", id}` when the code starts and answers
//! `{type: "result", id, output}` (or `oversized: chars` instead of a too-long `output`), where
//! `options` and `output` are the harness JSON of `producers::harness`.
//!
//! Each engine lives in an `<iframe sandbox="allow-scripts">` loaded from its own static page
//! (`dist/js-sandbox.html`, `dist/python-sandbox.html`, built from `www/js-sandbox/` and
//! `www/python-sandbox/`): an opaque origin (no storage or cookies of the page's origin, no
//! request the page's origin would answer) under that file's own `<meta>` policy (no connection at
//! all, workers from `blob:` only). The frame speaks the contract above and starts a fresh worker
//! for each run, so nothing a run leaves behind meets the next one. An opaque origin cannot fetch
//! the page's files, so for Python the page downloads Pyodide's files (with progress) and hands
//! them to the frame, which asks with `{type: "waiting"}`. The page posts to the frame's window and
//! takes messages only whose source is that window and whose origin is `"null"`; ending the engine
//! removes the frame, which ends its worker. A result longer than
//! [`MAX_ENGINE_OUTPUT_CHARS`](crate::page::MAX_ENGINE_OUTPUT_CHARS) is refused before it is copied.

mod host;

use crate::page::{oversized_output_message, EngineUpdate, MAX_ENGINE_OUTPUT_CHARS};
use gloo_timers::callback::Timeout;
use host::{request_idle_callback, Downloads, EngineFiles, Host, PREFETCH_WITHIN_MS};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::MessageEvent;
use yew::Callback;

#[derive(Clone)]
pub struct WorkerEngine {
    /// The sandbox page, relative to the page so the app also works under a sub-path.
    url: &'static str,
    /// "Python", "JavaScript": for messages.
    name: &'static str,
    /// Files the page downloads and hands to the frame, which cannot fetch them (Python).
    files: Option<EngineFiles>,
    inner: Rc<RefCell<Inner>>,
}

impl PartialEq for WorkerEngine {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }
}

#[derive(Default)]
struct Inner {
    worker: Option<Host>,
    _on_message: Option<Closure<dyn FnMut(MessageEvent)>>,
    /// The frame's load event.
    _on_load: Option<Closure<dyn FnMut(web_sys::Event)>>,
    /// A request for a frame that is still loading: its window would hand it to the document it
    /// is replacing.
    unsent: Option<js_sys::Object>,
    /// The engine's files, for a frame that is handed them.
    downloads: Downloads,
    /// The frame asked for its files and has not been handed them yet.
    waiting_for_files: bool,
    ready: bool,
    /// The newest download progress of a loading worker, for a run that starts part-way.
    progress: Option<(f64, f64)>,
    /// A prefetch is scheduled or done: `prefetch` asks only once.
    prefetched: bool,
    next_id: u32,
    current: Option<Run>,
    /// The newest request made while a run was in flight; older ones are dropped.
    queued: Option<Request>,
    /// How many workers were started (shown by tests: a terminated worker is replaced).
    started: u32,
}

struct Run {
    id: u32,
    on_event: Callback<EngineUpdate>,
    limit_seconds: u32,
    /// Armed when the code starts running (the worker says so, or is ready), not while it loads.
    deadline: Option<Timeout>,
    /// The worker said `running`: said again (user code can post messages too), it is ignored,
    /// so the limit cannot be pushed back.
    running: bool,
}

struct Request {
    code: String,
    options_json: String,
    limit_seconds: u32,
    on_event: Callback<EngineUpdate>,
}

impl WorkerEngine {
    /// An engine in a sandboxed, opaque-origin frame loaded from `url` (see the module comment).
    pub fn sandboxed(url: &'static str, name: &'static str) -> WorkerEngine {
        WorkerEngine {
            url,
            name,
            files: None,
            inner: Rc::default(),
        }
    }

    /// A sandboxed engine whose frame is handed `names` from the page's `directory` (the first
    /// one as text, the others as bytes).
    pub fn sandboxed_with_files(
        url: &'static str,
        name: &'static str,
        directory: &'static str,
        names: &'static [&'static str],
    ) -> WorkerEngine {
        WorkerEngine {
            files: Some(EngineFiles {
                directory,
                names,
                text: names[0],
            }),
            ..WorkerEngine::sandboxed(url, name)
        }
    }

    /// Starts loading the engine once the page is idle, so the first run after an edit finds it
    /// downloaded and compiled (and the download never competes with the page's first draw).
    /// Asks once per page; a run that comes first starts the worker itself.
    pub fn prefetch(&self) {
        if std::mem::replace(&mut self.inner.borrow_mut().prefetched, true) {
            return;
        }
        let engine = self.clone();
        let load = move || {
            if engine.inner.borrow().worker.is_none() {
                let _ = engine.spawn_frame();
            }
        };
        let callback = Closure::once_into_js(load.clone());
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"timeout".into(), &PREFETCH_WITHIN_MS.into());
        if request_idle_callback(callback.unchecked_ref(), &options).is_err() {
            Timeout::new(PREFETCH_WITHIN_MS / 3, load).forget();
        }
    }

    /// Runs `code`; events arrive on `on_event`. A request made during a run waits for it.
    pub fn run(
        &self,
        code: String,
        options_json: String,
        limit_seconds: u32,
        on_event: Callback<EngineUpdate>,
    ) {
        let request = Request {
            code,
            options_json,
            limit_seconds,
            on_event,
        };
        if self.inner.borrow().current.is_some() {
            self.inner.borrow_mut().queued = Some(request);
        } else {
            self.start(request);
        }
    }

    /// How many workers (or sandbox frames) have been started so far.
    pub fn workers_started(&self) -> u32 {
        self.inner.borrow().started
    }

    fn start(&self, request: Request) {
        if self.inner.borrow().worker.is_none() {
            if let Err(message) = self.spawn_frame() {
                request.on_event.emit(EngineUpdate::Failed(message));
                return;
            }
        }
        // Also when a prefetch started the worker and it is still loading.
        if !self.inner.borrow().ready {
            request.on_event.emit(EngineUpdate::Loading);
            let progress = self.inner.borrow().progress;
            if let Some((loaded, total)) = progress {
                request
                    .on_event
                    .emit(EngineUpdate::Progress { loaded, total });
            }
        }
        let id = {
            let mut inner = self.inner.borrow_mut();
            inner.next_id += 1;
            inner.next_id
        };
        let message = js_sys::Object::new();
        let set = |key: &str, value: JsValue| js_sys::Reflect::set(&message, &key.into(), &value);
        let _ = set("id", id.into());
        let _ = set("code", request.code.into());
        let _ = set("options", request.options_json.into());
        let ready = {
            let mut inner = self.inner.borrow_mut();
            inner.current = Some(Run {
                id,
                on_event: request.on_event,
                limit_seconds: request.limit_seconds,
                deadline: None,
                running: false,
            });
            let ready = inner.ready;
            match &inner.worker {
                Some(_) if !ready => inner.unsent = Some(message),
                Some(host) => host.post(&message),
                None => {}
            }
            inner.ready
        };
        // A loaded worker starts at once; a loading one says when (`ready` or `running`).
        if ready {
            self.arm_deadline(id);
        }
    }

    /// Starts (or restarts) the current run's time limit if the run is `id`.
    fn arm_deadline(&self, id: u32) {
        let mut inner = self.inner.borrow_mut();
        let Some(run) = inner.current.as_mut().filter(|run| run.id == id) else {
            return;
        };
        let engine = self.clone();
        let limit = run.limit_seconds;
        run.deadline = Some(Timeout::new(limit * 1000, move || {
            engine.time_out(id, limit)
        }));
    }

    fn on_message(&self, event: MessageEvent) {
        let data = event.data();
        let field =
            |key: &str| js_sys::Reflect::get(&data, &key.into()).unwrap_or(JsValue::UNDEFINED);
        let kind = field("type").as_string().unwrap_or_default();
        let loading = !self.inner.borrow().ready;
        let current = self.inner.borrow().current.as_ref().map(|run| run.id);
        match kind.as_str() {
            // Loading messages count only while loading: code that runs later cannot fake them.
            "waiting" if loading && self.files.is_some() => self.frame_waits_for_files(),
            "ready" if loading => {
                {
                    let mut inner = self.inner.borrow_mut();
                    inner.ready = true;
                    let unsent = inner.unsent.take();
                    if let (Some(host), Some(message)) = (&inner.worker, unsent) {
                        host.post(&message);
                    }
                }
                self.emit_current(EngineUpdate::Ready);
                if let Some(id) = current {
                    self.arm_deadline(id);
                }
            }
            "running" => {
                let id = field("id").as_f64().unwrap_or(-1.0) as i64;
                let first = match self.inner.borrow_mut().current.as_mut() {
                    Some(run) if i64::from(run.id) == id => {
                        !std::mem::replace(&mut run.running, true)
                    }
                    _ => false,
                };
                if first {
                    self.arm_deadline(current.unwrap_or_default());
                }
            }
            "failed" => {
                let message = field("message").as_string().unwrap_or_default();
                self.discard_worker();
                self.finish_current(EngineUpdate::Failed(message));
            }
            "result" => {
                let id = field("id").as_f64().unwrap_or(-1.0) as i64;
                if self
                    .inner
                    .borrow()
                    .current
                    .as_ref()
                    .map(|r| i64::from(r.id))
                    == Some(id)
                {
                    // Measured before it is copied out of JavaScript (the frame checks too).
                    let output = field("output");
                    let chars = match output.dyn_ref::<js_sys::JsString>() {
                        Some(text) => f64::from(text.length()),
                        None => field("oversized").as_f64().unwrap_or(-1.0),
                    };
                    let update = if (0.0..=MAX_ENGINE_OUTPUT_CHARS as f64).contains(&chars) {
                        EngineUpdate::Finished(output.as_string().unwrap_or_default())
                    } else {
                        EngineUpdate::Failed(oversized_output_message(chars))
                    };
                    self.finish_current(update);
                }
            }
            _ => {}
        }
    }

    /// Download progress of the engine's files, while the engine loads.
    fn on_progress(&self, loaded: f64, total: f64) {
        if self.inner.borrow().ready {
            return;
        }
        self.inner.borrow_mut().progress = Some((loaded, total));
        self.emit_current(EngineUpdate::Progress { loaded, total });
    }

    fn time_out(&self, id: u32, limit_seconds: u32) {
        if self.inner.borrow().current.as_ref().map(|r| r.id) != Some(id) {
            return;
        }
        self.discard_worker();
        self.finish_current(EngineUpdate::TimedOut(limit_seconds));
    }

    fn discard_worker(&self) {
        let mut inner = self.inner.borrow_mut();
        if let Some(host) = inner.worker.take() {
            if let (Some(listener), Some(page)) = (&inner._on_message, web_sys::window()) {
                let _ = page.remove_event_listener_with_callback(
                    "message",
                    listener.as_ref().unchecked_ref(),
                );
            }
            host.end();
        }
        inner.ready = false;
        inner.unsent = None;
        inner.waiting_for_files = false;
        // The handlers may be running right now (a "failed" message, an error event): free them
        // on a later turn of the event loop, never from inside themselves.
        let handlers = (inner._on_message.take(), inner._on_load.take());
        Timeout::new(0, move || drop(handlers)).forget();
    }

    fn emit_current(&self, event: EngineUpdate) {
        let callback = self
            .inner
            .borrow()
            .current
            .as_ref()
            .map(|r| r.on_event.clone());
        if let Some(callback) = callback {
            callback.emit(event);
        }
    }

    fn finish_current(&self, event: EngineUpdate) {
        let finished = self.inner.borrow_mut().current.take();
        if let Some(run) = finished {
            run.on_event.emit(event);
        }
        let queued = self.inner.borrow_mut().queued.take();
        if let Some(request) = queued {
            self.start(request);
        }
    }
}
