//! How the mapping reads a shard: when each record becomes available to a batch.
//!
//! DOC ("Using Lambda with Kinesis", https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html):
//! - Standard iterator: "Lambda polls each shard in your Kinesis stream for records at a base rate
//!   of once per second. When more records are available, Lambda keeps processing batches until the
//!   function catches up with the stream. The event source mapping shares read throughput with other
//!   consumers of the shard."
//! - Enhanced fan-out: "a dedicated connection to each shard that doesn't impact other applications
//!   reading from the stream", records pushed over HTTP/2.
//!
//! DOC (GetRecords API reference, https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html,
//! and the Kinesis quotas, https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html):
//! "The maximum number of records that can be returned per call is 10,000"; "The maximum size of
//! data that GetRecords can return is 10 MiB. If a call returns this amount of data, subsequent
//! calls made within the next 5 seconds throw ProvisionedThroughputExceededException"; "Each shard
//! can support up to five read transactions per second" and "up to a maximum total data read rate
//! of 2 MiB per second via GetRecords", shared by its shared-throughput consumers; an enhanced
//! fan-out consumer gets 2 MiB/s per shard of its own.
//!
//! MODEL (AWS does not publish when polls happen):
//! - A shard's first poll is when it may be read (time 0, or when its parents are done). A poll
//!   reads every record that has arrived, up to GetRecords' caps. When it leaves none behind (caught
//!   up), the next poll is one second later, and every second after until one finds records. When
//!   it leaves records behind (a cap or the read throughput stopped it), the next poll comes as soon
//!   as the shard's shares allow: the mapping's share of the 5 reads/s, and the time its share of
//!   2 MiB/s needs for the bytes just read.
//! - Other consumers read the same records, so each of the `other_consumers + 1` readers gets an
//!   equal share: `2 MiB/s / (n + 1)` and one read every `200 ms × (n + 1)`.
//! - The mapping reads ahead of a slow or failing function without a bound: what limits reading is
//!   only the rules above. A batch cannot start before the poll that read its records.
//! - Enhanced fan-out pushes each record as it arrives, at up to 2 MiB/s per shard (the push
//!   latency, tens of milliseconds, is not modelled).

use super::StreamEntry;
use crate::mapping::config::Consumer;
use std::collections::VecDeque;

/// DOC: a standard iterator's base polling rate when caught up.
pub const POLL_INTERVAL_MS: u64 = 1_000;
/// DOC: the most records one GetRecords call returns.
pub const GET_RECORDS_MAX_RECORDS: usize = 10_000;
/// DOC: the most data one GetRecords call returns (10 MiB).
pub const GET_RECORDS_MAX_BYTES: usize = 10 * 1024 * 1024;
/// DOC: a shard's read throughput, shared by its shared-throughput consumers; also what each
/// enhanced fan-out consumer gets alone (2 MiB/s).
pub const SHARD_READ_BYTES_PER_SECOND: u64 = 2 * 1024 * 1024;
/// DOC: a shard's read transactions per second, shared by its shared-throughput consumers.
pub const SHARD_READS_PER_SECOND: u64 = 5;

/// What the page shows beside a time that polling decided (a model of when polls happen).
pub const POLLING_MODEL_LABEL: &str =
    "Model: each shard is polled once a second when caught up, at once when behind";
/// What the page shows beside a time that enhanced fan-out decided.
pub const ENHANCED_FAN_OUT_MODEL_LABEL: &str =
    "Model: enhanced fan-out pushes each record as it arrives (push latency not modelled)";
/// What the page shows beside the shared read throughput.
pub const SHARED_THROUGHPUT_MODEL_LABEL: &str =
    "Model: other consumers take equal shares of the shard's 2 MB/s and 5 reads/s";

/// How reading went on one shard.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReadStats {
    /// GetRecords calls that returned records (a standard iterator only).
    pub polls: usize,
    /// Calls that stopped at 10,000 records or 10 MiB with more records waiting.
    pub capped_polls: usize,
    /// Times the next read waited longer than the read rate alone asks, for the throughput share
    /// (with enhanced fan-out: records pushed later than they arrived).
    pub throughput_waits: usize,
    /// The longest time a record waited between arriving and being read, in ms.
    pub max_read_wait_ms: u64,
    /// The longest of those waits that was not the polling interval's (caps and throughput), in ms.
    pub max_backlog_wait_ms: u64,
}

/// The reader's settings, from the mapping's.
#[derive(Clone, Copy, Debug)]
pub(super) struct Reader {
    pub consumer: Consumer,
    /// Readers sharing the shard: the mapping and the other consumers.
    pub sharing: u64,
}

impl Reader {
    /// Shortest time between two of the mapping's GetRecords calls on a shard.
    fn read_gap_ms(&self) -> u64 {
        (1000 * self.sharing).div_ceil(SHARD_READS_PER_SECOND)
    }

    /// Time the mapping's share of the read throughput needs for `bytes`.
    fn throughput_ms(&self, bytes: usize) -> u64 {
        (bytes as u64 * self.sharing * 1000).div_ceil(SHARD_READ_BYTES_PER_SECOND)
    }

