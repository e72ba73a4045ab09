//! The execution-environment pool (MODEL): a batch ready to run takes the lowest-numbered idle
//! environment, a new one (a cold start) only when none is idle, and, when reserved concurrency is
//! used up, waits for the environment that frees first.
//!
//! Batches ask in non-decreasing ready time (see `engine`), so an environment that is idle for one
//! batch is idle for every later one until it is taken: two heaps make each choice O(log n), where
//! a scan of the pool per batch made a link with 10,000 shards and BatchSize 1 quadratic.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

#[derive(Debug, Default)]
pub struct EnvironmentPool {
    /// Environments free by the latest ready time asked about, lowest number first.
    idle: BinaryHeap<Reverse<usize>>,
    /// The others, by the time they become free, then number.
    busy: BinaryHeap<Reverse<(u64, usize)>>,
    count: usize,
}

/// Where and when a batch runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Assignment {
    pub environment: usize,
    pub cold_start: bool,
    pub start_ms: u64,
}

impl EnvironmentPool {
    /// How many environments were ever started.
    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// An environment for a batch ready at `ready_ms` (never earlier than the previous call's),
    /// with at most `limit` environments. Give it back with [`EnvironmentPool::release`].
    pub fn take(&mut self, ready_ms: u64, limit: Option<u32>) -> Assignment {
        while let Some(&Reverse((free, environment))) = self.busy.peek() {
            if free > ready_ms {
                break;
            }
            self.busy.pop();
            self.idle.push(Reverse(environment));
        }
        if let Some(Reverse(environment)) = self.idle.pop() {
            return Assignment {
                environment,
                cold_start: false,
                start_ms: ready_ms,
            };
        }
        let under_limit = limit.is_none_or(|limit| self.count < limit as usize);
        match self.busy.pop() {
            Some(Reverse((free, environment))) if !under_limit => Assignment {
                environment,
                cold_start: false,
                start_ms: free,
            },
            earliest => {
                if let Some(earliest) = earliest {
                    self.busy.push(earliest);
                }
                self.count += 1;
                Assignment {
                    environment: self.count - 1,
                    cold_start: true,
                    start_ms: ready_ms,
                }
            }
        }
    }

    /// `environment` runs its batch until `end_ms`.
    pub fn release(&mut self, environment: usize, end_ms: u64) {
        self.busy.push(Reverse((end_ms, environment)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The rule as first written: a scan of every environment's free time per batch.
    fn scan(free_at: &mut Vec<u64>, ready_ms: u64, limit: Option<u32>) -> Assignment {
        let placement = |environment, cold_start, start_ms| Assignment {
            environment,
            cold_start,
            start_ms,
        };
        if let Some(idle) = free_at.iter().position(|&free| free <= ready_ms) {
            return placement(idle, false, ready_ms);
        }
        let under_limit = limit.is_none_or(|limit| free_at.len() < limit as usize);
        match free_at
            .iter()
            .enumerate()
            .min_by_key(|&(e, &free)| (free, e))
        {
            Some((earliest, &free)) if !under_limit => placement(earliest, false, free),
            _ => {
                free_at.push(ready_ms);
                placement(free_at.len() - 1, true, ready_ms)
            }
        }
    }

    proptest! {
        #[test]
        fn heaps_choose_as_the_scan_does(
            steps in prop::collection::vec((0u64..50, 1u64..200), 1..300),
            limit in prop::option::of(1u32..8),
        ) {
            let (mut pool, mut free_at, mut ready) = (EnvironmentPool::default(), Vec::new(), 0);
            for (gap, duration) in steps {
                ready += gap;
                let chosen = pool.take(ready, limit);
                prop_assert_eq!(chosen, scan(&mut free_at, ready, limit));
                let end = chosen.start_ms + duration;
                pool.release(chosen.environment, end);
                free_at[chosen.environment] = end;
            }
            prop_assert_eq!(pool.len(), free_at.len());
        }
    }
}
