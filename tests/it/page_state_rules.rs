//! The page's state rules, through the core's reducer: what a person sees after each thing they do
//! or each thing an engine reports. The end-to-end tests check the same rules in Chromium; these
//! check them natively, exhaustively and fast.

use shardlane::mapping::failures::{
    Attempts, FailureEffect, FailureRule, RandomFailures, RecordMatch,
};
use shardlane::page::{
    age_chart, discard_after, discard_of_record, discards_by_batch, failure_summary, lag_cause,
    new_rule, on_failure_document, on_failure_error, record_story, reduce, simulate_run,
    suggestions, Action, AdvisedFinding, EngineUpdate, FailureEdit, FailureSetting, KeyFields,
    MatchKind, PageState, RunSettings, RunStatus, Setting, WhatIf, AGE_CHART_COLUMNS,
    AGE_CHART_SHARDS,
};
use shardlane::producers::Language;
use shardlane::scenario::Scenario;
use shardlane::share::ViewOptions;

const PYTHON: &str = "import boto3\nk = boto3.client('kinesis')\nk.put_record(StreamName='s', PartitionKey='a', Data=b'x')\n";

fn open(scenario: Scenario) -> PageState {
    PageState::open(scenario, None, ViewOptions::default())
}

fn python_page() -> PageState {
    open(Scenario {
        code: PYTHON.into(),
        ..Scenario::default()
    })
}

fn keys_page(keys: &str) -> PageState {
    open(Scenario {
        code: keys.into(),
        language: Some(Language::Keys),
        ..Scenario::default()
    })
}

fn act(state: &PageState, action: Action) -> PageState {
    reduce(state, action).expect("the action changes the state")
}

/// The engine's answer for the state's current run.
fn answer(state: &PageState, update: EngineUpdate) -> PageState {
    let generation = state.generation;
    act(state, Action::Engine { generation, update })
}

fn harness_answer(keys: &[&str], error: Option<&str>) -> EngineUpdate {
    let records: Vec<_> = keys
        .iter()
        .map(|key| {
            serde_json::json!({"api": "PutRecord", "arrival_ms": 0, "data_base64": "eA==",
                "explicit_hash_key": null, "line": 3, "partition_key": key, "put_call": 0, "stream": "s"})
        })
        .collect();
    let error =
        error.map(|message| serde_json::json!({"message": message, "line": 2, "column": 5}));
    let output =
        serde_json::json!({"records": records, "console": "", "stopped": null, "error": error});
    EngineUpdate::Finished(output.to_string())
}

fn shown_keys(state: &PageState) -> Vec<&str> {
    state
        .shown
        .records
        .iter()
        .map(|r| r.partition_key.as_str())
        .collect()
}

#[test]
fn the_default_scenario_draws_the_seed_records_without_an_engine() {
    let state = open(Scenario::default());
    assert!(!state.shown.records.is_empty());
    assert_eq!(state.engine_request, None);
    assert_eq!(state.status_line(), None);
}

#[test]
fn python_code_asks_an_engine_at_once_when_opened_and_after_the_pause_when_edited() {
    let state = python_page();
    let request = state.engine_request.expect("an engine run");
    assert!(request.immediate);
    let edited = act(&state, Action::EditCode(format!("{PYTHON}# more\n")));
    let again = edited.engine_request.expect("an engine run");
    assert!(!again.immediate, "edits wait for the typing pause");
    assert!(again.generation > request.generation);
    let run_now = act(&edited, Action::RunNow);
    assert!(run_now.engine_request.unwrap().immediate);
}

#[test]
fn a_failed_run_keeps_the_last_good_records_and_shows_its_error() {
    let good = answer(&python_page(), harness_answer(&["a", "b"], None));
    assert_eq!(shown_keys(&good), ["a", "b"]);
    let edited = act(&good, Action::EditCode("import boto3\nx = (\n".into()));
    let failed = answer(
        &edited,
        harness_answer(&[], Some("SyntaxError: '(' was never closed")),
    );
    assert_eq!(
        shown_keys(&failed),
        ["a", "b"],
        "the last good records stay"
    );
    let error = failed
        .latest
        .error
        .as_ref()
        .expect("the new run's error is shown");
    assert_eq!((error.line, error.column), (Some(2), Some(5)));
    assert_eq!(failed.status, RunStatus::Idle);
    // A run that failed after putting records shows what it put.
    let partial = answer(
        &failed,
        harness_answer(&["c"], Some("NameError: name 'x' is not defined")),
    );
    assert_eq!(shown_keys(&partial), ["c"]);
}

#[test]
fn a_timed_out_run_keeps_the_last_results_and_says_why() {
    let good = answer(&python_page(), harness_answer(&["a"], None));
    let edited = act(&good, Action::EditCode("while True:\n    pass\n".into()));
    let started = answer(&edited, EngineUpdate::Started);
    assert_eq!(started.status_line().unwrap().1, "Running your producer…");
    let timed_out = answer(&started, EngineUpdate::TimedOut(5));
    assert_eq!(shown_keys(&timed_out), ["a"]);
    let (kind, text) = timed_out.status_line().unwrap();
    assert_eq!(kind, "error");
    assert!(text.starts_with("Stopped after 5 s"), "{text}");
}

#[test]
fn an_unreadable_engine_answer_is_a_failure_not_a_crash() {
    let good = answer(&python_page(), harness_answer(&["a"], None));
    let edited = act(&good, Action::EditCode(format!("{PYTHON}\n")));
    let broken = answer(&edited, EngineUpdate::Finished("{not json".into()));
    assert!(matches!(broken.status, RunStatus::Failed(ref m) if m.contains("unreadable JSON")));
    assert_eq!(shown_keys(&broken), ["a"]);
}

#[test]
fn answers_of_superseded_runs_are_dropped() {
    let state = python_page();
    let old = state.generation;
    let edited = act(&state, Action::EditCode(format!("{PYTHON}# newer\n")));
    let late = Action::Engine {
        generation: old,
        update: harness_answer(&["stale"], None),
    };
    assert_eq!(reduce(&edited, late), None);
}

#[test]
fn loading_progress_re_renders_only_when_the_text_changes() {
    let state = answer(&python_page(), EngineUpdate::Loading);
    let progress = |loaded: f64| EngineUpdate::Progress {
        loaded,
        total: 10_485_760.0,
    };
    let first = answer(&state, progress(1_048_576.0));
    assert!(first
        .status_line()
        .unwrap()
        .1
        .contains("1.0 of 10.0 MB (10%)"));
    let done = answer(&first, progress(10_485_760.0));
    assert!(done
        .status_line()
        .unwrap()
        .1
        .ends_with("10.0 MB downloaded, starting…"));
    let generation = first.generation;
    let same_text = Action::Engine {
        generation,
        update: progress(1_048_600.0),
    };
    assert_eq!(reduce(&first, same_text), None);
    assert!(reduce(
        &first,
        Action::Engine {
            generation,
            update: progress(2_097_152.0)
        }
    )
    .is_some());
}

#[test]
fn a_links_records_stand_for_its_code_until_the_code_is_edited() {
    let run = answer(&python_page(), harness_answer(&["a", "b", "c"], None));
    let linked = run.linked_scenario();
    assert_eq!(
        linked.records.as_ref().map(Vec::len),
        Some(3),
        "a fresh engine run is carried"
    );

    let opened = open(linked);
    assert_eq!(shown_keys(&opened), ["a", "b", "c"]);
    assert!(opened.carried);
    assert_eq!(
        opened.engine_request, None,
        "no engine loads for a link's records"
    );
    assert!(opened
        .status_line()
        .unwrap()
        .1
        .contains("came with the link"));
    // Selecting and re-routing keep them; editing the code runs it instead.
    let selected = act(&opened, Action::SelectRecord(1));
    assert!(selected.carried && selected.engine_request.is_none());
    let edited = act(&selected, Action::EditCode(format!("{PYTHON}# edited\n")));
    assert!(!edited.carried);
    assert!(edited.engine_request.is_some());
    assert_eq!(edited.scenario.records, None);
}

