//! The Share menu: the link, a Markdown link and an iframe snippet to copy, the link's length, and
//! whether the scenario changed since the link was copied.

use super::link::ShareLink;
use gloo_timers::callback::Timeout;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ShareMenuProps {
    pub share: ShareLink,
    /// The scenario changed since its link was copied.
    pub changed: bool,
    /// The link was copied.
    pub on_copied: Callback<()>,
}

#[function_component(ShareMenu)]
pub fn share_menu(props: &ShareMenuProps) -> Html {
    let snippets = super::link::share_snippets(&props.share.fragment);
    let url = snippets.url;
    let too_long = url.len() > crate::share::LINK_LENGTH_WARNING;
    let copy_link = {
        let (share, on_copied) = (props.share.clone(), props.on_copied.clone());
        // Copying encodes the scenario at once, not what the address bar had after the pause.
        Callback::from(move |()| {
            on_copied.emit(());
            super::link::share_snippets(&share.write_now()).url
        })
    };
    html! {
        <details class="share">
            <summary>{"Share"}
                if props.changed {
                    <span id="changed-since-shared" class="changed">{" · changed since you copied the link"}</span>
                }
            </summary>
            <div class="share-row">
                <label for="share-link">{"Link"}</label>
                <input id="share-link" readonly=true value={url.clone()} />
                <CopyButton id="copy-link" label="Copy link" text={copy_link} />
                <CopyButton id="copy-markdown" label="Copy as Markdown" text={fixed(snippets.markdown)} />
                <CopyButton id="copy-iframe" label="Copy iframe embed" text={fixed(snippets.iframe)} />
            </div>
            <p class={classes!("link-length", too_long.then_some("warning"))}>
                {format!("{} characters{}. The scenario lives in the fragment (after #), which never reaches a server.", url.len(),
                    if too_long { " — longer than 2,000: some chat apps cut such links" } else { "" })}
            </p>
        </details>
    }
}

#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    pub label: AttrValue,
    /// The text to copy, asked for at the click (a link is encoded only then).
    pub text: Callback<(), String>,
    #[prop_or_default]
    pub id: Option<AttrValue>,
    #[prop_or_default]
    pub class: Classes,
}

/// A button that copies text to the clipboard and says "Copied" for two seconds.
#[function_component(CopyButton)]
pub fn copy_button(props: &CopyButtonProps) -> Html {
    let copied = use_state(|| false);
    let reset = use_mut_ref(|| None::<Timeout>);
    let onclick = {
        let (text, copied) = (props.text.clone(), copied.clone());
        Callback::from(move |event: MouseEvent| {
            event.prevent_default();
            let text = text.emit(());
            if let Some(window) = web_sys::window() {
                let _ = window.navigator().clipboard().write_text(&text);
            }
            copied.set(true);
            let copied = copied.clone();
            *reset.borrow_mut() = Some(Timeout::new(2_000, move || copied.set(false)));
        })
    };
    html! {
        <button type="button" id={props.id.clone()} class={props.class.clone()} {onclick} aria-live="polite">
            {if *copied { "Copied ✓" } else { props.label.as_str() }}
        </button>
    }
}

/// A copy button's text that is known when the button is drawn.
pub fn fixed(text: String) -> Callback<(), String> {
    Callback::from(move |()| text.clone())
}
