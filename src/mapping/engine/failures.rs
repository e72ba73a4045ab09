//! What the mapping does when an invocation fails.
//!
//! DOC (Lambda developer guide, "Using AWS Lambda with Amazon Kinesis", error handling, and its
//! "Retain discarded batch records" page; the AWS Lambda FAQ on stream ordering):
//! - A failed batch is retried, and the shard does not move on meanwhile: "Lambda will retry until
//!   it succeeds (or the record reaches its expiration) before moving on to the next record".
//! - Retries stop when the batch succeeds, when MaximumRetryAttempts retries failed (-1: never),
//!   or when its records are older than MaximumRecordAgeInSeconds or the stream's retention; then
//!   the batch is discarded ([`DiscardReason`]) and the shard moves on.
//! - BisectBatchOnFunctionError splits a failed batch in two and retries each half in order;
//!   "Splitting a batch does not count towards the retry quota."
//! - With `ReportBatchItemFailures`, a partial batch response makes Lambda checkpoint the records
//!   before the lowest reported sequence number and retry from it; without it the response is
//!   ignored and the batch succeeds. An empty list is a success.
//! - Throttles (no environment under reserved concurrency) retry until the records expire and are
//!   not function errors: the batch waits, `Batch::throttled` marks it.
//! - IteratorAge, emitted when a batch finishes: how old its last record is then.
//!
//! MODEL (AWS does not publish these):
//! - With PF > 1 a failure blocks only its lane: the other lanes of the shard keep processing.
//!   Per-key order is all AWS promises with PF > 1, and a lane holds whole keys, so blocking the
//!   lane is the least blocking that keeps that promise; blocking the shard would be the PF 1 rule.
//! - A failed batch of more than one record is split (bisect on) rather than retried; a one-record
//!   batch is retried. The halves keep the retries already counted. A partial response counts as
//!   a retry of the records from the reported one.
//! - The wait before a retry is `FunctionModel::retry_delay_ms` (1 s: one polling interval of a
//!   standard iterator), doubling with each consecutive failure of the lane up to 1 minute, so a
//!   poison record with default settings makes about 1,440 attempts a day, not 86,400.
//! - Record age is checked when a batch is ready to invoke (its oldest record's age then).
//! - The simulation stops after [`MAX_FAILED_INVOCATIONS`] failed invocations; what is left is
//!   "not read" (a playground limit, not AWS's).

use super::outcome::{AttemptResult, Batch, Blockage, CloseReason, Discard, RecordFate};
use super::plan::{Blocked, Plan, Segment};
use super::Simulator;
use crate::mapping::config::MappingConfig;
use crate::mapping::destination::DiscardReason;
use crate::mapping::failures::{Attempts, FailureEffect, FailureRules, RandomFailures, RecordView};

/// The playground's limit of failed invocations in one simulation.
pub const MAX_FAILED_INVOCATIONS: usize = 100_000;

/// How each entry makes the function fail, from the scenario's `FailureRules`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EntryRules {
    /// For each entry, the effect and attempts of the first rule matching it; empty when no rule
    /// matches any entry.
    pub rule_of: Vec<Option<(FailureEffect, Attempts)>>,
    pub random: Option<RandomFailures>,
}

impl EntryRules {
    /// Each entry's first matching rule of `failures` (`validate` refuses bad rules before a
    /// simulation; here a bad one simply matches nothing). `view` reads one entry's record and
    /// hands its [`RecordView`] to the function it is given (a view may borrow what `view` builds,
    /// such as a DynamoDB image's JSON).
    pub fn of<Entry>(
        failures: &FailureRules,
        entries: impl IntoIterator<Item = Entry>,
        view: impl Fn(
            Entry,
            &dyn Fn(&RecordView<'_>) -> Option<(FailureEffect, Attempts)>,
        ) -> Option<(FailureEffect, Attempts)>,
    ) -> EntryRules {
        let random = failures.random.filter(|r| r.per_mille > 0);
        let compiled = failures.compile().unwrap_or_default();
        if compiled.is_empty() {
            return EntryRules {
                rule_of: Vec::new(),
                random,
            };
        }
        let rule_for = |record: &RecordView<'_>| {
            compiled
                .rule_for(record)
                .map(|(_, effect, attempts)| (effect, attempts))
        };
        let rule_of = entries
            .into_iter()
            .map(|entry| view(entry, &rule_for))
            .collect();
        EntryRules { rule_of, random }
    }