#[test]
fn a_link_carries_records_only_when_they_are_current() {
    let running = act(
        &answer(&python_page(), harness_answer(&["a"], None)),
        Action::RunNow,
    );
    let running = answer(&running, EngineUpdate::Started);
    assert_eq!(running.linked_scenario().records, None, "a run in flight");
    let failed = answer(
        &running,
        harness_answer(&[], Some("SyntaxError: invalid syntax")),
    );
    assert_eq!(failed.linked_scenario().records, None, "the code fails");
    assert_eq!(
        open(Scenario::default()).linked_scenario().records,
        None,
        "records built in"
    );
    assert_eq!(
        keys_page("a\nb\n").linked_scenario().records,
        None,
        "read from the link's text"
    );
}

#[test]
fn selection_survives_a_re_route_while_the_record_exists() {
    let state = act(&keys_page("a\nb\nc\n"), Action::SelectRecord(2));
    let reshaped = act(&state, Action::Set(Setting::Shards, 8));
    assert_eq!(reshaped.selected_record(), Some(2));
    let fewer = act(&reshaped, Action::EditCode("a\n".into()));
    assert_eq!(fewer.selected_record(), None, "the record is gone");
    let more = act(&fewer, Action::EditCode("a\nb\nc\nd\n".into()));
    assert_eq!(more.selected_record(), Some(2), "and back");
}

#[test]
fn a_shard_change_re_runs_engines_but_not_readers_in_the_core() {
    let keys = keys_page("a\nb\n");
    let rerouted = act(&keys, Action::Set(Setting::Shards, 5));
    assert!(rerouted.shown == keys.shown, "keys are not re-read");
    assert_eq!(rerouted.scenario.shard_count, 5);

    let python = answer(&python_page(), harness_answer(&["a"], None));
    let rerouted = act(&python, Action::Set(Setting::Shards, 5));
    let request = rerouted
        .engine_request
        .expect("engines answer with the layout's ShardIds");
    assert!(request.generation > python.generation);
    assert!(
        reduce(&rerouted, Action::Set(Setting::ParallelizationFactor, 4))
            .unwrap()
            .engine_request
            == rerouted.engine_request,
        "the mapping does not change what the producer puts"
    );
}

#[test]
fn settings_outside_their_range_are_ignored() {
    let state = keys_page("a\n");
    for (setting, bad) in [
        (Setting::ParallelizationFactor, 11),
        (Setting::ParallelizationFactor, 0),
        (Setting::Shards, 0),
        (Setting::Shards, 20_000),
        (Setting::BatchSize, 0),
    ] {
        assert_eq!(
            reduce(&state, Action::Set(setting, bad)),
            None,
            "{setting:?} {bad}"
        );
    }
    let pf = act(&state, Action::Set(Setting::ParallelizationFactor, 10));
    assert_eq!(pf.scenario.mapping.parallelization_factor, 10);
    let reserved = act(&state, Action::Set(Setting::ReservedConcurrency, 0));
    assert_eq!(reserved.scenario.function.max_environments, None);
}

#[test]
fn typing_a_shard_count_replaces_a_custom_layout() {
    let layout = shardlane::StreamLayout::uniform(2)
        .unwrap()
        .to_list_shards_json()
        .to_string();
    let custom = act(&keys_page("a\n"), Action::SetLayout(Some(layout)));
    assert!(custom.scenario.layout.is_some());
    let uniform = act(&custom, Action::Set(Setting::Shards, 4));
    assert_eq!(uniform.scenario.layout, None);
    assert_eq!(Setting::Shards.value(&uniform.scenario), 4);
}

#[test]
fn loading_an_example_runs_it_and_clears_the_invocation_shown() {
    let state = act(&keys_page("a\n"), Action::SelectBatch(0));
    let example = shardlane::examples::examples().remove(0);
    let loaded = act(
        &state,
        Action::LoadExample(Box::new(example.scenario.clone())),
    );
    assert_eq!(loaded.selected_batch, None);
    assert_eq!(loaded.scenario, example.scenario);
}

#[test]
fn the_share_menu_notices_changes_after_a_copy() {
    let state = keys_page("a\n");
    assert!(!state.changed_since_copied());
    let copied = act(&state, Action::LinkCopied);
    assert!(!copied.changed_since_copied());
    assert!(
        !act(&copied, Action::SelectRecord(0)).changed_since_copied(),
        "selection is not a change"
    );
    assert!(act(&copied, Action::EditCode("b\n".into())).changed_since_copied());
}

#[test]
fn language_detection_follows_edits_unless_a_language_is_chosen() {
    let state = open(Scenario {
        code: "a\nb\n".into(),
        ..Scenario::default()
    });
    assert_eq!(state.language(), Language::Keys);
    let python = act(&state, Action::EditCode(PYTHON.into()));
    assert_eq!(python.language(), Language::Python);
    let chosen = act(&python, Action::ChooseLanguage(Some(Language::Keys)));
    assert_eq!(chosen.language(), Language::Keys);
    assert!(chosen.engine_request.is_none(), "keys are read in the core");
    assert_eq!(shown_keys(&chosen).len(), 3);
}

#[test]
fn the_link_banner_can_be_dismissed() {
    let state = PageState::open(
        Scenario::default(),
        Some("bad link".into()),
        ViewOptions::default(),
    );
    assert_eq!(act(&state, Action::DismissLinkBanner).link_banner, None);
}

#[test]
fn the_page_enforces_the_record_cap_on_what_comes_back() {
    let capped = |cap| {
        open(Scenario {
            code: PYTHON.into(),
            record_cap: cap,
            ..Scenario::default()
        })
    };
    // A worker that ignores the cap (hostile code can) is cut by the page.
    let state = answer(&capped(2), harness_answer(&["a", "b", "c", "d"], None));
    assert_eq!(shown_keys(&state), ["a", "b"]);
    assert!(state
        .status_line()
        .unwrap()
        .1
        .starts_with("Stopped at the record cap: 2 records"));
    // Pasted keys are not a producer: the record cap does not cut them, the page's limit does.
    let keys = |count: usize| {
        open(Scenario {
            code: "k\n".repeat(count).into(),
            language: Some(Language::Keys),
            record_cap: 10,
            ..Scenario::default()
        })
    };
    assert_eq!(keys(50).shown.records.len(), 50);
    assert_eq!(keys(50).status_line(), None);
    let limit = shardlane::page::PAGE_RECORD_LIMIT;
    let cut = keys(limit + 5);
    assert_eq!(cut.shown.records.len(), limit);
    assert!(cut
        .status_line()
        .unwrap()
        .1
        .starts_with("Cut at 100,000 records, the most the page simulates"));
    // A producer that puts past the page's limit is cut the same way, whatever its own cap.
    let state = answer(
        &capped(1_000_000),
        harness_answer(&vec!["k"; limit + 1], None),
    );
    assert_eq!(state.shown.records.len(), limit);
    assert!(state.status_line().unwrap().1.starts_with("Cut at 100,000"));
}

#[test]
fn engines_stop_at_the_page_limit_whatever_the_record_cap() {
    use shardlane::page::{engine_options, PAGE_RECORD_LIMIT};
    let scenario = |record_cap| Scenario {
        record_cap,
        ..Scenario::default()
    };
    assert_eq!(engine_options(&scenario(50)).record_cap, 50);
    assert_eq!(
        engine_options(&scenario(1_000_000)).record_cap,
        PAGE_RECORD_LIMIT
    );
}

#[test]
fn an_oversized_engine_answer_is_named_with_its_size() {
    use shardlane::page::oversized_output_message;
    assert_eq!(
        oversized_output_message(80.0 * 1_048_576.0),
        "the producer's records come to 80 MB of JSON, more than the page takes from one run \
         (64 MB): put fewer or smaller records (the CLI has no such limit)"
    );
    assert!(oversized_output_message(-1.0).contains("not text"));
}

mod misplaced_pastes {
    use super::*;
    use shardlane::page::{misplaced_paste, PasteBox};

