//! What happened to a record, and to an invocation, in words: every delivery of the record (when,
//! in what batch, what the function did), then whether it was processed or discarded and why.
//! The explain pane and the timeline show these; they are pure so they are tested natively.

use crate::mapping::engine::{AttemptResult, Batch, CloseReason, RecordFate};
use crate::simulation::lag::thousands;
use crate::simulation::Simulation;

/// A time on the simulation's clock: `0:01.2` (minutes, seconds, tenths) under an hour, then
/// `3:05:09` (hours, minutes, seconds) and `1 d 0:01:00`.
pub fn clock(ms: u64) -> String {
    let (days, hours, minutes, seconds) = (
        ms / 86_400_000,
        ms / 3_600_000 % 24,
        ms / 60_000 % 60,
        ms / 1000 % 60,
    );
    match (days, hours) {
        (0, 0) => format!("{minutes}:{seconds:02}.{}", ms % 1000 / 100),
        (0, _) => format!("{hours}:{minutes:02}:{seconds:02}"),
        _ => format!("{days} d {hours}:{minutes:02}:{seconds:02}"),
    }
}

/// What an invocation returned, in a few words ("function error", "timed out after 3 s").
pub fn result_words(batch: &Batch) -> String {
    match batch.result {
        AttemptResult::Ok => "succeeded".to_owned(),
        AttemptResult::Error => "function error".to_owned(),
        AttemptResult::Timeout => "timed out".to_owned(),
        AttemptResult::Partial { reported, .. } => format!(
            "{} record{} reported in batchItemFailures",
            reported,
            if reported == 1 { "" } else { "s" }
        ),
    }
}

/// The batch an invocation carried, in words ("batch of 100", "bisected half of 50, retry 2").
fn batch_words(batch: &Batch) -> String {
    let size = batch.records.len();
    let mut words = match batch.closed_by {
        CloseReason::Bisect => format!("bisected half of {size}"),
        _ if batch.bisect_depth > 0 => format!("bisected part of {size}"),
        _ => format!("batch of {size}"),
    };
    if batch.retry > 0 {
        words.push_str(&format!(", retry {}", batch.retry));
    }
    words
}

/// One invocation as a step of a record's story ("failed at 0:01.2 (batch of 100, function
/// error)").
pub fn invocation_words(batch: &Batch) -> String {
    let batch_words = batch_words(batch);
    match batch.result {
        AttemptResult::Ok => format!("processed at {} ({batch_words})", clock(batch.end_ms)),
        _ => format!(
            "failed at {} ({batch_words}, {})",
            clock(batch.end_ms),
            result_words(batch)
        ),
    }
}

/// The most deliveries a story lists one by one: the first ones and the last ones, with the
/// count of those in between (a poison record is delivered more than a thousand times).
const LISTED_DELIVERIES: usize = 8;

/// A record's story: a headline ("delivered 3 times", "discarded: RetryAttemptsExhausted") and
/// its deliveries in order; `None` when the record never reached the mapping.
pub fn record_story(simulation: &Simulation, record: usize) -> Option<(String, Vec<String>)> {
    let outcome = simulation.outcomes.get(record)?;
    let fate = outcome.fate?;
    let entry = simulation.entry_record.iter().position(|&r| r == record)?;
    let batches: Vec<&Batch> = simulation
        .mapping
        .batches
        .iter()
        .filter(|b| b.records.contains(&entry))
        .collect();
    let times = |n: usize| match n {
        0 => "never delivered".to_owned(),
        1 => "delivered once".to_owned(),
        n => format!("delivered {} times", thousands(n)),
    };
    let headline = match fate {
        RecordFate::Processed => times(batches.len()),
        RecordFate::Discarded(reason) => {
            let discard = simulation
                .mapping
                .discards
                .iter()
                .find(|d| d.records.contains(&entry));
            let at = discard.map_or(String::new(), |d| format!(" at {}", clock(d.at_ms)));
            format!(
                "discarded{at}: {} ({})",
                reason.as_str(),
                times(batches.len())
            )
        }
        RecordFate::NotRead => format!(
            "not read: the simulation ended before the mapping reached it ({})",
            times(batches.len())
        ),
    };
    let mut steps: Vec<String> = Vec::new();
    let count = batches.len();
    let (head, tail) = if count > LISTED_DELIVERIES {
        (LISTED_DELIVERIES - 2, 2)
    } else {
        (count, 0)
    };
    steps.extend(batches[..head].iter().map(|b| invocation_words(b)));
    if tail > 0 {
        steps.push(format!(
            "… {} more deliveries …",
            thousands(count - head - tail)
        ));
        steps.extend(batches[count - tail..].iter().map(|b| invocation_words(b)));
    }
    Some((headline, steps))
}

/// For each invocation, the discarded batch (index into `mapping.discards`) whose records were
/// given up after it: the core marks the invocation that exhausted the retries; a batch that aged
/// out while waiting for its next retry is given up after its last invocation too (the one that
/// last delivered its records), when it had one.
pub fn discards_by_batch(simulation: &Simulation) -> Vec<Option<usize>> {
    let mapping = &simulation.mapping;
    let mut after: Vec<Option<usize>> = mapping.batches.iter().map(|b| b.discarded).collect();
    for (index, discard) in mapping.discards.iter().enumerate() {
        let last = discard.last_batch.or_else(|| {
            discard
                .records
                .first()
                .and_then(|&entry| mapping.batch_of_entry(entry))
        });
        if let Some(slot) = last.and_then(|batch| after.get_mut(batch)) {
            slot.get_or_insert(index);
        }
    }
    after
}

/// The discarded batch given up after invocation `batch` (see [`discards_by_batch`]).
pub fn discard_after(simulation: &Simulation, batch: usize) -> Option<usize> {
    discards_by_batch(simulation).get(batch).copied().flatten()
}

/// The discarded batch (index into `mapping.discards`) that holds `record`, if it was discarded.
pub fn discard_of_record(simulation: &Simulation, record: usize) -> Option<usize> {
    let entry = simulation.entry_record.iter().position(|&r| r == record)?;
    simulation
        .mapping
        .discards
        .iter()
        .position(|d| d.records.contains(&entry))
}

#[cfg(test)]
mod tests {
    use super::clock;

    #[test]
    fn clock_reads_like_a_stopwatch() {
        assert_eq!(clock(1_234), "0:01.2");
        assert_eq!(clock(65_000), "1:05.0");
        assert_eq!(clock(3_600_000 + 61_000), "1:01:01");
        assert_eq!(clock(86_400_000 + 60_000), "1 d 0:01:00");
    }
}