    /// What invocation number `invocation` of `records` returns, given each entry's deliveries so
    /// far: an error or timeout of any applying rule wins, then a random failure, then a partial
    /// response (ignored unless `partial_honoured`).
    pub fn judge(
        &self,
        records: &[usize],
        deliveries: &[u32],
        invocation: u64,
        partial_honoured: bool,
    ) -> AttemptResult {
        let mut partial: Option<(usize, usize)> = None;
        if !self.rule_of.is_empty() {
            for (position, &entry) in records.iter().enumerate() {
                let Some((effect, attempts)) = self.rule_of[entry] else {
                    continue;
                };
                if !attempts.applies(deliveries[entry]) {
                    continue;
                }
                match effect {
                    FailureEffect::Error => return AttemptResult::Error,
                    FailureEffect::Timeout => return AttemptResult::Timeout,
                    FailureEffect::Partial => {
                        let (_, reported) = partial.get_or_insert((position, 0));
                        *reported += 1;
                    }
                }
            }
        }
        if self.random.is_some_and(|r| r.fails(invocation)) {
            return AttemptResult::Error;
        }
        match partial {
            Some((first, reported)) if partial_honoured => {
                AttemptResult::Partial { reported, first }
            }
            _ => AttemptResult::Ok,
        }
    }
}

/// The mapping's failure settings, as the engine uses them.
pub(super) struct Policy {
    pub retry_limit: Option<u32>,
    pub expiry_ms: u64,
    pub bisect: bool,
    pub partial: bool,
}

impl Policy {
    pub fn new(config: &MappingConfig) -> Policy {
        Policy {
            retry_limit: config.retry_limit(),
            expiry_ms: config.record_expiry_ms(),
            bisect: config.bisect_batch_on_function_error,
            partial: config.reports_batch_item_failures(),
        }
    }
}