    const LIST_SHARDS: &str = r#"{"Shards": [{"ShardId": "shardId-000000000000",
        "HashKeyRange": {"StartingHashKey": "0", "EndingHashKey": "340282366920938463463374607431768211455"},
        "SequenceNumberRange": {"StartingSequenceNumber": "1"}}]}"#;

    /// Applies the advice's fix to a keys page.
    fn fix(text: &str, target: PasteBox) -> PageState {
        let advice = misplaced_paste(text, target).expect("advice");
        let (_, action) = advice.fix.expect("a fix");
        act(&keys_page("a\n"), action)
    }

    #[test]
    fn list_shards_in_the_mapping_box_or_the_editor_becomes_the_layout() {
        for target in [PasteBox::Mapping, PasteBox::Code] {
            let state = fix(LIST_SHARDS, target);
            assert_eq!(state.scenario.layout.as_deref(), Some(LIST_SHARDS));
            assert_eq!(
                state.scenario.mapping.batch_size, 500,
                "the mapping is untouched"
            );
        }
        assert_eq!(
            misplaced_paste(LIST_SHARDS, PasteBox::Layout),
            None,
            "the layout box reads it"
        );
    }

    #[test]
    fn describe_stream_summary_offers_its_shard_count() {
        let summary = r#"{"StreamDescriptionSummary": {"StreamName": "s", "OpenShardCount": 4}}"#;
        let advice = misplaced_paste(summary, PasteBox::Layout).unwrap();
        assert!(
            advice.message.contains("no shard list"),
            "{}",
            advice.message
        );
        assert_eq!(fix(summary, PasteBox::Layout).scenario.shard_count, 4);
    }

    #[test]
    fn mappings_go_to_the_mapping_and_records_to_the_editor() {
        let mapping = r#"{"UUID": "u", "BatchSize": 25, "ParallelizationFactor": 3, "StartingPosition": "TRIM_HORIZON"}"#;
        let state = fix(mapping, PasteBox::Layout);
        assert_eq!(state.scenario.mapping.batch_size, 25);
        assert_eq!(state.scenario.mapping.parallelization_factor, 3);
        let list = r#"{"EventSourceMappings": [{"BatchSize": 7, "StartingPosition": "LATEST"}, {"BatchSize": 9}]}"#;
        assert!(misplaced_paste(list, PasteBox::Mapping)
            .unwrap()
            .message
            .contains("2 mapping(s)"));
        assert_eq!(fix(list, PasteBox::Mapping).scenario.mapping.batch_size, 7);
        let records = r#"[{"PartitionKey": "k", "Data": "eA=="}]"#;
        assert_eq!(&*fix(records, PasteBox::Mapping).scenario.code, records);
        // Lambda refuses a Kinesis mapping without StartingPosition; the advice says so.
        let unplaced = r#"{"UUID": "u", "BatchSize": 25}"#;
        let advice = misplaced_paste(unplaced, PasteBox::Code).unwrap();
        assert!(
            advice.fix.is_none()
                && advice.message.contains(
                    "InvalidParameterValueException: 1 validation error detected: Value null at 'startingPosition'"
                ),
            "{}",
            advice.message
        );
        let broken = r#"{"UUID": "u", "ParallelizationFactor": 11}"#;
        let advice = misplaced_paste(broken, PasteBox::Code).unwrap();
        assert!(
            advice.fix.is_none() && advice.message.contains("cannot be used"),
            "{}",
            advice.message
        );
    }
}

fn edit(state: &PageState, edit: FailureEdit) -> Option<PageState> {
    reduce(state, Action::EditFailures(edit))
}

fn simulated(state: &PageState) -> shardlane::Simulation {
    let layout = state.scenario.stream_layout().unwrap();
    simulate_run(&state.shown, &layout, RunSettings::of(&state.scenario))
}

#[test]
fn failure_rules_are_added_edited_and_removed_and_the_simulation_follows_them() {
    let state = keys_page("a\nb\npoison\nc\n");
    assert_eq!(simulated(&state).insights.lag.failed_invocations, 0);
    let added = edit(&state, FailureEdit::AddRule).unwrap();
    assert_eq!(added.scenario.failures.rules, vec![new_rule()]);
    let poison = FailureRule {
        effect: FailureEffect::Error,
        matches: MatchKind::KeyEquals.parse("poison").unwrap(),
        attempts: Attempts::First(2),
    };
    let edited = edit(&added, FailureEdit::SetRule(0, poison.clone())).unwrap();
    assert_eq!(edited.scenario.failures.rules, vec![poison]);
    let simulation = simulated(&edited);
    assert_eq!(
        simulation.insights.lag.failed_invocations, 2,
        "the record's first two deliveries fail"
    );
    assert_eq!(simulation.outcomes[2].deliveries, 3);
    // Editing what fails never re-runs the producer: the records are the same.
    assert!(edited.shown == state.shown);
    let removed = edit(&edited, FailureEdit::RemoveRule(0)).unwrap();
    assert!(removed.scenario.failures.rules.is_empty());
    assert_eq!(simulated(&removed).insights.lag.failed_invocations, 0);
    assert_eq!(edit(&removed, FailureEdit::RemoveRule(0)), None);
}

#[test]
fn invalid_failure_rules_are_refused_with_the_reason() {
    let state = edit(&keys_page("a\n"), FailureEdit::AddRule).unwrap();
    assert_eq!(
        MatchKind::KeyEquals.parse(""),
        Err("a partition key is never empty".into())
    );
    assert!(MatchKind::Data
        .parse("{\"type\": ")
        .unwrap_err()
        .starts_with("not a JSON pattern"));
    // A FilterCriteria pattern's values are arrays: AWS refuses a bare string.
    assert!(MatchKind::Data.parse("{\"type\": \"bad\"}").is_err());
    assert!(MatchKind::Data.parse("{\"type\": [\"bad\"]}").is_ok());
    assert!(MatchKind::Record.parse("-1").is_err());
    assert_eq!(MatchKind::Record.parse(" 41 "), Ok(RecordMatch::Record(41)));
    let first_zero = FailureRule {
        attempts: Attempts::First(0),
        ..new_rule()
    };
    assert_eq!(edit(&state, FailureEdit::SetRule(0, first_zero)), None);
    let empty_key = FailureRule {
        matches: RecordMatch::KeyPrefix(String::new()),
        ..new_rule()
    };
    assert_eq!(edit(&state, FailureEdit::SetRule(0, empty_key)), None);
    assert_eq!(edit(&state, FailureEdit::SetRule(1, new_rule())), None);
    let too_random = RandomFailures {
        per_mille: 1_001,
        seed: 1,
    };
    assert_eq!(edit(&state, FailureEdit::SetRandom(Some(too_random))), None);
    let random = RandomFailures {
        per_mille: 1_000,
        seed: 1,
    };
    let all_fail = edit(&state, FailureEdit::SetRandom(Some(random))).unwrap();
    assert_eq!(all_fail.scenario.failures.random, Some(random));
    // At the limit of rules, one more is refused.
    let mut full = state.clone();
    for _ in 1..shardlane::mapping::failures::MAX_RULES {
        full = edit(&full, FailureEdit::AddRule).unwrap();
    }
    assert_eq!(edit(&full, FailureEdit::AddRule), None);
}

#[test]
fn changing_a_matchs_kind_keeps_what_still_makes_sense() {
    let key = RecordMatch::KeyEquals("order-7".into());
    assert_eq!(
        MatchKind::KeyPrefix.switch(&key),
        RecordMatch::KeyPrefix("order-7".into())
    );
    assert_eq!(MatchKind::KeyEquals.switch(&key), key);
    for kind in MatchKind::ALL {
        let switched = kind.switch(&key);
        assert_eq!(MatchKind::of(&switched), kind);
        assert_eq!(
            kind.parse(&MatchKind::text(&switched)),
            Ok(switched.clone())
        );
        assert_eq!(MatchKind::from_id(kind.id()), Some(kind));
    }
}

