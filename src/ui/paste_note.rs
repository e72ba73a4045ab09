//! The note a misplaced paste gets: what it is, and a button that puts it where it belongs.

use crate::page::{Action, PasteAdvice};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PasteNoteProps {
    pub id: AttrValue,
    pub advice: PasteAdvice,
    pub dispatch: Callback<Action>,
}

#[function_component(PasteNote)]
pub fn paste_note(props: &PasteNoteProps) -> Html {
    let fix = props.advice.fix.clone().map(|(label, action)| {
        let dispatch = props.dispatch.clone();
        let onclick = Callback::from(move |_: MouseEvent| dispatch.emit(action.clone()));
        html! { <button type="button" class="paste-fix" {onclick}>{label}</button> }
    });
    html! {
        <p id={props.id.clone()} class="status note paste-note" role="status">
            {&props.advice.message}{" "}{for fix}
        </p>
    }
}
