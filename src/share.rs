//! Share links: a `Scenario` in the URL fragment, versioned, compressed and decoded without panics.
//!
//! Format: `v1.` followed by base64url (no padding) of raw DEFLATE of the scenario's JSON. The
//! fragment never reaches a server. Decoding is total: a truncated, corrupted, hostile or future
//! link gives an error the page shows in a banner beside the default scenario. Every version ever
//! emitted keeps its decoder here and a golden fixture in `tests/share_links/`.

use crate::scenario::Scenario;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use std::fmt;

/// The version written by `encode`.
pub const CURRENT_VERSION: &str = "v1";
/// Links longer than this get cut by chat apps and some browsers: the page warns.
pub const LINK_LENGTH_WARNING: usize = 2_000;
/// The most bytes a link may inflate to (a guard against decompression bombs), so also the
/// largest scenario JSON a link is made for.
pub const MAX_INFLATED_BYTES: usize = 1 << 20;

/// Why a link could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    Empty,
    UnknownVersion(String),
    NotBase64,
    NotDeflate,
    TooLarge,
    NotAScenario(String),
    Invalid(String),
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::Empty => write!(f, "the link carries no scenario"),
            LinkError::UnknownVersion(v) => write!(
                f,
                "the link is version '{v}', which this Shardlane does not know (a newer Shardlane made it)"
            ),
            LinkError::NotBase64 => write!(f, "the link is damaged (not base64url; was it cut or edited)"),
            LinkError::NotDeflate => write!(f, "the link is damaged (its data does not inflate; was it cut)"),
            LinkError::TooLarge => write!(f, "the link inflates to more than 1 MiB and was refused"),
            LinkError::NotAScenario(e) => write!(f, "the link does not hold a scenario: {e}"),
            LinkError::Invalid(e) => write!(f, "the link's scenario is not valid: {e}"),
        }
    }
}

/// The most records a link carries.
pub const MAX_CARRIED_RECORDS: usize = 100;

/// The scenario with its produced records attached when they are few and the link stays short
/// (so a reader sees results before any code engine loads).
pub fn with_records(scenario: &Scenario, records: &[crate::record::ProducedRecord]) -> Scenario {
    if records.is_empty() || records.len() > MAX_CARRIED_RECORDS {
        return scenario.clone();
    }
    let carrying = Scenario {
        records: Some(
            records
                .iter()
                .map(crate::scenario::LinkRecord::from_record)
                .collect(),
        ),
        ..scenario.clone()
    };
    if encode(&carrying).is_ok_and(|link| link.len() <= LINK_LENGTH_WARNING) {
        carrying
    } else {
        scenario.clone()
    }
}

/// What the Share menu copies: the link, a Markdown link and an iframe snippet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareSnippets {
    pub url: String,
    pub markdown: String,
    pub iframe: String,
}