#[test]
fn failure_settings_take_awss_ranges_only() {
    let state = keys_page("a\n");
    let set = |setting, value| edit(&state, FailureEdit::Set(setting, value));
    for (setting, refused, accepted) in [
        (FailureSetting::MaximumRetryAttempts, -2, -1),
        (FailureSetting::MaximumRetryAttempts, 10_001, 10_000),
        (FailureSetting::MaximumRecordAgeSeconds, 59, 60),
        (FailureSetting::MaximumRecordAgeSeconds, 0, -1),
        (FailureSetting::MaximumRecordAgeSeconds, 604_801, 604_800),
        (FailureSetting::RetentionHours, 23, 24),
        (FailureSetting::RetentionHours, 8_761, 8_760),
        (FailureSetting::TimeoutMs, 999, 900_000),
        (FailureSetting::RetryDelayMs, -1, 0),
    ] {
        assert_eq!(set(setting, refused), None, "{setting:?} {refused}");
        let next = set(setting, accepted).unwrap_or_else(|| panic!("{setting:?} {accepted}"));
        assert_eq!(setting.value(&next.scenario), accepted);
        assert!(next.scenario.mapping.validate().is_ok());
        assert!(next.scenario.function.validate().is_ok());
    }
    assert_eq!(
        FailureSetting::MaximumRecordAgeSeconds.range_text(),
        "-1 or 60–604800"
    );
    assert_eq!(
        FailureSetting::MaximumRetryAttempts.range_text(),
        "-1–10000"
    );
}

#[test]
fn the_on_failure_destination_takes_sqs_sns_and_s3_arns_with_awss_message_otherwise() {
    let state = keys_page("a\n");
    let queue = "arn:aws:sqs:us-east-1:123456789012:orders-dlq";
    let with_queue = edit(&state, FailureEdit::OnFailure(Some(queue.into()))).unwrap();
    assert_eq!(
        with_queue
            .scenario
            .mapping
            .destination_config
            .on_failure_arn(),
        Some(queue)
    );
    for arn in [
        "arn:aws:sns:eu-west-1:123456789012:alerts",
        "arn:aws:s3:::failed-batches",
    ] {
        assert_eq!(on_failure_error(arn), None, "{arn}");
    }
    let lambda = "arn:aws:lambda:us-east-1:123456789012:function:f";
    assert_eq!(
        edit(&state, FailureEdit::OnFailure(Some(lambda.into()))),
        None
    );
    let message = on_failure_error(lambda).unwrap();
    assert!(
        message.contains(
            "Member must be an Amazon SQS queue, Amazon SNS topic or Amazon S3 bucket ARN"
        ),
        "{message}"
    );
    let removed = edit(&with_queue, FailureEdit::OnFailure(None)).unwrap();
    assert!(removed.scenario.mapping.destination_config.is_empty());
    let bisect = edit(&state, FailureEdit::BisectBatchOnFunctionError(true)).unwrap();
    assert!(bisect.scenario.mapping.bisect_batch_on_function_error);
    let partial = edit(&state, FailureEdit::ReportBatchItemFailures(true)).unwrap();
    assert!(partial.scenario.mapping.reports_batch_item_failures());
    let summary = failure_summary(&partial.scenario).join("\n");
    assert!(
        summary.contains("never fails") && summary.contains("[ReportBatchItemFailures]"),
        "{summary}"
    );
}

/// One shard, keys a, b, poison, c; the function throws on "poison" every time.
fn poison_page(bisect: bool, retries: i64) -> PageState {
    let mut state = act(
        &keys_page("a\nb\npoison\nc\n"),
        Action::Set(Setting::Shards, 1),
    );
    let poison = FailureRule {
        effect: FailureEffect::Error,
        matches: RecordMatch::KeyEquals("poison".into()),
        attempts: Attempts::Always,
    };
    for change in [
        FailureEdit::AddRule,
        FailureEdit::SetRule(0, poison),
        FailureEdit::BisectBatchOnFunctionError(bisect),
        FailureEdit::Set(FailureSetting::MaximumRetryAttempts, retries),
        FailureEdit::OnFailure(Some("arn:aws:sqs:us-east-1:123456789012:dlq".into())),
    ] {
        state = edit(&state, change).unwrap();
    }
    state
}

#[test]
fn a_records_story_lists_its_deliveries_and_its_fate_in_words() {
    let state = poison_page(true, 2);
    let simulation = simulated(&state);
    let (headline, steps) = record_story(&simulation, 2).unwrap();
    assert!(
        headline.starts_with("discarded at ")
            && headline.contains(": RetryAttemptsExhausted (delivered "),
        "{headline}"
    );
    assert_eq!(
        steps[0], "failed at 0:00.5 (batch of 4, function error)",
        "{steps:?}"
    );
    assert!(
        steps.iter().any(|s| s.contains("bisected half of 2")),
        "{steps:?}"
    );
    assert!(
        steps.last().unwrap().contains("retry 2, function error"),
        "{steps:?}"
    );
    let (headline, steps) = record_story(&simulation, 0).unwrap();
    assert_eq!(headline, "delivered 2 times");
    assert!(
        steps[1].starts_with("processed at ") && steps[1].contains("bisected half of 2"),
        "{steps:?}"
    );
    // The discard holding the poison record is the one whose document the destination gets.
    let layout = state.scenario.stream_layout().unwrap();
    let discard = discard_of_record(&simulation, 2).unwrap();
    let document = on_failure_document(
        &simulation,
        &state.shown,
        &layout,
        RunSettings::of(&state.scenario),
        discard,
    )
    .unwrap();
    let document: serde_json::Value = serde_json::from_str(&document).unwrap();
    assert_eq!(
        document["requestContext"]["condition"],
        "RetryAttemptsExhausted"
    );
    assert_eq!(document["KinesisBatchInfo"]["batchSize"], 1);
    assert_eq!(discard_of_record(&simulation, 0), None);
    // Without bisect, the whole batch of four is retried and discarded together.
    let whole = simulated(&poison_page(false, 2));
    let (headline, steps) = record_story(&whole, 0).unwrap();
    assert!(
        headline.contains("RetryAttemptsExhausted (delivered 3 times)"),
        "{headline}"
    );
    assert_eq!(steps.len(), 3);
    assert!(record_story(&whole, 99).is_none());
}

#[test]
fn a_poison_records_thousand_deliveries_are_summed_up_not_listed() {
    let state = poison_page(false, -1);
    let simulation = simulated(&state);
    let (headline, steps) = record_story(&simulation, 2).unwrap();
    assert!(headline.contains("RecordAgeExceeded"), "{headline}");
    assert_eq!(steps.len(), 9, "{steps:?}");
    assert!(
        steps[6].starts_with("… ") && steps[6].ends_with(" more deliveries …"),
        "{steps:?}"
    );
    assert!(steps[8].starts_with("failed at 23:59:"), "{steps:?}");
    // The batch aged out while waiting for its next retry: it is given up after its last
    // invocation, the one the timeline marks discarded and whose click shows the document.
    let discard = discard_of_record(&simulation, 2).unwrap();
    assert_eq!(simulation.mapping.discards[discard].last_batch, None);
    let last = simulation.mapping.batches.len() - 1;
    assert_eq!(discard_after(&simulation, last), Some(discard));
    let marked: Vec<usize> = discards_by_batch(&simulation)
        .iter()
        .enumerate()
        .filter_map(|(batch, d)| d.map(|_| batch))
        .collect();
    assert_eq!(marked, vec![last]);
    // Its document answers like its 1,440 invocations did: a function error, not "never invoked".
    let layout = state.scenario.stream_layout().unwrap();
    let settings = RunSettings::of(&state.scenario);
    let document =
        on_failure_document(&simulation, &state.shown, &layout, settings, discard).unwrap();
    let document: serde_json::Value = serde_json::from_str(&document).unwrap();
    assert_eq!(document["requestContext"]["condition"], "RecordAgeExceeded");
    assert_eq!(document["responseContext"]["statusCode"], 200);
    assert_eq!(document["responseContext"]["functionError"], "Unhandled");
    assert!(
        document["requestContext"]["approximateInvokeCount"]
            .as_u64()
            .unwrap()
            > 1_000
    );
    assert!(headline.starts_with("discarded at 1 d 0:"), "{headline}");
}

