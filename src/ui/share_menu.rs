//! The Share menu: the link, a Markdown link and an iframe snippet to copy, the link's length, and
//! whether the scenario changed since the link was copied.

use super::link::ShareLink;
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
    let on_copy_link = {
        let (share, on_copied) = (props.share.clone(), props.on_copied.clone());
        Callback::from(move |event: MouseEvent| {
            // Copying encodes the scenario at once, not what the address bar had after the pause.
            copy_text(super::link::share_snippets(&share.write_now()).url).emit(event);
            on_copied.emit(());
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
                <button type="button" id="copy-link" onclick={on_copy_link}>{"Copy link"}</button>
                <button type="button" onclick={copy_text(snippets.markdown)}>{"Copy as Markdown"}</button>
                <button type="button" onclick={copy_text(snippets.iframe)}>{"Copy iframe embed"}</button>
            </div>
            <p class={classes!("link-length", too_long.then_some("warning"))}>
                {format!("{} characters{}. The scenario lives in the fragment (after #), which never reaches a server.", url.len(),
                    if too_long { " — longer than 2,000: some chat apps cut such links" } else { "" })}
            </p>
        </details>
    }
}

/// Copies `text` to the clipboard when clicked.
pub fn copy_text(text: String) -> Callback<MouseEvent> {
    Callback::from(move |event: MouseEvent| {
        event.prevent_default();
        if let Some(window) = web_sys::window() {
            let _ = window.navigator().clipboard().write_text(&text);
        }
    })
}