/// The snippets of `fragment` for the page at `base` (its origin and path: never its query string,
/// which anyone who sent the page could have chosen). Characters that could end the Markdown link
/// or the HTML attribute are percent-encoded.
pub fn snippets(base: &str, fragment: &str) -> ShareSnippets {
    let mut safe = String::with_capacity(base.len());
    for c in base.chars() {
        if c.is_ascii_alphanumeric() || "-._~/:%@!$*+,;=".contains(c) {
            safe.push(c);
        } else {
            let mut bytes = [0; 4];
            for byte in c.encode_utf8(&mut bytes).bytes() {
                safe.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    let fragment: String = fragment
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "-._~=".contains(*c))
        .collect();
    let url = format!("{safe}#{fragment}");
    ShareSnippets {
        markdown: format!("[Shardlane scenario]({url})"),
        iframe: EmbedOptions::default().snippet(&url),
        url,
    }
}

/// The result panels an embed can show alone (`panel=`), in the order the page draws them.
pub const EMBED_PANELS: [&str; 3] = ["insights", "timeline", "records"];
/// The heights (px) the Share menu offers for an embed's iframe, and its default.
pub const EMBED_HEIGHT: std::ops::RangeInclusive<u32> = 200..=2_000;
pub const DEFAULT_EMBED_HEIGHT: u32 = 600;

/// What a documentation writer chooses for an embed in the Share menu.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmbedOptions {
    pub readonly: bool,
    /// One of [`EMBED_PANELS`], or every panel.
    pub panel: Option<&'static str>,
    /// The iframe's height before `embed.js` sizes it to its content.
    pub height: u32,
}

impl Default for EmbedOptions {
    fn default() -> Self {
        EmbedOptions {
            readonly: true,
            panel: None,
            height: DEFAULT_EMBED_HEIGHT,
        }
    }
}

impl EmbedOptions {
    /// The embed's address: the share link with `embed=1`, `readonly=1` and `panel=` after the
    /// scenario (the page reads them from the fragment).
    pub fn src(&self, url: &str) -> String {
        let mut src = format!("{url}&embed=1");
        if self.readonly {
            src.push_str("&readonly=1");
        }
        if let Some(panel) = self.panel.filter(|p| EMBED_PANELS.contains(p)) {
            src.push_str(&format!("&panel={panel}"));
        }
        src
    }

    /// The HTML a documentation page pastes: the iframe, and the line that loads `embed.js` (which
    /// sizes each `iframe[data-shardlane]` to its content) from beside the page at `url`.
    pub fn snippet(&self, url: &str) -> String {
        let height = self
            .height
            .clamp(*EMBED_HEIGHT.start(), *EMBED_HEIGHT.end());
        let base = url.split('#').next().unwrap_or_default();
        let folder = &base[..base.rfind('/').map_or(0, |slash| slash + 1)];
        format!(
            "<iframe data-shardlane src=\"{}\" title=\"Shardlane scenario\" width=\"100%\" height=\"{height}\" style=\"border:0\" loading=\"lazy\"></iframe>\n<script src=\"{folder}embed.js\" async></script>",
            self.src(url).replace('&', "&amp;")
        )
    }
}

/// A scenario no link can carry: its JSON is larger than a link may inflate to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooLargeForLink {
    pub json_bytes: usize,
}

impl fmt::Display for TooLargeForLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "this scenario is {} KiB as JSON, over the {} KiB (1 MiB) a link carries",
            self.json_bytes.div_ceil(1024),
            MAX_INFLATED_BYTES / 1024
        )
    }
}

/// The fragment (without `#`) for a scenario, or why no link can carry it: a link that would
/// inflate past [`MAX_INFLATED_BYTES`] is never made, since [`decode`] refuses it (and
/// compressing a scenario that large is the slow part).
pub fn encode(scenario: &Scenario) -> Result<String, TooLargeForLink> {
    let json = serde_json::to_vec(scenario).unwrap_or_default();
    if json.len() > MAX_INFLATED_BYTES {
        return Err(TooLargeForLink {
            json_bytes: json.len(),
        });
    }
    let deflated = miniz_oxide::deflate::compress_to_vec(&json, 9);
    Ok(format!(
        "{CURRENT_VERSION}.{}",
        URL_SAFE_NO_PAD.encode(deflated)
    ))
}

/// How the page is shown: set by `embed=1`, `readonly=1` and `panel=…` in the fragment or query.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ViewOptions {
    /// Compact layout for iframes: no URL rewriting, an "Open in Shardlane" link.
    pub embed: bool,
    /// The code and settings cannot be edited.
    pub readonly: bool,
    /// The one result panel to show in an embed (`records`, `timeline` or `insights`).
    pub panel: Option<String>,
}

/// Reads `embed`, `readonly` and `panel` from a fragment and a query string (either may hold them).
pub fn view_options(fragment: &str, query: &str) -> ViewOptions {
    let mut options = ViewOptions::default();
    let parameters = fragment
        .trim_start_matches('#')
        .split('&')
        .chain(query.trim_start_matches('?').split('&'))
        .filter_map(|pair| pair.split_once('='));
    for (name, value) in parameters {
        let on = value == "1" || value == "true";
        match name {
            "embed" => options.embed = on,
            "readonly" => options.readonly = on,
            "panel" if EMBED_PANELS.contains(&value) => options.panel = Some(value.to_owned()),
            _ => {}
        }
    }
    options
}

/// Reads a fragment (with or without the leading `#`) back into a validated scenario. The
/// scenario is the `&`-separated part that is not a `name=value` parameter.
pub fn decode(fragment: &str) -> Result<Scenario, LinkError> {
    let fragment = fragment.trim().trim_start_matches('#');
    let payload = fragment
        .split('&')
        .find(|part| !part.is_empty() && !part.split('.').next().unwrap_or_default().contains('='))
        .unwrap_or_default();
    if payload.is_empty() {
        return Err(LinkError::Empty);
    }
    let (version, data) = payload.split_once('.').unwrap_or((payload, ""));
    match version {
        "v1" => decode_v1(data),
        other => Err(LinkError::UnknownVersion(other.chars().take(16).collect())),
    }
}

