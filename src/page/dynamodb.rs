//! DynamoDB Streams on the page: the table panel's edits ([`TableEdit`]), the producer input read
//! as DynamoDB writes, the simulation of the shown writes ([`DynamoDbView`], which also gives the
//! Kinesis views (records table, timeline, hash space, IteratorAge) the records in their shape),
//! the summary in DynamoDB's terms and a stream record's story in words. Pure: tested natively.

use super::derived::{RunSettings, Shared};
use super::story::clock;
use crate::diagnostic::Diagnostic;
use crate::dynamodb::aws_cli::calls_from_aws_cli;
use crate::dynamodb::shards::SHARD_MODEL_LABEL;
use crate::dynamodb::writes::{Call, Operation};
use crate::dynamodb::{
    calls_from_harness_answer, parse_writes, simulate_dynamodb, DynamoDbInput, DynamoDbSimulation,
    EventName, Item, ShardModel, StreamViewType, TableDefinition, TimeToLive, WriteCall,
};
use crate::mapping::{EventSource, FailureRules, FunctionModel, MappingConfig};
use crate::producers::{Language, ProducerRun};
use crate::record::{ProducedRecord, PutApi};
use crate::scenario::{DynamoDbSource, KeySpec, Source};
use crate::simulation::{insights_of_placed, RecordOutcome, Simulation, SimulationInput};

/// The two sources the page's switch chooses between.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    Kinesis,
    DynamoDb,
}

impl SourceKind {
    pub fn of(source: &Source) -> SourceKind {
        match source {
            Source::Kinesis => SourceKind::Kinesis,
            Source::Dynamodb(_) => SourceKind::DynamoDb,
        }
    }
}

/// A change to the table panel; refused (no change) when it would leave the table invalid.
#[derive(Clone, Debug, PartialEq)]
pub enum TableEdit {
    TableName(String),
    PartitionKey(KeySpec),
    /// `None`: no sort key.
    SortKey(Option<KeySpec>),
    StreamViewType(StreamViewType),
    /// A pasted `describe-table`: its name, keys, view type and stream label.
    Table(TableDefinition),
    /// `None`: TTL disabled.
    TtlAttribute(Option<String>),
    Partitions(usize),
    RolloverSeconds(u64),
    SplitWriteUnits(u32),
    TtlDelaySeconds(u64),
}

impl TableEdit {
    /// The source after this edit, or `None` when the result would be invalid.
    pub(super) fn apply(self, source: &DynamoDbSource) -> Option<DynamoDbSource> {
        let mut next = source.clone();
        match self {
            TableEdit::TableName(name) => next.table_name = name,
            TableEdit::PartitionKey(key) => next.partition_key = key,
            TableEdit::SortKey(key) => next.sort_key = key,
            TableEdit::StreamViewType(view) => next.stream_view_type = view,
            TableEdit::Table(table) => next = source.with_table(&table),
            TableEdit::TtlAttribute(attribute) => next.ttl_attribute = attribute,
            TableEdit::Partitions(n) => next.partitions = n,
            TableEdit::RolloverSeconds(s) => next.rollover_seconds = s,
            TableEdit::SplitWriteUnits(u) => next.split_write_units = u,
            TableEdit::TtlDelaySeconds(s) => next.ttl_delay_seconds = s,
        }
        next.validate().is_ok().then_some(next)
    }
}

