//! The page: producer code on the left, stream and mapping settings and the results on the right.
//!
//! The state is the core's [`PageState`], held in one reducer: components dispatch [`Action`]s and
//! never change state any other way. Effects only react to the state: `engine_runs` hands runs to
//! the code engines' workers, `link` writes the URL fragment once edits pause.

use super::engine_runs::{use_engine_runs, Engines};
use super::link::use_share_link;
use super::producer_panel::ProducerPanel;
use super::results_panel::ResultsPanel;
use super::settings_panel::SettingsPanel;
use super::share_menu::ShareMenu;
use crate::layout::StreamLayout;
use crate::page::{reduce, Action, PageState};
use std::rc::Rc;
use yew::prelude::*;

/// The page's state in Yew's reducer: a thin wrapper around the core's [`reduce`].
pub struct PageStore(pub PageState);

/// Equal only to itself: [`reduce`] hands back the same store when an action changes nothing, and
/// a new one otherwise. Every component that takes the [`Page`] compares it on each render; by
/// value that would compare the whole scenario (100,000 lines of code, say) every time.
impl PartialEq for PageStore {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl std::ops::Deref for PageStore {
    type Target = PageState;
    fn deref(&self) -> &PageState {
        &self.0
    }
}

impl Reducible for PageStore {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match reduce(&self.0, action) {
            Some(next) => Rc::new(PageStore(next)),
            None => self,
        }
    }
}

/// The page's state as components receive it: read it, and dispatch actions to change it.
pub type Page = UseReducerHandle<PageStore>;

#[function_component(App)]
pub fn app() -> Html {
    let page = use_reducer(|| {
        let (scenario, banner) = super::link::initial_scenario();
        PageStore(PageState::open(
            scenario,
            banner,
            super::link::view_options(),
        ))
    });
    let engines = use_memo((), |_| Engines::new());
    use_engine_runs(&page, &engines);
    let share = use_share_link(&page);
    let scenario = &page.scenario;
    let layout = use_memo((scenario.shard_count, scenario.layout.clone()), |_| {
        Rc::new(
            scenario
                .stream_layout()
                .unwrap_or_else(|_| StreamLayout::uniform(1).expect("one shard")),
        )
    });
    let layout_error = use_memo((scenario.shard_count, scenario.layout.clone()), |_| {
        scenario.stream_layout().err().map(|e| e.to_string())
    });
    let embed = page.view.embed;
    html! {
        <div class={classes!("page", embed.then_some("embed"))}>
            {header(&page)}
            if let Some(message) = page.link_banner.clone() {
                <div id="link-banner" class="banner" role="alert">{message}
                    <button type="button" onclick={dispatch(&page, Action::DismissLinkBanner)}>{"Dismiss"}</button>
                </div>
            }
            if !embed {
                <ShareMenu share={share} changed={page.changed_since_copied()} on_copied={dispatch(&page, Action::LinkCopied)} />
            }
            <main>
                <ProducerPanel page={page.clone()} engines={(*engines).clone()} />
                <SettingsPanel page={page.clone()} layout={(*layout).clone()} />
                <ResultsPanel page={page.clone()} layout={(*layout).clone()} layout_error={(*layout_error).clone()} />
            </main>
        </div>
    }
}

/// The page's title, or an embed's slim bar with a way out to the full app.
fn header(page: &Page) -> Html {
    if page.view.embed {
        html! {
            <header class="embed-bar">
                <strong>{"Shardlane"}</strong>
                <a id="open-in-shardlane" href={super::link::open_in_app_url(&page.scenario)} target="_blank" rel="noopener">{"Open in Shardlane ↗"}</a>
            </header>
        }
    } else {
        html! {
            <header>
                <h1>{"Shardlane"}</h1>
                if page.dynamodb().is_some() {
                    <p>{"Where each DynamoDB stream record goes — item write → INSERT, MODIFY or REMOVE → partition key → table partition → stream shard (a model) — and which Lambda lane, batch and execution environment process it."}</p>
                } else {
                    <p>{"Where each Kinesis record goes — partition key → MD5 → 128-bit hash key → shard — and which Lambda lane, batch and execution environment process it."}</p>
                }
            </header>
        }
    }
}

/// A callback that dispatches `action` whatever event fires it.
pub fn dispatch<E>(page: &Page, action: Action) -> Callback<E> {
    let page = page.clone();
    Callback::from(move |_| page.dispatch(action.clone()))
}
