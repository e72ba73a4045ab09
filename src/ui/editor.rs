//! The code editor: CodeMirror 6 (bundled from `www/editor/main.js` into `editor.js`), driven
//! from Yew through the small `ShardlaneEditor` handle. The scenario owns the text; the editor
//! reports edits and draws what the page tells it: language, read-only, the located diagnostics
//! and the put-call line of the selected record. Where the bundle is missing (the component tests
//! render the page without it), a plain textarea does the same job without the marks.

use crate::diagnostic::Diagnostic;
use crate::producers::Language;
use serde::Serialize;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The handle `ShardlaneEditor.mount` returns.
    type EditorHandle;

    #[wasm_bindgen(catch, js_namespace = ShardlaneEditor, js_name = mount)]
    fn mount_editor(parent: &web_sys::Element, options: &JsValue) -> Result<EditorHandle, JsValue>;
    #[wasm_bindgen(method, js_name = setDoc)]
    fn set_doc(this: &EditorHandle, text: &str);
    #[wasm_bindgen(method, js_name = setLanguage)]
    fn set_language(this: &EditorHandle, name: &str);
    #[wasm_bindgen(method, js_name = setReadOnly)]
    fn set_read_only(this: &EditorHandle, read_only: bool);
    #[wasm_bindgen(method, js_name = setDiagnostics)]
    fn set_diagnostics(this: &EditorHandle, diagnostics: JsValue);
    #[wasm_bindgen(method, js_name = setPutLine)]
    fn set_put_line(this: &EditorHandle, line: Option<u32>);
    #[wasm_bindgen(method)]
    fn destroy(this: &EditorHandle);
}

#[derive(Properties, PartialEq)]
pub struct CodeEditorProps {
    /// Shared with the page state: compared by address first, never copied per render.
    pub code: crate::scenario::Code,
    pub language: Language,
    pub read_only: bool,
    /// The newest run's error and warnings; those with a line are marked in the editor.
    pub diagnostics: Vec<Diagnostic>,
    /// The line of the selected record's put call.
    pub put_line: Option<usize>,
    pub on_change: Callback<String>,
    /// Ctrl/Cmd+Enter.
    pub on_run: Callback<()>,
}

/// What CodeMirror's lint gutter shows for one diagnostic.
#[derive(Serialize)]
struct Mark<'a> {
    line: usize,
    column: Option<usize>,
    message: &'a str,
    severity: &'static str,
}

fn mode_name(language: Language) -> &'static str {
    match language {
        Language::Python => "python",
        Language::JavaScript => "javascript",
        Language::AwsCli => "shell",
        Language::Json => "json",
        Language::Keys => "keys",
    }
}

#[function_component(CodeEditor)]
pub fn code_editor(props: &CodeEditorProps) -> Html {
    let host = use_node_ref();
    let (handle, mounted) = use_code_mirror(&host, props);
    let mounted = *mounted;
    {
        let handle = handle.clone();
        let key = (props.code.clone(), mounted);
        use_effect_with(key, move |(code, _)| {
            if let Some(editor) = &*handle.borrow() {
                editor.set_doc(code);
            }
        });
    }
    {
        let handle = handle.clone();
        use_effect_with(
            (props.language, props.read_only, mounted),
            move |(language, read_only, _)| {
                if let Some(editor) = &*handle.borrow() {
                    editor.set_language(mode_name(*language));
                    editor.set_read_only(*read_only);
                }
            },
        );
    }
    {
        let handle = handle.clone();
        let key = (props.diagnostics.clone(), props.put_line, mounted);
        use_effect_with(key, move |(diagnostics, put_line, _)| {
            if let Some(editor) = &*handle.borrow() {
                let marks = marks(diagnostics);
                if let Ok(marks) = serde_wasm_bindgen::to_value(&marks) {
                    editor.set_diagnostics(marks);
                }
                editor.set_put_line(put_line.and_then(|line| u32::try_from(line).ok()));
            }
        });
    }

    let on_input = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: InputEvent| {
            on_change.emit(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let on_key = {
        let on_run = props.on_run.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Enter" && (event.ctrl_key() || event.meta_key()) {
                event.prevent_default();
                on_run.emit(());
            }
        })
    };
    // CodeMirror draws itself inside the host, after the textarea that stands in until it mounts.
    html! {
        <div class="editor-host" id={mounted.then_some("code")} ref={host}>
            if !mounted {
                <textarea id="code" spellcheck="false" readonly={props.read_only} value={props.code.to_string()}
                          oninput={on_input} onkeydown={on_key} aria-label="Producer code" aria-describedby="code-help" />
            }
        </div>
    }
}