impl Simulator<'_> {
    /// Runs the lane's planned batch in an environment; returns its index in `batches`.
    pub(super) fn invoke(&mut self, lane_index: usize, plan: &Plan, ready_ms: u64) -> usize {
        let shard = lane_index / self.factor;
        let placement = self
            .environments
            .take(ready_ms, self.function.max_environments);
        let batch_index = self.run.batches.len();
        let lane = &mut self.lanes[lane_index];
        let records = lane.queue[lane.next..lane.next + plan.take].to_vec();
        let (retry, bisect_depth) = match lane.segments.last_mut() {
            Some(segment) => {
                segment.invokes += 1;
                (segment.retries, segment.depth)
            }
            None => (0, 0),
        };
        let final_invoke = plan.reason == CloseReason::FinalInvoke;
        // A window's final invoke holds no records, so no failure rule applies to it.
        let judged = if final_invoke {
            AttemptResult::Ok
        } else {
            self.rules.judge(
                &records,
                &self.run.deliveries,
                batch_index as u64,
                self.policy.partial,
            )
        };
        let handler_ms = self.function.handler_ms(records.len());
        let (result, handler_ms) = if final_invoke {
            (AttemptResult::Ok, handler_ms.min(self.function.timeout_ms))
        } else if judged == AttemptResult::Timeout || handler_ms > self.function.timeout_ms {
            (AttemptResult::Timeout, self.function.timeout_ms)
        } else {
            (judged, handler_ms)
        };
        let cold_ms = if placement.cold_start {
            self.function.cold_start_ms
        } else {
            0
        };
        let end_ms = placement.start_ms + cold_ms + handler_ms;
        let window = if final_invoke {
            None
        } else {
            self.enter_window(lane_index, records.first().copied())
        };
        let lane = &mut self.lanes[lane_index];
        self.environments.release(placement.environment, end_ms);
        self.last_end_ms[shard] = self.last_end_ms[shard].max(end_ms);
        for &record in &records {
            self.run.deliveries[record] += 1;
            self.run.batch_of[record] = batch_index;
        }
        // An invocation without records (a window's final invoke) emits no IteratorAge: 0 here.
        let last_arrival_ms = records
            .last()
            .map_or(end_ms, |&r| self.entries[r].arrival_ms);
        self.run.batches.push(Batch {
            shard,
            lane: (lane_index % self.factor) as u32,
            number: lane.batches,
            records,
            payload_bytes: plan.payload_bytes,
            closed_by: plan.reason,
            ready_ms,
            start_ms: placement.start_ms,
            end_ms,
            environment: placement.environment,
            cold_start: placement.cold_start,
            result,
            retry,
            bisect_depth,
            throttled: placement.start_ms > ready_ms,
            iterator_age_ms: end_ms.saturating_sub(last_arrival_ms),
            discarded: None,
            window,
        });
        lane.batches += 1;
        batch_index
    }

    /// The lane's reaction to an invocation's result: move on, retry, split or discard.
    pub(super) fn settle(&mut self, lane_index: usize, batch_index: usize) {
        let batch = &self.run.batches[batch_index];
        let (result, start_ms, end_ms) = (batch.result, batch.start_ms, batch.end_ms);
        let lane = &self.lanes[lane_index];
        let (next, end) = (lane.next, lane.next + batch.records.len());
        match result {
            AttemptResult::Ok => {
                self.process(lane_index, end);
                self.lanes[lane_index].free_at = end_ms;
                self.resolve(lane_index, end_ms);
                return;
            }
            AttemptResult::Partial { first, .. } => {
                self.process(lane_index, next + first);
                self.begin_failure(lane_index, end, start_ms);
            }
            AttemptResult::Error | AttemptResult::Timeout => {
                self.begin_failure(lane_index, end, start_ms);
                if self.policy.bisect && end - next > 1 {
                    self.split(lane_index, end_ms);
                    return;
                }
            }
        }
        self.retry_or_discard(lane_index, batch_index, end_ms);
    }

    /// Marks `queue[next..upto]` processed and moves the lane past them.
    fn process(&mut self, lane_index: usize, upto: usize) {
        let processed = upto.saturating_sub(self.lanes[lane_index].next);
        self.count_in_window(lane_index, processed);
        let lane = &mut self.lanes[lane_index];
        for &entry in &lane.queue[lane.next..upto] {
            self.run.fate[entry] = RecordFate::Processed;
        }
        lane.next = upto;
        if lane.segments.last().is_some_and(|s| s.end <= upto) {
            lane.segments.pop();
        }
    }

    fn begin_failure(&mut self, lane_index: usize, end: usize, start_ms: u64) {
        self.failed_invocations += 1;
        let lane = &mut self.lanes[lane_index];
        if lane.segments.is_empty() {
            lane.segments.push(Segment {
                end,
                retries: 0,
                depth: 0,
                invokes: 1,
            });
        }
        lane.blocked.get_or_insert(Blocked {
            from_ms: start_ms,
            depth: 0,
            discarded: 0,
        });
    }

    /// BisectBatchOnFunctionError: the failing segment becomes two halves, first half on top; the
    /// retries counted so far stay, the split adds none.
    fn split(&mut self, lane_index: usize, end_ms: u64) {
        let lane = &mut self.lanes[lane_index];
        let whole = lane.segments.pop().expect("a failing lane has a segment");
        let mid = lane.next + (whole.end - lane.next).div_ceil(2);
        let half = |end| Segment {
            end,
            depth: whole.depth + 1,
            invokes: 0,
            ..whole
        };
        lane.segments.push(half(whole.end));
        lane.segments.push(half(mid));
        if let Some(blocked) = &mut lane.blocked {
            blocked.depth = blocked.depth.max(whole.depth + 1);
        }
        lane.consecutive_failures += 1;
        lane.free_at = end_ms + self.function.retry_delay_after(lane.consecutive_failures);
    }

    fn retry_or_discard(&mut self, lane_index: usize, batch_index: usize, end_ms: u64) {
        let lane = &mut self.lanes[lane_index];
        let segment = lane
            .segments
            .last_mut()
            .expect("a failing lane has a segment");
        if self
            .policy
            .retry_limit
            .is_some_and(|limit| segment.retries >= limit)
        {
            let (end, reason) = (segment.end, DiscardReason::RetryAttemptsExhausted);
            self.discard(lane_index, end, end_ms, reason, Some(batch_index));
        } else {
            segment.retries += 1;
            lane.consecutive_failures += 1;
            lane.free_at = end_ms + self.function.retry_delay_after(lane.consecutive_failures);
        }
    }

    /// Gives up on `queue[next..end]` at `at_ms`; the lane moves on at once.
    pub(super) fn discard(
        &mut self,
        lane_index: usize,
        end: usize,
        at_ms: u64,
        reason: DiscardReason,
        last_batch: Option<usize>,
    ) {
        let shard = lane_index / self.factor;
        let lane = &mut self.lanes[lane_index];
        let records = lane.queue[lane.next..end].to_vec();
        for &entry in &records {
            self.run.fate[entry] = RecordFate::Discarded(reason);
        }
        let mut invoke_count = 0;
        if lane.segments.last().is_some_and(|s| s.end == end) {
            invoke_count = lane.segments.pop().map_or(0, |s| s.invokes);
        }
        if let Some(blocked) = &mut lane.blocked {
            blocked.discarded += records.len();
        }
        lane.next = end;
        lane.free_at = at_ms;
        self.last_end_ms[shard] = self.last_end_ms[shard].max(at_ms);
        let discard_index = self.run.discards.len();
        if let Some(batch) = last_batch {
            self.run.batches[batch].discarded = Some(discard_index);
        }
        self.run.discards.push(Discard {
            shard,
            lane: (lane_index % self.factor) as u32,
            records,
            at_ms,
            reason,
            invoke_count,
            last_batch,
        });
        self.resolve(lane_index, at_ms);
    }

    /// When no failing records are left, the lane's blockage (if any) ends at `at_ms`.
    fn resolve(&mut self, lane_index: usize, at_ms: u64) {
        let lane = &mut self.lanes[lane_index];
        if !lane.segments.is_empty() {
            return;
        }
        lane.consecutive_failures = 0;
        let Some(blocked) = lane.blocked.take() else {
            return;
        };
        let entries = self.entries;
        let waiting_records =
            lane.queue[lane.next..].partition_point(|&i| entries[i].arrival_ms <= at_ms);
        self.run.blockages.push(Blockage {
            shard: lane_index / self.factor,
            lane: (lane_index % self.factor) as u32,
            from_ms: blocked.from_ms,
            to_ms: at_ms,
            waiting_records,
            bisect_depth: blocked.depth,
            discarded_records: blocked.discarded,
        });
    }
}
