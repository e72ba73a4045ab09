//! The Share menu: the link, a Markdown link and an embed to copy, the link's length, and whether
//! the scenario changed since the link was copied. The embed has its options (read-only, which
//! panel, height) and a live preview, drawn only while the menu is open.

use super::link::ShareLink;
use crate::share::{EmbedOptions, EMBED_HEIGHT, EMBED_PANELS};
use gloo_timers::callback::Timeout;
use web_sys::{HtmlInputElement, HtmlSelectElement};
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
    let open = use_state(|| false);
    let embed = use_state(EmbedOptions::default);
    // The link is rebuilt only when the fragment is rewritten, not on every change of the
    // scenario (a large paste makes it hundreds of kilobytes).
    let url = use_memo(props.share.fragment.clone(), |fragment| {
        fragment
            .as_ref()
            .map(|fragment| AttrValue::from(super::link::share_snippets(fragment).url))
            .map_err(|too_large| *too_large)
    });
    // Copying encodes the scenario at once, not what the address bar had after the pause.
    let fresh_url = {
        let (share, on_copied) = (props.share.clone(), props.on_copied.clone());
        // A paste too large for a link, made within the pause, copies nothing (the menu then
        // says why).
        move || {
            let url = super::link::share_snippets(&share.write_now().ok()?).url;
            on_copied.emit(());
            Some(url)
        }
    };
    let copy_link = {
        let fresh_url = fresh_url.clone();
        Callback::from(move |()| fresh_url())
    };
    let copy_markdown = {
        let fresh_url = fresh_url.clone();
        Callback::from(move |()| Some(format!("[Shardlane scenario]({})", fresh_url()?)))
    };
    let copy_embed = {
        let options = (*embed).clone();
        Callback::from(move |()| Some(options.snippet(&fresh_url()?)))
    };
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |event: Event| {
            open.set(
                event
                    .target_unchecked_into::<web_sys::HtmlDetailsElement>()
                    .open(),
            )
        })
    };
    html! {
        <details class="share" {ontoggle}>
            <summary>{"Share"}
                if props.changed {
                    <span id="changed-since-shared" class="changed">{" · changed since you copied the link"}</span>
                }
            </summary>
            {match &*url {
                Ok(url) => html! { <>
                    <div class="share-row">
                        <label for="share-link">{"Link"}</label>
                        <LinkField url={url.clone()} />
                        <CopyButton id="copy-link" label="Copy link" text={copy_link} />
                        <CopyButton id="copy-markdown" label="Copy as Markdown" text={copy_markdown} />
                    </div>
                    {link_length(url.len())}
                    if *open {
                        {embed_options(&embed, url, copy_embed)}
                    }
                </> },
                Err(too_large) => html! {
                    <p id="link-too-large" class="link-length warning">
                        {format!("No link: {too_large}, so the address bar no longer holds it (a reload shows the default scenario). A smaller paste makes a link again.")}
                    </p>
                },
            }}
        </details>
    }
}

/// The link's length, and a warning when chat apps may cut it.
fn link_length(characters: usize) -> Html {
    let too_long = characters > crate::share::LINK_LENGTH_WARNING;
    html! {
        <p class={classes!("link-length", too_long.then_some("warning"))}>
            {format!("{characters} characters{}. The scenario lives in the fragment (after #), which never reaches a server.",
                if too_long { " — longer than 2,000: some chat apps cut such links" } else { "" })}
        </p>
    }
}

/// The embed for a documentation page: its options, the snippet, and a live preview of it.
fn embed_options(
    embed: &UseStateHandle<EmbedOptions>,
    url: &str,
    copy: Callback<(), Option<String>>,
) -> Html {
    let options = (**embed).clone();
    let on_readonly = {
        let embed = embed.clone();
        Callback::from(move |event: Event| {
            let readonly = event.target_unchecked_into::<HtmlInputElement>().checked();
            embed.set(EmbedOptions {
                readonly,
                ..(*embed).clone()
            })
        })
    };
    let on_panel = {
        let embed = embed.clone();
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlSelectElement>().value();
            let panel = EMBED_PANELS.into_iter().find(|p| *p == value);
            embed.set(EmbedOptions {
                panel,
                ..(*embed).clone()
            })
        })
    };
    let on_height = {
        let embed = embed.clone();
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlInputElement>().value();
            if let Ok(height) = value.trim().parse::<u32>() {
                embed.set(EmbedOptions {
                    height: height.clamp(*EMBED_HEIGHT.start(), *EMBED_HEIGHT.end()),
                    ..(*embed).clone()
                })
            }
        })
    };
    let panel_label = |panel: &str| match panel {
        "insights" => "Insights and charts",
        "timeline" => "Invocations timeline",
        _ => "Records table",
    };
    let src = options.src(url);
    html! {
        <fieldset class="embed-options" id="embed-options">
            <legend>{"Embed in a documentation page"}</legend>
            <div class="share-row">
                <label class="check" for="embed-readonly">
                    <input id="embed-readonly" type="checkbox" checked={options.readonly} onchange={on_readonly} />
                    {" Read-only"}
                </label>
                <label for="embed-panel">{"Show"}</label>
                <select id="embed-panel" onchange={on_panel}>
                    <option value="" selected={options.panel.is_none()}>{"All results"}</option>
                    {for EMBED_PANELS.into_iter().map(|panel| html! {
                        <option value={panel} selected={options.panel == Some(panel)}>{panel_label(panel)}</option>
                    })}
                </select>
                <label for="embed-height">{"Height (px)"}</label>
                <input id="embed-height" class="height" type="number" min={EMBED_HEIGHT.start().to_string()}
                       max={EMBED_HEIGHT.end().to_string()} step="20" value={options.height.to_string()} onchange={on_height} />
                <CopyButton id="copy-embed" label="Copy embed HTML" text={copy} />
            </div>
            <pre id="embed-snippet" class="snippet" tabindex="0" role="region" aria-label="Embed HTML">{options.snippet(url)}</pre>
            <p class="help">{"Paste both lines into the page: embed.js sizes the frame to its content (without it the frame keeps this height). Preview:"}</p>
            // A new frame for each address: a change of fragment alone would not reload the page in it.
            <iframe key={src.clone()} id="embed-preview" class="embed-preview" src={src} title="Preview of the embed"
                    height={options.height.to_string()} />
        </fieldset>
    }
}

#[derive(Properties, PartialEq)]
struct LinkFieldProps {
    url: AttrValue,
}

/// The link's read-only field, its own component so that it is redrawn only when the link
/// changes: Yew reads an input's value back from the DOM on every redraw, and a link can be
/// hundreds of kilobytes.
#[function_component(LinkField)]
fn link_field(props: &LinkFieldProps) -> Html {
    html! { <input id="share-link" readonly=true value={props.url.clone()} /> }
}

#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    pub label: AttrValue,
    /// The text to copy, asked for at the click (a link is encoded only then); `None`: nothing to
    /// copy, the button stays as it is.
    pub text: Callback<(), Option<String>>,
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
            let Some(text) = text.emit(()) else {
                return;
            };
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
pub fn fixed(text: String) -> Callback<(), Option<String>> {
    Callback::from(move |()| Some(text.clone()))
}