/// The writes of producer input read in the page (JSON Lines of calls, `aws dynamodb` lines), or
/// `None` for code, which a code engine runs. The run carries the error and warnings.
pub fn read_writes(code: &str, language: Language) -> Option<(ProducerRun, Vec<WriteCall>)> {
    let (calls, warnings, error) = match language {
        Language::Json => match parse_writes(code) {
            Ok(calls) => (calls, Vec::new(), None),
            Err(error) => (Vec::new(), Vec::new(), Some(error)),
        },
        Language::AwsCli => match calls_from_aws_cli(code) {
            Ok((calls, warnings)) => (calls, warnings, None),
            Err(error) => (Vec::new(), Vec::new(), Some(error)),
        },
        Language::Keys => (
            Vec::new(),
            Vec::new(),
            Some(Diagnostic::error(
                "one partition key per line makes Kinesis records; a DynamoDB stream needs writes: \
                 code, `aws dynamodb put-item …` lines or JSON Lines such as \
                 {\"PutItem\": {\"Item\": {\"customer_id\": {\"S\": \"c-1\"}}}}",
            )),
        ),
        Language::Python | Language::JavaScript => return None,
    };
    Some((
        ProducerRun {
            error,
            warnings,
            ..ProducerRun::default()
        },
        calls,
    ))
}

/// The writes in a code engine's answer (its `dynamodb_calls`); an unreadable list becomes the
/// run's error. Kinesis records the code also put are not part of a DynamoDB stream: a warning
/// says so.
pub fn writes_of_answer(answer: &str, run: &mut ProducerRun) -> Vec<WriteCall> {
    let calls = match calls_from_harness_answer(answer) {
        Ok(calls) => calls,
        Err(error) => {
            run.error.get_or_insert(error);
            Vec::new()
        }
    };
    if !run.records.is_empty() {
        run.warnings.push(Diagnostic::error(format!(
            "the code also put {} Kinesis record{}: the source is a DynamoDB stream, so only its \
             table writes are shown (switch the source to \"Kinesis data stream\" to see them)",
            run.records.len(),
            if run.records.len() == 1 { "" } else { "s" }
        )));
        run.records.clear();
    }
    calls
}

/// Under a Kinesis source: a warning when the code wrote a DynamoDB table and put no Kinesis
/// record, so the empty results are explained.
pub fn note_table_writes(answer: &str, run: &mut ProducerRun) {
    if !run.records.is_empty() || run.error.is_some() {
        return;
    }
    if let Ok(calls) = calls_from_harness_answer(answer) {
        let writes = calls
            .iter()
            .filter(|c| !matches!(c.call, Call::Sleep(_)))
            .count();
        if writes > 0 {
            run.warnings.push(Diagnostic::error(format!(
                "the code made {} to a DynamoDB table and put no Kinesis record: switch the source to \"DynamoDB stream\" to see its stream records",
                plural(writes, "write call", "write calls")
            )));
        }
    }
}

/// A DynamoDB Streams simulation of the shown writes, and the same records in the shape the
/// Kinesis views draw: `run.records[i]` and `stream.outcomes[i]` are stream record `i` (its
/// partition-key value as the key, its `dynamodb` object as the data).
#[derive(Debug)]
pub struct DynamoDbView {
    pub simulation: DynamoDbSimulation,
    pub run: Shared<ProducerRun>,
    pub stream: Shared<Simulation>,
    pub table: TableDefinition,
    pub calls: Shared<Vec<WriteCall>>,
    pub ttl: TimeToLive,
    pub shards: ShardModel,
    pub source: EventSource,
    pub mapping: MappingConfig,
    pub function: FunctionModel,
    pub failures: FailureRules,
}

impl DynamoDbView {
    pub fn input(&self) -> DynamoDbInput<'_> {
        DynamoDbInput {
            table: &self.table,
            calls: &self.calls,
            ttl: &self.ttl,
            shards: &self.shards,
            mapping: &self.mapping,
            function: &self.function,
            failures: &self.failures,
            source: &self.source,
        }
    }

    /// The exact Lambda DynamoDB event of invocation `batch` (an empty event when there is none).
    pub fn event_json(&self, batch: usize) -> String {
        if batch >= self.simulation.mapping.batches.len() {
            return "{\"Records\":[]}".to_owned();
        }
        self.simulation.event_json(&self.input(), batch)
    }

    /// The document the on-failure destination receives for discarded batch `discard` (its
    /// `DDBStreamBatchInfo`); `None` without an `OnFailure` destination.
    pub fn on_failure_document(&self, discard: usize) -> Option<String> {
        self.simulation.on_failure_document(&self.input(), discard)
    }

    /// Each stream record's item key in words (`customer_id=c-1, order_id=7`).
    pub fn item_key(&self, record: usize) -> String {
        key_words(&self.simulation.table_run.changes[record].keys)
    }

    pub fn event_name(&self, record: usize) -> EventName {
        self.simulation.table_run.changes[record].event_name
    }

    pub fn by_ttl(&self, record: usize) -> bool {
        self.simulation.table_run.changes[record].by_ttl
    }
}

