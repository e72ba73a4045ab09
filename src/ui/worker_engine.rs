//! A code engine's Web Worker, seen from the page: the Python engine (RustPython) and the
//! JavaScript engine (the browser's own, with stub AWS SDKs) share this lifecycle. A worker is
//! loaded lazily on the first run that needs it, reused across runs, terminated when a run passes
//! its wall-clock limit (neither engine has a step budget, so terminating the worker is the only
//! way to stop an endless loop) and started afresh for the next run. The page never blocks: the
//! worker does the work and answers by message.
//!
//! The message contract (both `www/python-engine-worker.js` and `www/js-engine/worker.js`): the
//! worker posts `{type: "ready"}` or `{type: "failed", message}` once loaded; the page posts
//! `{id, code, options}` and the worker answers `{type: "result", id, output}`, where `options` and
//! `output` are the harness JSON of `producers::harness`.

use crate::page::EngineUpdate;
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::Callback;

#[derive(Clone)]
pub struct WorkerEngine {
    /// The worker script, relative to the page so the app also works under a sub-path.
    url: &'static str,
    /// "Python", "JavaScript": for messages.
    name: &'static str,
    inner: Rc<RefCell<Inner>>,
}

impl PartialEq for WorkerEngine {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }
}

#[derive(Default)]
struct Inner {
    worker: Option<Worker>,
    _on_message: Option<Closure<dyn FnMut(MessageEvent)>>,
    _on_error: Option<Closure<dyn FnMut(web_sys::Event)>>,
    ready: bool,
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
    _deadline: Timeout,
}

struct Request {
    code: String,
    options_json: String,
    limit_seconds: u32,
    on_event: Callback<EngineUpdate>,
}

impl WorkerEngine {
    pub fn new(url: &'static str, name: &'static str) -> WorkerEngine {
        WorkerEngine {
            url,
            name,
            inner: Rc::default(),
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

    /// How many workers have been started so far.
    pub fn workers_started(&self) -> u32 {
        self.inner.borrow().started
    }

    fn start(&self, request: Request) {
        if self.inner.borrow().worker.is_none() {
            if let Err(message) = self.spawn_worker() {
                request.on_event.emit(EngineUpdate::Failed(message));
                return;
            }
            request.on_event.emit(EngineUpdate::Loading);
        }
        let id = {
            let mut inner = self.inner.borrow_mut();
            inner.next_id += 1;
            inner.next_id
        };
        let engine = self.clone();
        let limit = request.limit_seconds;
        let deadline = Timeout::new(limit * 1000, move || engine.time_out(id, limit));
        let message = js_sys::Object::new();
        let set = |key: &str, value: JsValue| js_sys::Reflect::set(&message, &key.into(), &value);
        let _ = set("id", id.into());
        let _ = set("code", request.code.into());
        let _ = set("options", request.options_json.into());
        let mut inner = self.inner.borrow_mut();
        inner.current = Some(Run {
            id,
            on_event: request.on_event,
            _deadline: deadline,
        });
        if let Some(worker) = &inner.worker {
            let _ = worker.post_message(&message);
        }
    }

    fn spawn_worker(&self) -> Result<(), String> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(self.url, &options)
            .map_err(|e| format!("the {} engine could not start: {e:?}", self.name))?;
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
        inner.worker = Some(worker);
        inner._on_message = Some(on_message);
        inner._on_error = Some(on_error);
        inner.ready = false;
        inner.started += 1;
        Ok(())
    }

    fn on_message(&self, event: MessageEvent) {
        let data = event.data();
        let field =
            |key: &str| js_sys::Reflect::get(&data, &key.into()).unwrap_or(JsValue::UNDEFINED);
        let kind = field("type").as_string().unwrap_or_default();
        match kind.as_str() {
            "progress" => {
                let number = |key: &str| field(key).as_f64().unwrap_or(0.0);
                self.emit_current(EngineUpdate::Progress {
                    loaded: number("loaded"),
                    total: number("total"),
                });
            }
            "ready" => {
                self.inner.borrow_mut().ready = true;
                self.emit_current(EngineUpdate::Ready);
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
                    let output = field("output").as_string().unwrap_or_default();
                    self.finish_current(EngineUpdate::Finished(output));
                }
            }
            _ => {}
        }
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
        if let Some(worker) = inner.worker.take() {
            worker.terminate();
        }
        inner.ready = false;
        // The handlers may be running right now (a "failed" message, an error event): free them
        // on a later turn of the event loop, never from inside themselves.
        let handlers = (inner._on_message.take(), inner._on_error.take());
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