#[test]
fn the_iterator_age_chart_has_the_max_line_then_the_oldest_shards_bucketed() {
    let state = poison_page(false, -1);
    let simulation = simulated(&state);
    let layout = state.scenario.stream_layout().unwrap();
    let chart = age_chart(&simulation, &layout);
    assert_eq!(chart.lines[0].label, "max (all shards)");
    assert_eq!(chart.lines[1].label, "shardId-000000000000");
    assert_eq!(chart.lines.len(), 2);
    assert!(chart.top_ms > 23 * 3_600_000, "{}", chart.top_ms);
    assert_eq!(chart.lines[0].peak_ms, chart.top_ms);
    for line in &chart.lines {
        assert!(
            line.points.len() <= AGE_CHART_COLUMNS,
            "{}",
            line.points.len()
        );
        assert!(line.points.windows(2).all(|w| w[0].0 <= w[1].0));
        assert_eq!(line.points.iter().map(|p| p.1).max(), Some(line.peak_ms));
    }
    // Twenty busy shards: the six oldest are drawn, the rest only count in the max line.
    let keys: String = (0..2_000).map(|i| format!("k{i}\n")).collect();
    let many = act(&keys_page(&keys), Action::Set(Setting::Shards, 20));
    let chart = age_chart(&simulated(&many), &many.scenario.stream_layout().unwrap());
    assert_eq!(chart.lines.len(), 1 + AGE_CHART_SHARDS);
    assert_eq!(chart.hidden_shards, 20 - AGE_CHART_SHARDS);
    // No invocation, no chart.
    let empty = keys_page("");
    let chart = age_chart(&simulated(&empty), &empty.scenario.stream_layout().unwrap());
    assert!(chart.lines.is_empty());
}

#[test]
fn the_lag_cause_names_failures_or_a_function_slower_than_the_stream() {
    let poison = poison_page(false, -1);
    let layout = poison.scenario.stream_layout().unwrap();
    let cause = lag_cause(&simulated(&poison), &layout, 1).unwrap();
    assert!(
        cause.starts_with("Why: failing batches blocked shardId-000000000000 for 1 d 0 h"),
        "{cause}"
    );
    // 100 records a second for 6 s on one shard; 2.7 s per batch of 100 handles about 37 a second.
    let mut code = String::new();
    for i in 0..600 {
        code.push_str(&format!(
            "aws kinesis put-record --stream-name s --partition-key u{} --data aGk=\n",
            i % 50
        ));
        if i % 10 == 9 {
            code.push_str("sleep 0.1\n");
        }
    }
    let cli = act(
        &keys_page("a\n"),
        Action::ChooseLanguage(Some(Language::AwsCli)),
    );
    let mut slow = act(&cli, Action::EditCode(code));
    assert_eq!(slow.shown.records.len(), 600);
    for (setting, value) in [
        (Setting::Shards, 1),
        (Setting::BatchSize, 100),
        (Setting::FunctionMs, 200),
        (Setting::PerRecordMs, 25),
    ] {
        slow = act(&slow, Action::Set(setting, value));
    }
    let layout = slow.scenario.stream_layout().unwrap();
    let cause = lag_cause(&simulated(&slow), &layout, 1).unwrap();
    assert!(
        cause.starts_with(
            "Why: the function is slower than the stream on shardId-000000000000: about 10"
        ),
        "{cause}"
    );
    assert!(
        cause.contains("but 1 lane running one batch at a time handled about 3"),
        "{cause}"
    );
    assert!(
        cause.contains("A higher ParallelizationFactor (now 1; up to 10)"),
        "{cause}"
    );
    let parallel = act(&slow, Action::Set(Setting::ParallelizationFactor, 10));
    let cause = lag_cause(&simulated(&parallel), &layout, 10).unwrap();
    assert!(cause.contains("keeps up"), "{cause}");
    assert_eq!(lag_cause(&simulated(&keys_page("")), &layout, 1), None);
}

#[test]
fn reading_settings_set_the_window_the_consumers_and_enhanced_fan_out() {
    use shardlane::mapping::Consumer;
    let state = open(Scenario::default());
    let windowed = act(&state, Action::Set(Setting::TumblingWindowSeconds, 60));
    assert_eq!(windowed.scenario.mapping.tumbling_window_seconds, Some(60));
    let unwindowed = act(&windowed, Action::Set(Setting::TumblingWindowSeconds, 0));
    assert_eq!(unwindowed.scenario.mapping.tumbling_window_seconds, None);
    assert!(reduce(&state, Action::Set(Setting::TumblingWindowSeconds, 901)).is_none());
    let shared = act(&state, Action::Set(Setting::OtherConsumers, 4));
    assert_eq!(shared.scenario.mapping.other_consumers, 4);
    assert!(reduce(&state, Action::Set(Setting::OtherConsumers, 20)).is_none());
    let pushed = act(&state, Action::SetConsumer(Consumer::EnhancedFanOut));
    assert_eq!(pushed.scenario.mapping.consumer, Consumer::EnhancedFanOut);
    // A setting read back is the one set; the link carries it.
    assert_eq!(Setting::TumblingWindowSeconds.value(&windowed.scenario), 60);
}

/// 120 records of three device types (the key) and 40 devices, as NDJSON.
fn three_types_page(parallelization_factor: u32) -> PageState {
    let code: String = (0..120)
        .map(|i| {
            let kind = ["sensor", "camera", "lock"][i % 3];
            format!(
                "{{\"PartitionKey\": \"{kind}\", \"Data\": {{\"type\": \"{kind}\", \"device\": \"d{}\", \"n\": {i}}}}}\n",
                i % 40
            )
        })
        .collect();
    let mut scenario = Scenario {
        code: code.into(),
        language: Some(Language::Json),
        shard_count: 4,
        ..Scenario::default()
    };
    scenario.mapping.parallelization_factor = parallelization_factor;
    open(scenario)
}

#[test]
fn advice_says_raising_parallelization_factor_cannot_pass_the_number_of_keys() {
    let page = three_types_page(10);
    let simulation = simulated(&page);
    assert_eq!(simulation.insights.concurrency_ceiling, 3);
    let layout = page.scenario.stream_layout().unwrap();
    let fields = KeyFields::of(&page.shown);
    let offered = suggestions(&fields, &page.scenario, &layout, &simulation);
    let what_ifs: Vec<_> = offered.iter().map(|s| s.what_if.clone()).collect();
    assert_eq!(
        what_ifs,
        [
            WhatIf::Shards(8),
            WhatIf::KeyByField("device".into()),
            WhatIf::KeySuffix(10)
        ],
        "PF is already 10, and n differs on every record: {offered:#?}"
    );
    assert!(offered[0]
        .advice
        .contains("cannot give more than 3 busy lanes"));
    assert!(offered[1].advice.contains("40 distinct values"));
    assert!(offered[1]
        .advice
        .contains("order then holds per device, no longer per `type`"));
    assert_eq!(
        fields.fields,
        [
            ("device".to_owned(), 40),
            ("n".into(), 120),
            ("type".into(), 3)
        ]
    );
    assert_eq!(
        fields.current.as_deref(),
        Some("type"),
        "the key is the type field"
    );
    // The advice belongs to the findings it can change: every what-if to the concurrency
    // ceiling, only a different key to a hot shard.
    let advised: Vec<_> = simulation
        .insights
        .findings
        .iter()
        .filter_map(|f| AdvisedFinding::of(f))
        .collect();
    assert!(
        advised.contains(&AdvisedFinding::ConcurrencyCeiling),
        "{advised:?}"
    );
    assert!(AdvisedFinding::ConcurrencyCeiling.answered_by(&WhatIf::Shards(8)));
    assert!(!AdvisedFinding::HotShard.answered_by(&WhatIf::Shards(8)));
    assert!(!AdvisedFinding::HotShard.answered_by(&WhatIf::ParallelizationFactor(10)));
    assert!(AdvisedFinding::HotShard.answered_by(&WhatIf::KeySuffix(10)));
    assert_eq!(
        AdvisedFinding::of("shardId-000000000003 is hot: 40 records from 1 distinct key"),
        Some(AdvisedFinding::HotShard)
    );
    assert_eq!(AdvisedFinding::of("3 records failed"), None);
}

