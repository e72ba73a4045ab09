//! Shard lineage and concurrency: which shards must be finished before another starts (DOC: a
//! child shard is read only after its parents), and the most invocations running at one instant.

use super::Batch;
use crate::layout::StreamLayout;

/// For each shard, the shards whose records must all be processed before its own: its named
/// parents, and every closed shard listed before it whose range overlaps its range. Open shards
/// never overlap, so an older overlapping closed shard held some of the same keys earlier; waiting
/// for it keeps per-key order even where a pasted layout's lineage names fewer parents than held
/// the child's keys.
pub(super) fn predecessors(layout: &StreamLayout) -> Vec<Vec<usize>> {
    let closed: Vec<usize> = (0..layout.shards.len())
        .filter(|&i| layout.shards[i].closed)
        .collect();
    layout
        .shards
        .iter()
        .enumerate()
        .map(|(index, shard)| {
            let named = [&shard.parent, &shard.adjacent_parent]
                .into_iter()
                .flatten()
                .filter_map(|id| layout.index_of(id));
            let overlapping = closed.iter().copied().filter(|&older| {
                let range = layout.shards[older].range;
                older < index && range.start <= shard.range.end && shard.range.start <= range.end
            });
            let mut all: Vec<usize> = named.chain(overlapping).filter(|&p| p != index).collect();
            all.sort_unstable();
            all.dedup();
            all
        })
        .collect()
}

/// The most batches whose `[start, end)` intervals overlap at one instant.
pub fn peak_concurrency(batches: &[Batch]) -> usize {
    let mut edges: Vec<(u64, i32)> = batches
        .iter()
        .flat_map(|b| [(b.start_ms, 1), (b.end_ms, -1)])
        .collect();
    // At equal times an ending batch frees its slot before a starting one takes it.
    edges.sort_unstable();
    let mut running = 0i32;
    let mut peak = 0i32;
    for (_, delta) in edges {
        running += delta;
        peak = peak.max(running);
    }
    peak as usize
}