fn decode_v1(data: &str) -> Result<Scenario, LinkError> {
    let deflated = URL_SAFE_NO_PAD
        .decode(data)
        .map_err(|_| LinkError::NotBase64)?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, MAX_INFLATED_BYTES)
        .map_err(|e| {
            if matches!(e.status, miniz_oxide::inflate::TINFLStatus::HasMoreOutput) {
                LinkError::TooLarge
            } else {
                LinkError::NotDeflate
            }
        })?;
    let scenario: Scenario =
        serde_json::from_slice(&json).map_err(|e| LinkError::NotAScenario(e.to_string()))?;
    validate(&scenario)?;
    Ok(scenario)
}

/// The checks a scenario from outside must pass before the page uses it.
pub fn validate(scenario: &Scenario) -> Result<(), LinkError> {
    if !crate::layout::SHARD_COUNT.contains(&scenario.shard_count) {
        return Err(LinkError::Invalid(format!(
            "{} shards is outside 1..10000",
            scenario.shard_count
        )));
    }
    // Links only ever carry a few records; a hand-made one carrying thousands (they compress well)
    // would make every reader's page simulate them before the person has done anything.
    if let Some(records) = scenario
        .records
        .as_ref()
        .filter(|r| r.len() > MAX_CARRIED_RECORDS)
    {
        return Err(LinkError::Invalid(format!(
            "it carries {} records; links carry at most {MAX_CARRIED_RECORDS}",
            records.len()
        )));
    }
    scenario
        .mapping
        .validate_for(scenario.source.filter_source())
        .map_err(|e| LinkError::Invalid(e.to_string()))?;
    scenario
        .function
        .validate()
        .map_err(|e| LinkError::Invalid(e.to_string()))?;
    if let Some(dynamodb) = scenario.source.dynamodb() {
        dynamodb.validate().map_err(LinkError::Invalid)?;
    }
    scenario
        .failures
        .validate()
        .map_err(|e| LinkError::Invalid(format!("its failure rules: {e}")))?;
    scenario
        .harness_options()
        .validate()
        .map_err(|e| LinkError::Invalid(e.to_string()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_scenario_round_trips_in_a_short_link() {
        let link = encode(&Scenario::default()).unwrap();
        assert!(link.starts_with("v1."));
        assert!(
            link.len() < LINK_LENGTH_WARNING,
            "{} characters",
            link.len()
        );
        assert_eq!(decode(&format!("#{link}")), Ok(Scenario::default()));
        assert_eq!(decode(&format!("{link}&embed=1")), Ok(Scenario::default()));
        assert_eq!(decode(&format!("embed=1&{link}")), Ok(Scenario::default()));
        assert_eq!(decode("#embed=1&readonly=1"), Err(LinkError::Empty));
    }

    #[test]
    fn snippets_keep_hostile_page_addresses_out_of_markdown_and_html() {
        let fragment = encode(&Scenario::default()).unwrap();
        let plain = snippets("https://docs.example/tools/shardlane/", &fragment);
        assert_eq!(
            plain.url,
            format!("https://docs.example/tools/shardlane/#{fragment}")
        );
        assert_eq!(
            plain.markdown,
            format!("[Shardlane scenario]({})", plain.url)
        );
        assert!(plain.iframe.starts_with(&format!(
            "<iframe data-shardlane src=\"{}&amp;embed=1&amp;readonly=1\"",
            plain.url
        )));
        let hostile = snippets(
            "https://h.example/a)[x](https://evil\"><script>/",
            "v1.ab)\"<",
        );
        assert_eq!(
            hostile.url,
            "https://h.example/a%29%5Bx%5D%28https://evil%22%3E%3Cscript%3E/#v1.ab"
        );
        assert!(!hostile.markdown[..hostile.markdown.len() - 1].contains(')'));
        // Nothing the address holds opens a tag or ends an attribute: the snippet's own four tags
        // and seven quoted attributes only.
        assert_eq!(hostile.iframe.matches('<').count(), 4, "{}", hostile.iframe);
        assert_eq!(
            hostile.iframe.matches('"').count(),
            14,
            "{}",
            hostile.iframe
        );
        // What the iframe points at opens as an embed, read-only, with the same scenario.
        let src = hostile
            .iframe
            .split('"')
            .nth(1)
            .unwrap()
            .replace("&amp;", "&");
        let options = view_options(src.split_once('#').unwrap().1, "");
        assert!(options.embed && options.readonly);
    }

    #[test]
    fn an_embed_snippet_names_its_options_and_loads_embed_js_beside_the_page() {
        let url = "https://docs.example/tools/shardlane/index.html#v1.abc";
        let options = EmbedOptions {
            readonly: true,
            panel: Some("timeline"),
            height: 420,
        };
        assert_eq!(
            options.snippet(url),
            "<iframe data-shardlane src=\"https://docs.example/tools/shardlane/index.html#v1.abc&amp;embed=1&amp;readonly=1&amp;panel=timeline\" title=\"Shardlane scenario\" width=\"100%\" height=\"420\" style=\"border:0\" loading=\"lazy\"></iframe>\n<script src=\"https://docs.example/tools/shardlane/embed.js\" async></script>"
        );
        let editable = EmbedOptions {
            readonly: false,
            panel: Some("<script>"),
            height: 10,
        };
        assert_eq!(editable.src(url), format!("{url}&embed=1"));
        assert!(editable.snippet(url).contains("height=\"200\""));
        let src = options.src(url);
        assert_eq!(
            view_options(src.split_once('#').unwrap().1, ""),
            ViewOptions {
                embed: true,
                readonly: true,
                panel: Some("timeline".into())
            }
        );
    }

    #[test]
    fn a_link_carrying_too_many_records_is_refused() {
        let record = crate::scenario::LinkRecord::from_record(&crate::examples::seed_records()[0]);
        let hostile = Scenario {
            records: Some(vec![record; MAX_CARRIED_RECORDS + 1]),
            ..Scenario::default()
        };
        let link = encode(&hostile).unwrap();
        assert!(
            link.len() < 2_000,
            "repeated records compress: {}",
            link.len()
        );
        assert!(matches!(decode(&link), Err(LinkError::Invalid(m)) if m.contains("at most 100")));
    }

    #[test]
    fn small_scenarios_carry_their_records() {
        let records = crate::examples::seed_records();
        let carrying = with_records(&Scenario::default(), &records);
        assert_eq!(carrying.carried_records(), Some(records.clone()));
        let link = encode(&carrying).unwrap();
        assert!(link.len() <= LINK_LENGTH_WARNING);
        assert_eq!(decode(&link).unwrap().carried_records(), Some(records));
        let many: Vec<_> = (0..200)
            .map(|i| crate::record::ProducedRecord::new(i.to_string(), vec![1]))
            .collect();
        assert_eq!(with_records(&Scenario::default(), &many).records, None);
    }

    #[test]
    fn view_options_come_from_the_fragment_or_the_query() {
        let options = view_options("#v1.abc&embed=1&panel=timeline", "?readonly=true");
        assert_eq!(
            options,
            ViewOptions {
                embed: true,
                readonly: true,
                panel: Some("timeline".into())
            }
        );
        assert_eq!(
            view_options("#v1.abc", "?panel=<script>"),
            ViewOptions::default()
        );
    }

    #[test]
    fn damaged_links_are_errors_not_panics() {
        let link = encode(&Scenario::default()).unwrap();
        assert_eq!(decode(""), Err(LinkError::Empty));
        assert!(matches!(decode("v9.abc"), Err(LinkError::UnknownVersion(v)) if v == "v9"));
        assert_eq!(decode("v1.***"), Err(LinkError::NotBase64));
        assert!(decode(&link[..link.len() / 2]).is_err());
        let not_a_scenario = format!(
            "v1.{}",
            URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(b"[1,2]", 6))
        );
        assert!(matches!(
            decode(&not_a_scenario),
            Err(LinkError::NotAScenario(_))
        ));
        let hostile = Scenario {
            shard_count: 0,
            ..Scenario::default()
        };
        assert!(matches!(
            decode(&encode(&hostile).unwrap()),
            Err(LinkError::Invalid(_))
        ));
        let bomb = format!(
            "v1.{}",
            URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(
                &vec![b' '; 4 << 20],
                9
            ))
        );
        assert_eq!(decode(&bomb), Err(LinkError::TooLarge));
    }
}