#[test]
fn a_what_if_shows_before_and_after_from_two_simulations_and_undoes() {
    let page = three_types_page(1);
    let before_keys = shown_keys(&page)
        .into_iter()
        .map(str::to_owned)
        .collect::<Vec<_>>();
    // More lanes do not help three keys: the ceiling stays 3, order per shard becomes per key.
    let tried = act(&page, Action::TryWhatIf(WhatIf::ParallelizationFactor(10)));
    let comparison = &tried.tried.as_ref().unwrap().comparison;
    assert_eq!(tried.scenario.mapping.parallelization_factor, 10);
    assert!(
        comparison.after.concurrency_ceiling <= 3,
        "three keys fill three lanes at most"
    );
    assert!(comparison.after.concurrency_ceiling >= comparison.before.concurrency_ceiling);
    assert_eq!(comparison.records_moved, 0);
    assert!(!comparison.order_kept);
    let undone = act(&tried, Action::UndoWhatIf);
    assert_eq!(undone.scenario.mapping.parallelization_factor, 1);
    assert_eq!(undone.tried, None);

    // Keying by device: 40 keys fill more lanes; the records change, the code does not.
    let tried = act(
        &page,
        Action::TryWhatIf(WhatIf::KeyByField("device".into())),
    );
    let comparison = &tried.tried.as_ref().unwrap().comparison;
    assert_eq!(comparison.before.distinct_keys, 3);
    assert_eq!(comparison.after.distinct_keys, 40);
    assert!(comparison.after.concurrency_ceiling > comparison.before.concurrency_ceiling);
    assert!(comparison.after.busiest_shard_percent < comparison.before.busiest_shard_percent);
    assert!(comparison.records_moved > 0 && comparison.records == 120);
    assert_eq!(shown_keys(&tried)[..2], ["d0", "d1"]);
    assert_eq!(tried.scenario.code, page.scenario.code);
    assert_eq!(
        tried.linked_scenario(),
        page.linked_scenario(),
        "a link never carries what-if keys"
    );
    let undone = act(&tried, Action::UndoWhatIf);
    assert_eq!(shown_keys(&undone), before_keys);

    // Suffixes take turns per key; shards double.
    let suffixed = act(&page, Action::TryWhatIf(WhatIf::KeySuffix(3)));
    assert_eq!(
        shown_keys(&suffixed)[..4],
        ["sensor-0", "camera-0", "lock-0", "sensor-1"]
    );
    let doubled = act(&page, Action::TryWhatIf(WhatIf::Shards(8)));
    assert_eq!(doubled.tried.as_ref().unwrap().comparison.after.shards, 8);
    // Changing the setting by hand ends the what-if: there is nothing left to undo.
    let edited = act(&doubled, Action::Set(Setting::Shards, 5));
    assert_eq!(edited.tried, None);
    // A new run of the code ends a key what-if.
    let rerun = act(
        &suffixed,
        Action::EditCode(format!("{} ", page.scenario.code)),
    );
    assert_eq!(rerun.tried, None);
}

#[test]
fn a_handful_of_records_never_makes_a_shard_hot() {
    let few = keys_page("a\na\nb\n");
    assert_eq!(simulated(&few).insights.hot_shards, Vec::<usize>::new());
    let many = keys_page(&format!("{}x\ny\nz\n", "same\n".repeat(30)));
    let simulation = simulated(&many);
    assert_eq!(
        simulation.insights.hot_shards.len(),
        1,
        "{:?}",
        simulation.insights.findings
    );
    assert!(simulation
        .insights
        .findings
        .iter()
        .any(|f| f.contains("hot means at least twice the mean and at least 20 records")));
}

#[test]
fn closing_the_explanation_deselects_the_record() {
    let page = act(&keys_page("a\nb\n"), Action::SelectRecord(1));
    assert_eq!(page.selected_record(), Some(1));
    assert_eq!(act(&page, Action::CloseExplanation).selected_record(), None);
}

// DynamoDB Streams: the source switch, the table panel, writes read in the page and by engines.

use shardlane::dynamodb::table::KeyType;
use shardlane::dynamodb::{EventName, StreamViewType, TableDefinition};
use shardlane::page::{
    dynamodb_record_story, dynamodb_summary, simulate_writes, SourceKind, TableEdit,
};
use shardlane::scenario::{DynamoDbSource, KeySpec, Source};

const WRITES: &str = r#"{"PutItem": {"Item": {"customer_id": {"S": "c-1"}, "n": {"N": "1"}}}}
{"PutItem": {"Item": {"customer_id": {"S": "c-1"}, "n": {"N": "2"}}}}
{"PutItem": {"Item": {"customer_id": {"S": "c-1"}, "n": {"N": "2"}}}}
{"DeleteItem": {"Key": {"customer_id": {"S": "c-1"}}}}
{"DeleteItem": {"Key": {"customer_id": {"S": "c-2"}}}}
"#;

fn dynamodb_page(code: &str) -> PageState {
    let page = open(Scenario {
        code: code.into(),
        ..Scenario::default()
    });
    act(&page, Action::ChooseSource(SourceKind::DynamoDb))
}

fn view(state: &PageState) -> shardlane::page::DynamoDbView {
    simulate_writes(
        &state.shown_writes,
        state.dynamodb().expect("a DynamoDB source"),
        RunSettings::of(&state.scenario),
    )
}

#[test]
fn the_source_switch_reads_the_same_input_as_table_writes_and_back() {
    let page = open(Scenario {
        code: WRITES.into(),
        ..Scenario::default()
    });
    // Under Kinesis, JSON Lines of DynamoDB calls are not PutRecords entries.
    assert!(page.shown_writes.is_empty());
    let dynamodb = act(&page, Action::ChooseSource(SourceKind::DynamoDb));
    assert_eq!(
        dynamodb.scenario.source,
        Source::Dynamodb(DynamoDbSource::default())
    );
    assert_eq!(dynamodb.shown_writes.len(), 5);
    assert!(dynamodb.engine_request.is_none(), "read in the page");
    let events: Vec<EventName> = view(&dynamodb)
        .simulation
        .table_run
        .changes
        .iter()
        .map(|c| c.event_name)
        .collect();
    // The same put again changes nothing and writes no record; deleting a missing item neither.
    assert_eq!(
        events,
        [EventName::Insert, EventName::Modify, EventName::Remove]
    );
    // Choosing the source it already has changes nothing.
    assert!(reduce(&dynamodb, Action::ChooseSource(SourceKind::DynamoDb)).is_none());
    let back = act(&dynamodb, Action::ChooseSource(SourceKind::Kinesis));
    assert!(back.scenario.source.is_kinesis());
    assert!(back.shown_writes.is_empty() || back.shown.records.is_empty());
}

