//! The effect that hands producer runs to the code engines: it watches the state's
//! [`EngineRequest`](crate::page::EngineRequest), waits for the typing pause unless the run is
//! wanted at once, and turns the worker's reports into actions for that run's generation.

use super::app::Page;
use super::worker_engine::WorkerEngine;
use crate::page::{engine_options, Action, EngineUpdate};
use crate::producers::harness::harness_options_json;
use crate::producers::{Language, DEFAULT_TIME_LIMIT_SECONDS};
use gloo_timers::callback::Timeout;
use yew::prelude::*;

/// Quiet time after an edit before the code runs again.
const DEBOUNCE_MS: u32 = 400;

/// The code engines, each in its own lazily started worker.
#[derive(Clone, PartialEq)]
pub struct Engines {
    pub python: WorkerEngine,
    pub javascript: WorkerEngine,
}

impl Engines {
    pub fn new() -> Engines {
        Engines {
            python: WorkerEngine::sandboxed_with_files(
                "./python-sandbox.html",
                "Python",
                "./python-engine",
                &["engine.js", "pyodide.asm.wasm", "python_stdlib.zip"],
            ),
            javascript: WorkerEngine::sandboxed("./js-sandbox.html", "JavaScript"),
        }
    }

    fn for_language(&self, language: Language) -> &WorkerEngine {
        match language {
            Language::JavaScript => &self.javascript,
            _ => &self.python,
        }
    }
}

/// Starts the engine run the state asks for, after the debounce; a newer request replaces a
/// pending one.
#[hook]
pub fn use_engine_runs(page: &Page, engines: &Engines) {
    // A Python page loads its engine when the page is idle, before the first edit needs it.
    let python_page = page.language() == Language::Python && !page.view.readonly;
    {
        let python = engines.python.clone();
        use_effect_with(python_page, move |&python_page| {
            if python_page {
                python.prefetch();
            }
        });
    }
    let pending = use_mut_ref(|| None::<Timeout>);
    let page = page.clone();
    let engines = engines.clone();
    use_effect_with(page.engine_request, move |request| {
        let Some(request) = *request else {
            pending.borrow_mut().take();
            return;
        };
        let scenario = page.scenario.clone();
        let language = page.language();
        let run = move || {
            let generation = request.generation;
            let report =
                move |update: EngineUpdate| page.dispatch(Action::Engine { generation, update });
            let Ok(layout) = scenario.stream_layout() else {
                return;
            };
            let options = harness_options_json(&layout, &engine_options(&scenario));
            report(EngineUpdate::Started);
            engines.for_language(language).run(
                scenario.code.to_string(),
                options,
                DEFAULT_TIME_LIMIT_SECONDS,
                Callback::from(report),
            );
        };
        let delay = if request.immediate { 0 } else { DEBOUNCE_MS };
        *pending.borrow_mut() = Some(Timeout::new(delay, run));
    });
}
