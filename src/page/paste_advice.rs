//! Pastes that belong in another box: the page names what was pasted and offers the action that
//! puts it where it belongs, instead of reading it as something it is not.

use super::{Action, Setting};
use crate::mapping::MappingConfig;
use crate::paste::{first_mapping, recognise, PastedJson};

/// The three places a person pastes JSON into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasteBox {
    /// The producer code editor (records to put).
    Code,
    /// The event source mapping box.
    Mapping,
    /// The stream layout box.
    Layout,
}

/// What the page says about a misplaced paste, and the button that fixes it.
#[derive(Clone, Debug, PartialEq)]
pub struct PasteAdvice {
    pub message: String,
    /// The button's label and what it does; `None` when nothing can be applied.
    pub fix: Option<(String, Action)>,
}

/// Advice when `text`, pasted into `target`, belongs elsewhere; `None` when the box should read it.
pub fn misplaced_paste(text: &str, target: PasteBox) -> Option<PasteAdvice> {
    let kind = recognise(text)?;
    let name = kind.name();
    let advice = |message: String, fix: Option<(&str, Action)>| PasteAdvice {
        message,
        fix: fix.map(|(label, action)| (label.to_owned(), action)),
    };
    match (kind, target) {
        (PastedJson::StreamLayout, PasteBox::Code | PasteBox::Mapping) => Some(advice(
            format!("This is {name}: a stream layout, not what this box takes."),
            Some((
                "Use it as the stream layout",
                Action::SetLayout(Some(text.to_owned())),
            )),
        )),
        (PastedJson::StreamSummary { open_shards }, _) => {
            let count = open_shards
                .and_then(|n| u32::try_from(n).ok())
                .filter(|n| Setting::Shards.range().contains(n));
            Some(advice(
                format!(
                    "This is {name}: it has no shard list (paste `aws kinesis list-shards --stream-name …` output into the stream layout box for the real ranges){}.",
                    count.map_or(String::new(), |n| format!("; it says {n} open shards"))
                ),
                count.map(|n| ("Use that many uniform shards", Action::Set(Setting::Shards, n))),
            ))
        }
        (PastedJson::EventSourceMapping, PasteBox::Code | PasteBox::Layout) => Some(
            mapping_advice(text, format!("This is {name}: mapping settings.")),
        ),
        (PastedJson::EventSourceMappings { count }, _) => match first_mapping(text) {
            Some((first, _)) => Some(mapping_advice(
                &first,
                format!("This is {name} with {count} mapping(s); Shardlane simulates one."),
            )),
            None => Some(advice(
                format!("This is {name}, with no mapping in it."),
                None,
            )),
        },
        (PastedJson::KinesisEvent | PastedJson::Records, PasteBox::Mapping | PasteBox::Layout) => {
            Some(advice(
                format!("This is {name}: the code editor reads it."),
                Some((
                    "Put it in the code editor",
                    Action::EditCode(text.to_owned()),
                )),
            ))
        }
        _ => None,
    }
}

/// Advice that applies mapping JSON, or says why it cannot.
fn mapping_advice(json: &str, message: String) -> PasteAdvice {
    match MappingConfig::from_aws_json(json) {
        Ok(mapping) => PasteAdvice {
            message,
            fix: Some((
                "Use these mapping settings".to_owned(),
                Action::SetMapping(mapping),
            )),
        },
        Err(error) => PasteAdvice {
            message: format!("{message} It cannot be used: {error}"),
            fix: None,
        },
    }
}