    /// When each of a shard's records (`sequence`, entry indices in sequence order) is read,
    /// written into `read_ms`, for a shard that may be read from `start_ms` on.
    pub fn read_shard(
        &self,
        entries: &[StreamEntry],
        sequence: &[usize],
        start_ms: u64,
        read_ms: &mut [u64],
    ) -> ReadStats {
        match self.consumer {
            Consumer::StandardIterator => self.poll(entries, sequence, start_ms, read_ms),
            Consumer::EnhancedFanOut => push(entries, sequence, start_ms, read_ms),
        }
    }

    fn poll(
        &self,
        entries: &[StreamEntry],
        sequence: &[usize],
        start_ms: u64,
        read_ms: &mut [u64],
    ) -> ReadStats {
        let mut stats = ReadStats::default();
        let read_gap = self.read_gap_ms();
        let idle_gap = POLL_INTERVAL_MS.max(read_gap);
        let arrival = |i: usize| entries[sequence[i]].arrival_ms;
        // Records a poll had to leave behind: `(end, poll)` ranges of `sequence` (up to `end`,
        // exclusive) that could have been read at `poll`; what they wait after it is backlog.
        let mut left_behind: VecDeque<(usize, u64)> = VecDeque::new();
        let mut poll_ms = start_ms;
        // When the next poll would be without the caps and the throughput: what a record waits
        // beyond it is backlog.
        let mut on_time_ms = start_ms;
        let mut next = 0;
        while next < sequence.len() {
            let first_arrival = arrival(next);
            if first_arrival > poll_ms {
                // Caught up: polls every `idle_gap` find nothing until one comes after the record.
                poll_ms += (first_arrival - poll_ms).div_ceil(idle_gap) * idle_gap;
            }
            stats.polls += 1;
            let (mut count, mut bytes) = (0, 0);
            while next < sequence.len() && arrival(next) <= poll_ms {
                let size = entries[sequence[next]].record_bytes;
                if count == GET_RECORDS_MAX_RECORDS
                    || (count > 0 && bytes + size > GET_RECORDS_MAX_BYTES)
                {
                    stats.capped_polls += 1;
                    break;
                }
                while left_behind.front().is_some_and(|&(end, _)| end <= next) {
                    left_behind.pop_front();
                }
                let readable_ms = match left_behind.front() {
                    Some(&(_, at)) => at,
                    None if arrival(next) <= on_time_ms => on_time_ms,
                    None => {
                        let late = arrival(next) - on_time_ms;
                        on_time_ms + late.div_ceil(idle_gap) * idle_gap
                    }
                };
                stats.max_read_wait_ms = stats.max_read_wait_ms.max(poll_ms - arrival(next));
                let backlog = poll_ms.saturating_sub(readable_ms);
                stats.max_backlog_wait_ms = stats.max_backlog_wait_ms.max(backlog);
                read_ms[sequence[next]] = poll_ms;
                count += 1;
                bytes += size;
                next += 1;
            }
            let behind = next < sequence.len() && arrival(next) <= poll_ms;
            if behind {
                let arrived =
                    next + sequence[next..].partition_point(|&e| entries[e].arrival_ms <= poll_ms);
                let recorded = left_behind.back().map_or(0, |&(end, _)| end);
                if arrived > recorded {
                    left_behind.push_back((arrived, poll_ms));
                }
            }
            let rate_gap = if behind { read_gap } else { idle_gap };
            let throughput_gap = self.throughput_ms(bytes);
            if throughput_gap > rate_gap && next < sequence.len() {
                stats.throughput_waits += 1;
            }
            on_time_ms = poll_ms + rate_gap;
            poll_ms += rate_gap.max(throughput_gap);
        }
        stats
    }
}

/// Enhanced fan-out: each record is pushed when it arrives, as fast as 2 MiB/s allows (kept in
/// microseconds, so small records do not each round up to a millisecond).
fn push(
    entries: &[StreamEntry],
    sequence: &[usize],
    start_ms: u64,
    read_ms: &mut [u64],
) -> ReadStats {
    let mut stats = ReadStats::default();
    let mut free_us = start_ms * 1000;
    for &entry in sequence {
        let arrival = entries[entry].arrival_ms;
        let at_us = free_us.max(arrival * 1000);
        let at_ms = at_us.div_ceil(1000);
        read_ms[entry] = at_ms;
        let wait = at_ms - arrival;
        if wait > 0 {
            // Pushed late: the 2 MiB/s was still busy with earlier records.
            stats.throughput_waits += 1;
        }
        stats.max_read_wait_ms = stats.max_read_wait_ms.max(wait);
        stats.max_backlog_wait_ms = stats.max_backlog_wait_ms.max(wait);
        free_us = at_us
            + (entries[entry].record_bytes as u64 * 1_000_000)
                .div_ceil(SHARD_READ_BYTES_PER_SECOND);
    }
    stats
}