#[test]
fn table_edits_take_valid_tables_only_and_are_ignored_under_kinesis() {
    let page = dynamodb_page(WRITES);
    let renamed = act(
        &page,
        Action::EditTable(TableEdit::PartitionKey(KeySpec {
            name: "account".into(),
            key_type: KeyType::N,
        })),
    );
    let source = renamed.dynamodb().unwrap();
    assert_eq!(source.partition_key.name, "account");
    assert_eq!(source.partition_key.key_type, KeyType::N);
    // A sort key named like the partition key, an empty key name, a bad table name, partitions
    // outside the model's range: refused, nothing changes.
    for edit in [
        TableEdit::SortKey(Some(KeySpec {
            name: "account".into(),
            key_type: KeyType::S,
        })),
        TableEdit::PartitionKey(KeySpec {
            name: String::new(),
            key_type: KeyType::S,
        }),
        TableEdit::TableName("a b".into()),
        TableEdit::Partitions(0),
        TableEdit::Partitions(100_000),
    ] {
        assert!(
            reduce(&renamed, Action::EditTable(edit.clone())).is_none(),
            "{edit:?}"
        );
    }
    let view_type = act(
        &renamed,
        Action::EditTable(TableEdit::StreamViewType(StreamViewType::KeysOnly)),
    );
    assert_eq!(
        view_type.dynamodb().unwrap().stream_view_type,
        StreamViewType::KeysOnly
    );
    let kinesis = python_page();
    assert!(reduce(&kinesis, Action::EditTable(TableEdit::Partitions(8))).is_none());
}

#[test]
fn a_pasted_describe_table_sets_the_keys_and_keeps_the_shard_settings() {
    let page = dynamodb_page(WRITES);
    let page = act(&page, Action::EditTable(TableEdit::Partitions(2)));
    let table = TableDefinition::from_describe_table_json(
        r#"{"Table": {"TableName": "events", "AttributeDefinitions": [
            {"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"}],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "NEW_IMAGE"},
            "LatestStreamLabel": "2024-05-01T10:00:00.000"}}"#,
    )
    .unwrap();
    let pasted = act(&page, Action::EditTable(TableEdit::Table(table.clone())));
    let source = pasted.dynamodb().unwrap();
    assert_eq!(source.table(), table);
    assert_eq!(source.partitions, 2);
}

#[test]
fn a_code_engines_table_writes_become_the_shown_writes() {
    let page = dynamodb_page("import boto3\nt = boto3.resource('dynamodb').Table('orders')\nt.put_item(Item={'customer_id': 'c-1'})\n");
    assert!(page.engine_request.is_some());
    let output = serde_json::json!({"records": [], "console": "", "stopped": null, "error": null, "clock_ms": 0,
        "dynamodb_calls": [{"call": {"PutItem": {"TableName": "orders", "Item": {"customer_id": {"S": "c-1"}}}}, "clock_ms": 0, "line": 3}]});
    let done = answer(&page, EngineUpdate::Finished(output.to_string()));
    assert_eq!(done.shown_writes.len(), 1);
    let view = view(&done);
    assert_eq!(view.run.records.len(), 1);
    assert_eq!(view.run.records[0].partition_key, "c-1");
    assert_eq!(view.run.records[0].source_line, Some(3));
    let story = dynamodb_record_story(&view, 0);
    assert!(story[0].starts_with("INSERT"), "{story:?}");
    assert!(story[1].contains("a model"), "{story:?}");
    // The same answer under Kinesis: nothing to draw, and the page says why.
    let kinesis = act(&page, Action::ChooseSource(SourceKind::Kinesis));
    let done = answer(&kinesis, EngineUpdate::Finished(output.to_string()));
    assert!(
        done.latest
            .warnings
            .iter()
            .any(|w| w.message.contains("DynamoDB stream")),
        "{:?}",
        done.latest.warnings
    );
}

#[test]
fn a_failed_dynamodb_run_keeps_the_last_good_writes() {
    let page = dynamodb_page(WRITES);
    let broken = act(&page, Action::EditCode("{\"PutItem\": ".into()));
    assert!(broken.latest.error.is_some());
    assert_eq!(broken.shown_writes.len(), 5);
}

#[test]
fn the_summary_names_writes_without_a_record_and_the_ceiling_in_shards() {
    let page = dynamodb_page(WRITES);
    let summary = dynamodb_summary(&view(&page));
    let lines: Vec<usize> = summary.silent_writes.iter().map(|w| w.0).collect();
    assert_eq!(lines, [3, 5]);
    assert!(summary.silent_writes[0].2.contains("changed nothing"));
    assert!(summary.silent_writes[1].2.contains("not in the table"));
    assert!(
        summary.sentences[0].starts_with("3 stream records from 5 write calls"),
        "{:?}",
        summary.sentences
    );
    assert!(
        summary
            .sentences
            .iter()
            .any(|s| s.contains("Concurrency ceiling: 1 invocation")),
        "{:?}",
        summary.sentences
    );
    assert_eq!(summary.shards.iter().map(|s| s.records).sum::<usize>(), 3);
}

#[test]
fn what_ifs_are_not_offered_on_a_dynamodb_stream() {
    let page = dynamodb_page(WRITES);
    assert!(reduce(&page, Action::TryWhatIf(WhatIf::Shards(8))).is_none());
}

#[test]
fn the_switch_on_the_untouched_seed_brings_a_table_writing_example_and_back() {
    let page = open(Scenario::default());
    let dynamodb = act(&page, Action::ChooseSource(SourceKind::DynamoDb));
    assert!(dynamodb.scenario.code.contains("resource(\"dynamodb\")"));
    assert_eq!(
        dynamodb.dynamodb().unwrap().partition_key.name,
        "customer_id"
    );
    assert!(
        dynamodb.engine_request.is_some(),
        "Python runs in an engine"
    );
    let back = act(&dynamodb, Action::ChooseSource(SourceKind::Kinesis));
    assert_eq!(back.scenario.code, Scenario::default().code);
    assert_eq!(back.shown.records.len(), 8, "the seed's built-in records");
}

#[test]
fn every_dynamodb_example_is_valid_and_says_what_it_shows() {
    let examples: Vec<_> = shardlane::examples::examples()
        .into_iter()
        .filter(|e| !e.scenario.source.is_kinesis())
        .collect();
    assert_eq!(examples.len(), 4);
    for example in examples {
        example
            .scenario
            .source
            .dynamodb()
            .unwrap()
            .validate()
            .unwrap();
        assert!(example.title.starts_with("DynamoDB: "), "{}", example.title);
        // The code's opening comment says what the example shows.
        assert!(
            example.scenario.code.starts_with("# DynamoDB Streams"),
            "{}",
            example.id
        );
        assert!(
            shardlane::share::decode(&shardlane::share::encode(&example.scenario).unwrap()).is_ok()
        );
    }
}

#[test]
fn every_invocation_of_a_ttl_run_has_its_dynamodb_event() {
    let writes = r#"{"PutItem": {"Item": {"session_id": {"S": "s-1"}, "expires_at": {"N": "1767225630"}}}}
{"PutItem": {"Item": {"session_id": {"S": "s-2"}, "expires_at": {"N": "1767232800"}}}}
{"Sleep": {"Seconds": 120}}
"#;
    let page = dynamodb_page(writes);
    let page = act(
        &page,
        Action::EditTable(TableEdit::PartitionKey(KeySpec {
            name: "session_id".into(),
            key_type: KeyType::S,
        })),
    );
    let page = act(
        &page,
        Action::EditTable(TableEdit::TtlAttribute(Some("expires_at".into()))),
    );
    let view = view(&page);
    let names: Vec<&str> = view
        .simulation
        .table_run
        .changes
        .iter()
        .map(|c| c.event_name.as_str())
        .collect();
    assert_eq!(names, ["INSERT", "INSERT", "REMOVE"]);
    assert!(view.by_ttl(2));
    let story = dynamodb_record_story(&view, 2);
    assert!(
        story[0].starts_with("REMOVE by Time to Live: the item's expires_at passed")
            && story[0].contains("deleted it at 0:30.0")
            && story[0].contains("dynamodb.amazonaws.com"),
        "{story:?}"
    );
    let mut removes = 0;
    for batch in 0..view.simulation.mapping.batches.len() {
        let event: serde_json::Value = serde_json::from_str(&view.event_json(batch)).unwrap();
        for record in event["Records"].as_array().unwrap() {
            if record["eventName"] == "REMOVE" {
                removes += 1;
                assert_eq!(
                    record["userIdentity"]["principalId"],
                    "dynamodb.amazonaws.com"
                );
            }
        }
    }
    assert_eq!(removes, 1);
    assert_eq!(view.event_json(99), "{\"Records\":[]}");
}