/// Mounts CodeMirror in `host` once, with callbacks that always reach the newest props; the
/// handle stays `None` where the bundle is missing.
#[hook]
fn use_code_mirror(
    host: &NodeRef,
    props: &CodeEditorProps,
) -> (Rc<RefCell<Option<EditorHandle>>>, UseStateHandle<bool>) {
    let host = host.clone();
    let handle = use_mut_ref(|| None::<EditorHandle>);
    // The callbacks CodeMirror calls; kept alive with the editor and pointed at the newest props.
    let on_change = use_mut_ref(|| props.on_change.clone());
    let on_run = use_mut_ref(|| props.on_run.clone());
    *on_change.borrow_mut() = props.on_change.clone();
    *on_run.borrow_mut() = props.on_run.clone();
    let mounted = use_state(|| false);

    {
        let (host, handle, mounted) = (host.clone(), handle.clone(), mounted.clone());
        let (on_change, on_run) = (on_change.clone(), on_run.clone());
        let initial = (props.code.clone(), props.language, props.read_only);
        use_effect_with((), move |_| {
            let change = Closure::<dyn Fn(String)>::new(move |text| on_change.borrow().emit(text));
            let run = Closure::<dyn Fn()>::new(move || on_run.borrow().emit(()));
            let options = js_sys::Object::new();
            let set = |key: &str, value: &JsValue| {
                let _ = js_sys::Reflect::set(&options, &key.into(), value);
            };
            // The text as first drawn: once mounted, the effects above (keyed on `mounted`) give
            // CodeMirror the newest text, language and marks.
            set("doc", &JsValue::from(&*initial.0));
            set("language", &mode_name(initial.1).into());
            set("readOnly", &initial.2.into());
            set("label", &"Producer code".into());
            set("onChange", change.as_ref());
            set("onRun", run.as_ref());
            let mount = {
                let (handle, mounted) = (handle.clone(), mounted.clone());
                move || {
                    if let Some(parent) = host.cast::<web_sys::Element>() {
                        if let Ok(editor) = mount_editor(&parent, &options) {
                            *handle.borrow_mut() = Some(editor);
                            mounted.set(true);
                        }
                    }
                }
            };
            when_editor_loaded(mount);
            move || {
                if let Some(editor) = handle.borrow_mut().take() {
                    editor.destroy();
                }
                drop((change, run));
            }
        });
    }
    (handle, mounted)
}

/// The event `www/editor/main.js` dispatches on `window` once `ShardlaneEditor` is defined.
const EDITOR_READY_EVENT: &str = "shardlane-editor-ready";

/// Runs `mount` now if CodeMirror's bundle has run, else when it has: the page loads `editor.js`
/// only after its first draw (index.html does not), so the results never wait for the editor;
/// the textarea stands in meanwhile. Where the bundle never comes (the component tests), the
/// textarea stays.
fn when_editor_loaded(mount: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if js_sys::Reflect::has(&window, &"ShardlaneEditor".into()).unwrap_or(false) {
        mount();
        return;
    }
    // The bundle runs once per page, so the event fires once.
    let _ = window.add_event_listener_with_callback(
        EDITOR_READY_EVENT,
        Closure::once_into_js(mount).unchecked_ref(),
    );
    load_editor_script(&window);
}

/// Adds `<script type="module" src="./editor.js">` to the page once.
fn load_editor_script(window: &web_sys::Window) {
    const ID: &str = "editor-script";
    let Some(document) = window.document() else {
        return;
    };
    if document.get_element_by_id(ID).is_some() {
        return;
    }
    if let (Ok(script), Some(body)) = (document.create_element("script"), document.body()) {
        script.set_id(ID);
        let _ = script.set_attribute("type", "module");
        let _ = script.set_attribute("src", "./editor.js");
        let _ = body.append_child(&script);
    }
}

/// The lint marks of the diagnostics that have a line.
fn marks(diagnostics: &[Diagnostic]) -> Vec<Mark<'_>> {
    diagnostics
        .iter()
        .filter_map(|d| {
            Some(Mark {
                line: d.line?,
                column: d.column,
                message: &d.message,
                severity: if d.is_error() { "error" } else { "warning" },
            })
        })
        .collect()
}