/// An item's key attributes in words: `name=value`, values as text (N normalized, B base64).
pub fn key_words(keys: &Item) -> String {
    keys.iter()
        .map(|(name, value)| {
            let text = match value {
                crate::dynamodb::AttributeValue::S(s) => s.clone(),
                crate::dynamodb::AttributeValue::N(n) => n.as_str().to_owned(),
                other => serde_json::to_string(other).unwrap_or_default(),
            };
            format!("{name}={text}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Simulates `calls` on the source's table under the scenario's mapping, function and failures.
pub fn simulate_writes(
    calls: &Shared<Vec<WriteCall>>,
    dynamodb: &DynamoDbSource,
    settings: RunSettings<'_>,
) -> DynamoDbView {
    let table = dynamodb.table();
    let source = EventSource {
        stream_name: table.name.clone(),
        ..EventSource::default()
    };
    let (ttl, shards) = (dynamodb.time_to_live(), dynamodb.shard_model());
    let input = DynamoDbInput {
        table: &table,
        calls,
        ttl: &ttl,
        shards: &shards,
        mapping: settings.mapping,
        function: settings.function,
        failures: settings.failures,
        source: &source,
    };
    let simulation = simulate_dynamodb(&input);
    let records: Vec<ProducedRecord> = simulation
        .records
        .iter()
        .zip(&simulation.table_run.changes)
        .enumerate()
        .map(|(i, (record, change))| ProducedRecord {
            stream: table.name.clone(),
            partition_key: record.partition_key.clone(),
            explicit_hash_key: None,
            data: simulation.stream_record_json(&input, i).into_bytes(),
            arrival_ms: change.at_ms,
            put_call: change.call,
            api: PutApi::PutRecord,
            source_line: Some(change.line),
        })
        .collect();
    let outcomes: Vec<RecordOutcome> = simulation
        .records
        .iter()
        .map(|record| RecordOutcome {
            hash_key: Some(record.partition_hash),
            partition_hash: record.partition_hash,
            shard: Some(record.shard),
            sequence_number: Some(record.sequence_number.clone()),
            lane: (!record.filtered_out).then_some(record.lane),
            batch: record.batch,
            error: None,
            filtered_out: record.filtered_out,
            deliveries: record.deliveries,
            fate: Some(record.fate),
        })
        .collect();
    let placed = SimulationInput::new(
        &records,
        &simulation.layout,
        settings.mapping,
        settings.function,
        &source,
    )
    .with_failures(settings.failures);
    let insights = insights_of_placed(&placed, &outcomes, &simulation.mapping);
    let stream = Simulation {
        entry_record: simulation.entry_record.clone(),
        outcomes,
        mapping: simulation.mapping.clone(),
        insights,
    };
    DynamoDbView {
        run: Shared::new(ProducerRun {
            records,
            ..ProducerRun::default()
        }),
        stream: Shared::new(stream),
        simulation,
        table,
        calls: calls.clone(),
        ttl,
        shards,
        source,
        mapping: settings.mapping.clone(),
        function: settings.function.clone(),
        failures: settings.failures.clone(),
    }
}

/// One stream shard's line of the summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShardSummary {
    pub shard_id: String,
    pub parent_id: Option<String>,
    pub opened_ms: u64,
    pub closed_ms: Option<u64>,
    pub records: usize,
    pub items: usize,
    /// Lanes (of ParallelizationFactor) that held records.
    pub lanes_used: usize,
}

/// The DynamoDB summary: per-shard load, lanes and the concurrency ceiling in DynamoDB's terms,
/// and the writes that made no stream record (with why).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DynamoDbSummary {
    pub shards: Vec<ShardSummary>,
    /// Sentences, most important first; MODEL parts say so.
    pub sentences: Vec<String>,
    /// (input line, what the write was, why it made no record).
    pub silent_writes: Vec<(usize, String, String)>,
}

/// The name of a call's operation (`PutItem`, `BatchWriteItem`, …).
pub fn call_name(call: &Call) -> &'static str {
    match call {
        Call::Single(request) => match request.operation {
            Operation::Put { .. } => "PutItem",
            Operation::Update { .. } => "UpdateItem",
            Operation::Delete { .. } => "DeleteItem",
            Operation::ConditionCheck { .. } => "ConditionCheck",
        },
        Call::BatchWriteItem(_) => "BatchWriteItem",
        Call::TransactWriteItems(_) => "TransactWriteItems",
        Call::Sleep(_) => "Sleep",
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The summary of a view.
pub fn dynamodb_summary(view: &DynamoDbView) -> DynamoDbSummary {
    let simulation = &view.simulation;
    let factor = view.mapping.parallelization_factor.max(1) as usize;
    let mut shards: Vec<ShardSummary> = simulation
        .shards
        .shards
        .iter()
        .map(|s| ShardSummary {
            shard_id: s.id.clone(),
            parent_id: s.parent.map(|p| simulation.shards.shards[p].id.clone()),
            opened_ms: s.opened_ms,
            closed_ms: s.closed_ms,
            records: 0,
            items: 0,
            lanes_used: 0,
        })
        .collect();
    let mut items: Vec<std::collections::BTreeSet<&str>> = vec![Default::default(); shards.len()];
    let mut lanes: Vec<std::collections::BTreeSet<u32>> = vec![Default::default(); shards.len()];
    for record in &simulation.records {
        shards[record.shard].records += 1;
        items[record.shard].insert(&record.partition_key);
        if !record.filtered_out {
            lanes[record.shard].insert(record.lane);
        }
    }
    for (i, shard) in shards.iter_mut().enumerate() {
        shard.items = items[i].len();
        shard.lanes_used = lanes[i].len();
    }
    // The most shards open at once, at any record's time (a record's shard is open then).
    let most_open = simulation
        .table_run
        .changes
        .iter()
        .map(|c| simulation.shards.open_at(c.at_ms).count())
        .max()
        .unwrap_or(0);
    let splits = simulation
        .shards
        .shards
        .iter()
        .filter_map(|s| s.parent)
        .fold(std::collections::BTreeMap::new(), |mut m, p| {
            *m.entry(p).or_insert(0) += 1;
            m
        })
        .values()
        .filter(|&&children| children > 1)
        .count();
    let records = simulation.records.len();
    let mut sentences = Vec::new();
    let counts = simulation
        .table_run
        .changes
        .iter()
        .fold([0; 3], |mut c, x| {
            c[match x.event_name {
                EventName::Insert => 0,
                EventName::Modify => 1,
                EventName::Remove => 2,
            }] += 1;
            c
        });
    sentences.push(format!(
        "{} from {}: {} INSERT, {} MODIFY, {} REMOVE{}.",
        plural(records, "stream record", "stream records"),
        plural(
            view.calls
                .iter()
                .filter(|c| !matches!(c.call, Call::Sleep(_)))
                .count(),
            "write call",
            "write calls"
        ),
        counts[0],
        counts[1],
        counts[2],
        match simulation
            .table_run
            .changes
            .iter()
            .filter(|c| c.by_ttl)
            .count()
        {
            0 => String::new(),
            ttl => format!(" ({ttl} by Time to Live)"),
        }
    ));
    sentences.push(format!(
        "{} over the run for {} at the start, at most {most_open} open at once; {} ({SHARD_MODEL_LABEL}).",
        plural(shards.len(), "stream shard", "stream shards"),
        plural(view.shards.partitions, "table partition", "table partitions"),
        match splits {
            0 => "no partition split".to_owned(),
            n => format!("{} split, each into two children read after their parent", plural(n, "partition", "partitions")),
        }
    ));
    // Seed 001 asks whether a shard is created per partition key: it is not.
    let keys: std::collections::BTreeSet<&str> = simulation
        .records
        .iter()
        .map(|r| r.partition_key.as_str())
        .collect();
    if !keys.is_empty() {
        sentences.push(format!(
            "{} across {}: a stream shard belongs to a table partition, which holds many partition keys; there is no shard per key ({SHARD_MODEL_LABEL}).",
            plural(keys.len(), "partition-key value", "distinct partition-key values"),
            plural(shards.len(), "stream shard", "stream shards"),
        ));
    }
    let filtered = simulation.records.iter().filter(|r| r.filtered_out).count();
    if filtered > 0 {
        sentences.push(format!(
            "{} matched none of the mapping's FilterCriteria patterns: never delivered, and no failure.",
            plural(filtered, "stream record", "stream records"),
        ));
    }
    let occupied: usize = shards.iter().map(|s| s.lanes_used).sum();
    let reserved = view.function.max_environments.map(|r| r as usize);
    let ceiling = (most_open * factor)
        .min(reserved.unwrap_or(usize::MAX))
        .min(occupied.max(usize::from(records > 0)));
    sentences.push(format!(
        "Concurrency ceiling: {ceiling} invocation{} at once — {most_open} stream shard{} open at once × ParallelizationFactor {factor} = {} lanes, of which {occupied} held records{}; one item's changes share one lane, so they are processed in order (lanes: MD5 of the partition key % ParallelizationFactor, a model). Peak in this run: {}.",
        if ceiling == 1 { "" } else { "s" },
        if most_open == 1 { "" } else { "s" },
        most_open * factor,
        match reserved {
            Some(r) => format!(", capped by reserved concurrency {r}"),
            None => String::new(),
        },
        simulation.mapping.peak_concurrency
    ));
    // Writes without a record: refused, or they changed nothing.
    let mut silent_writes = Vec::new();
    let changed: std::collections::BTreeSet<usize> = simulation
        .table_run
        .changes
        .iter()
        .filter(|c| !c.by_ttl)
        .map(|c| c.call)
        .collect();
    let mut refused = std::collections::BTreeMap::new();
    for refusal in &simulation.table_run.refusals {
        refused.entry(refusal.call).or_insert(refusal);
    }
    for (index, call) in view.calls.iter().enumerate() {
        if matches!(call.call, Call::Sleep(_)) || changed.contains(&index) {
            continue;
        }
        let why = match refused.get(&index) {
            Some(refusal) => format!(
                "DynamoDB refused it ({}: {}), so nothing changed and no stream record was written",
                refusal.error.code, refusal.error.message
            ),
            None => match &call.call {
                Call::Single(request) if matches!(request.operation, Operation::Delete { .. }) => {
                    "it deleted an item that was not in the table: nothing changed, so DynamoDB Streams wrote no record".to_owned()
                }
                _ => "it changed nothing in the item (the same attributes and values): DynamoDB Streams writes no record for a PutItem or UpdateItem that does not change any data (AWS documentation)".to_owned(),
            },
        };
        silent_writes.push((call.line, call_name(&call.call).to_owned(), why));
    }
    DynamoDbSummary {
        shards,
        sentences,
        silent_writes,
    }
}

/// Why stream record `record` exists, went to its shard and is read when it is, in words: its
/// event name, partition key → table partition → stream shard (MODEL), lineage, lane and batch.
pub fn dynamodb_record_story(view: &DynamoDbView, record: usize) -> Vec<String> {
    let simulation = &view.simulation;
    let Some(stream_record) = simulation.records.get(record) else {
        return Vec::new();
    };
    let change = &simulation.table_run.changes[record];
    let call = view
        .calls
        .get(change.call)
        .map(|c| call_name(&c.call))
        .unwrap_or("write");
    let table = &view.table;
    let mut story = Vec::new();
    story.push(match (change.event_name, change.by_ttl) {
        (EventName::Remove, true) => format!(
            "REMOVE by Time to Live: the item's {} passed while the virtual clock advanced, so the TTL process deleted it at {}{}. Its userIdentity is {{\"type\": \"Service\", \"principalId\": \"dynamodb.amazonaws.com\"}}: that is how a function tells a TTL deletion from the application's own.",
            view.ttl.attribute.as_deref().unwrap_or("TTL attribute"),
            clock(change.at_ms),
            if view.ttl.delay_seconds > 0 {
                format!(" {} s after its expiry (a model: AWS deletes expired items \"typically within a few days\")", view.ttl.delay_seconds)
            } else {
                " at once (a model: AWS deletes expired items \"typically within a few days\")".to_owned()
            }
        ),
        (EventName::Insert, _) => format!(
            "INSERT: the {call} on line {} wrote an item whose key was not in the table yet.",
            change.line
        ),
        (EventName::Modify, _) => format!(
            "MODIFY: the {call} on line {} changed an item that was already in the table (a put over an existing item is a MODIFY too).",
            change.line
        ),
        (EventName::Remove, false) => format!(
            "REMOVE: the {call} on line {} deleted an item that was in the table.",
            change.line
        ),
    });
    let shard = &simulation.shards.shards[stream_record.shard];
    story.push(format!(
        "Shard (a model): partition key {} = {:?} → MD5 → 0x{} → the table partition whose hash range (0x{} to 0x{}) holds it, one of {} → that partition's stream shard open at {}: {}. DynamoDB publishes that each partition has a stream shard, not how keys map to partitions.",
        table.partition_key.name,
        stream_record.partition_key,
        stream_record.partition_hash.to_hex(),
        shard.range.start.to_hex(),
        shard.range.end.to_hex(),
        plural(view.shards.partitions, "partition at the start", "partitions at the start"),
        clock(change.at_ms),
        shard.id
    ));
    let children: Vec<&str> = simulation
        .shards
        .shards
        .iter()
        .filter(|s| s.parent == Some(stream_record.shard))
        .map(|s| s.id.as_str())
        .collect();
    let mut lineage = match shard.parent {
        Some(parent) => format!(
            "Lineage: {} is a child of {}; Lambda finishes the parent's records before it reads this shard (parents before children), so this item's earlier changes are processed first.",
            shard.id, simulation.shards.shards[parent].id
        ),
        None => format!("Lineage: {} has no parent shard.", shard.id),
    };
    if !children.is_empty() {
        lineage.push_str(&format!(
            " It closed at {} ({}); its children {} are read after it.",
            shard.closed_ms.map(clock).unwrap_or_default(),
            if children.len() > 1 {
                "its partition split"
            } else {
                "it rolled over"
            },
            children.join(" and ")
        ));
    }
    story.push(lineage);
    let batch = stream_record.batch.map(|b| &simulation.mapping.batches[b]);
    story.push(format!(
        "Lane {} (MD5 of the partition key % ParallelizationFactor {}, a model){}.",
        stream_record.lane,
        view.mapping.parallelization_factor,
        match batch {
            Some(b) => format!(
                ", batch {} in execution environment #{} (a model)",
                b.number, b.environment
            ),
            None => ", not delivered".to_owned(),
        }
    ));
    story
}