#[test]
fn aws_dynamodb_lines_are_read_in_the_page_and_other_commands_warned_about() {
    let page = dynamodb_page(
        "aws dynamodb put-item --table-name orders --item '{\"customer_id\": {\"S\": \"c-9\"}}'\nsleep 3\naws dynamodb delete-item --table-name orders --key '{\"customer_id\": {\"S\": \"c-9\"}}'\n",
    );
    assert!(page.engine_request.is_none());
    assert_eq!(page.language(), Language::AwsCli);
    assert!(page.latest.error.is_none(), "{:?}", page.latest.error);
    let view = view(&page);
    assert!(
        view.simulation.table_run.refusals.is_empty(),
        "{:?}",
        view.simulation.table_run.refusals
    );
    let events: Vec<(&str, u64)> = view
        .simulation
        .table_run
        .changes
        .iter()
        .map(|c| (c.event_name.as_str(), c.at_ms))
        .collect();
    assert_eq!(events, [("INSERT", 0), ("REMOVE", 3000)]);
    // Under Kinesis the same lines put nothing (they are not `aws kinesis` commands).
    let kinesis = act(&page, Action::ChooseSource(SourceKind::Kinesis));
    assert!(kinesis.shown.records.is_empty());
    assert_eq!(kinesis.latest.warnings.len(), 2);
    // A partition key per line is Kinesis input: said so, nothing simulated.
    let keys = act(&page, Action::ChooseLanguage(Some(Language::Keys)));
    assert!(keys
        .latest
        .error
        .as_ref()
        .unwrap()
        .message
        .contains("a DynamoDB stream needs writes"));
}

#[test]
fn a_dynamodb_discard_shows_its_ddb_stream_batch_info_document() {
    let mut state = dynamodb_page(
        r#"{"PutItem": {"Item": {"customer_id": {"S": "ok"}}}}
{"PutItem": {"Item": {"customer_id": {"S": "poison"}}}}
"#,
    );
    let poison = FailureRule {
        effect: FailureEffect::Error,
        matches: RecordMatch::KeyEquals("poison".into()),
        attempts: Attempts::Always,
    };
    for change in [
        FailureEdit::AddRule,
        FailureEdit::SetRule(0, poison),
        FailureEdit::BisectBatchOnFunctionError(true),
        FailureEdit::Set(FailureSetting::MaximumRetryAttempts, 0),
        FailureEdit::OnFailure(Some("arn:aws:sqs:us-east-1:123456789012:dlq".into())),
    ] {
        state = edit(&state, change).unwrap();
    }
    let view = view(&state);
    let discard = discard_of_record(&view.stream, 1).expect("the poison record is discarded");
    let document: serde_json::Value =
        serde_json::from_str(&view.on_failure_document(discard).unwrap()).unwrap();
    let info = &document["DDBStreamBatchInfo"];
    assert_eq!(info["batchSize"], 1, "{document}");
    assert!(
        info["streamArn"]
            .as_str()
            .unwrap()
            .contains(":table/orders/stream/"),
        "{document}"
    );
    assert!(document.get("KinesisBatchInfo").is_none());
    assert_eq!(discard_of_record(&view.stream, 0), None);
}

#[test]
fn a_dynamodb_mapping_filters_on_the_whole_record_and_filtered_records_are_never_delivered() {
    let page = dynamodb_page(WRITES);
    let mut mapping = page.scenario.mapping.clone();
    mapping.filter_criteria = serde_json::from_value(serde_json::json!(
        {"Filters": [{"Pattern": "{\"eventName\": [\"INSERT\"]}"}]}
    ))
    .unwrap();
    assert!(
        mapping.validate().is_err(),
        "Kinesis matches `data` only, so the pattern is refused there"
    );
    let filtered = act(&page, Action::SetMapping(mapping));
    let view = view(&filtered);
    let (mut delivered, mut left_out) = (vec![], vec![]);
    for (record, outcome) in view.stream.outcomes.iter().enumerate() {
        let name = view.event_name(record);
        if outcome.filtered_out {
            assert_eq!((outcome.lane, outcome.batch), (None, None));
            left_out.push(name);
        } else {
            delivered.push(name);
        }
    }
    assert_eq!(delivered, [EventName::Insert]);
    assert_eq!(left_out, [EventName::Modify, EventName::Remove]);
    let delivered_in_batches: Vec<usize> = view.stream.mapping.batches[0]
        .records
        .iter()
        .map(|&entry| view.stream.entry_record[entry])
        .collect();
    assert_eq!(
        delivered_in_batches,
        [0],
        "entries map back to stream records"
    );
    // The link keeps the DynamoDB pattern; switching to Kinesis drops what Kinesis refuses.
    let link = shardlane::share::encode(&filtered.scenario).unwrap();
    let decoded = shardlane::share::decode(&link).unwrap();
    assert_eq!(decoded.mapping, filtered.scenario.mapping);
    let kinesis = act(&filtered, Action::ChooseSource(SourceKind::Kinesis));
    assert_eq!(kinesis.scenario.mapping.filter_criteria, None);
}

#[test]
fn switching_back_from_the_dynamodb_starter_restores_the_seeds_parallelization_factor() {
    let page = open(Scenario::default());
    let dynamodb = act(&page, Action::ChooseSource(SourceKind::DynamoDb));
    let back = act(&dynamodb, Action::ChooseSource(SourceKind::Kinesis));
    assert_eq!(
        back.scenario.mapping.parallelization_factor,
        Scenario::default().mapping.parallelization_factor
    );
}

#[test]
fn a_dynamodb_stream_is_polled_and_keeps_records_24_hours() {
    let mut kinesis = Scenario {
        code: WRITES.into(),
        ..Scenario::default()
    };
    kinesis.mapping.consumer = shardlane::mapping::Consumer::EnhancedFanOut;
    kinesis.mapping.retention_period_hours = 168;
    let dynamodb = act(&open(kinesis), Action::ChooseSource(SourceKind::DynamoDb));
    assert_eq!(
        dynamodb.scenario.mapping.consumer,
        shardlane::mapping::Consumer::StandardIterator
    );
    assert_eq!(dynamodb.scenario.mapping.retention_period_hours, 24);
    let mut efo = dynamodb.scenario.clone();
    efo.mapping.consumer = shardlane::mapping::Consumer::EnhancedFanOut;
    let refused = shardlane::share::validate(&efo).unwrap_err().to_string();
    assert!(refused.contains("read by polling"), "{refused}");
}

#[test]
fn the_dynamodb_summary_says_shards_are_per_table_partition_not_per_key_and_counts_filtered_records(
) {
    let writes: String = (0..12)
        .map(|n| {
            format!("{{\"PutItem\": {{\"Item\": {{\"customer_id\": {{\"S\": \"c-{n}\"}}}}}}}}\n")
        })
        .collect();
    let page = dynamodb_page(&writes);
    let summary = dynamodb_summary(&view(&page));
    let shards = summary.shards.len();
    assert!(shards < 12, "{shards} shards for 12 keys");
    let expected = format!("12 distinct partition-key values across {shards} stream shards");
    assert!(
        summary
            .sentences
            .iter()
            .any(|s| s.starts_with(&expected) && s.contains("no shard per key")),
        "{:?}",
        summary.sentences
    );
    let mut mapping = page.scenario.mapping.clone();
    mapping.filter_criteria = serde_json::from_value(serde_json::json!(
        {"Filters": [{"Pattern": "{\"dynamodb\": {\"Keys\": {\"customer_id\": {\"S\": [\"c-1\"]}}}}"}]}
    ))
    .unwrap();
    let filtered = dynamodb_summary(&view(&act(&page, Action::SetMapping(mapping))));
    assert!(
        filtered.sentences.iter().any(
            |s| s.starts_with("11 stream records matched none of the mapping's FilterCriteria")
        ),
        "{:?}",
        filtered.sentences
    );
    assert_eq!(
        filtered.shards.iter().map(|s| s.lanes_used).sum::<usize>(),
        1
    );
}
