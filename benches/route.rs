//! MD5 throughput of each multi-buffer kernel against the scalar `md-5` crate, routing throughput
//! (hash + binary search) for 1 M keys, and a whole simulation of 100 k records. Compare with
//! `benches/python_hashlib_route.py` for the DESIGN.md budget (numbers in benches/README.md).

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use shardlane::layout::StreamLayout;
use shardlane::mapping::failures::{Attempts, FailureEffect, FailureRule, RecordMatch};
use shardlane::mapping::{EventSource, FailureRules, FunctionModel, MappingConfig};
use shardlane::multi_md5::Kernel;
use shardlane::{simulate, HashKey, Router, SimulationInput};

fn keys(count: usize) -> Vec<String> {
    (0..count).map(|i| format!("user-{i}")).collect()
}

/// Each kernel on 1 M short keys (one block each) and on 100 k keys of mixed lengths (0–600 bytes,
/// 1 to 10 blocks in one batch).
fn md5_kernels(c: &mut Criterion) {
    let short = keys(1_000_000);
    let mixed: Vec<String> = (0..100_000).map(|i| "k".repeat((i * 7919) % 601)).collect();
    for (name, messages) in [
        ("1M keys user-N", &short),
        ("100k keys of 0-600 bytes", &mixed),
    ] {
        let mut group = c.benchmark_group(format!("md5 {name}"));
        group.throughput(Throughput::Elements(messages.len() as u64));
        group.sample_size(10);
        for kernel in Kernel::available() {
            let mut out = vec![[0u8; 16]; messages.len()];
            group.bench_function(format!("{kernel:?}"), |b| {
                b.iter(|| {
                    kernel.digests_into(|i| black_box(messages[i].as_bytes()), &mut out);
                    out[0][0]
                })
            });
        }
        group.finish();
    }
}

fn route_one_million_keys(c: &mut Criterion) {
    let keys = keys(1_000_000);
    let mut group = c.benchmark_group("route 1M keys");
    group.throughput(Throughput::Elements(keys.len() as u64));
    group.sample_size(10);
    for shards in [4, 1000] {
        let layout = StreamLayout::uniform(shards).unwrap();
        let router = Router::new(&layout);
        // Hashed with the multi-buffer kernel in slices of 4096 keys, as the CLI's `route` does.
        let route_all = |keys: &[String]| {
            let mut checksum = 0usize;
            for chunk in keys.chunks(4096) {
                for key in HashKey::from_partition_keys(black_box(chunk)) {
                    checksum += router.route(key).unwrap_or(0);
                }
            }
            checksum
        };
        // The sum of shard indices, the same number python_hashlib_route.py prints.
        eprintln!("{shards} shards: checksum {}", route_all(&keys));
        group.bench_function(format!("{shards} shards"), |b| b.iter(|| route_all(&keys)));
    }
    group.finish();
}

fn simulate_100k_records(c: &mut Criterion) {
    let records = shardlane::examples::device_records(100_000);
    let mapping = MappingConfig {
        batch_size: 500,
        parallelization_factor: 4,
        ..MappingConfig::default()
    };
    let mut group = c.benchmark_group("simulate 100k records");
    group.sample_size(10);
    for shards in [4, 64] {
        let layout = StreamLayout::uniform(shards).unwrap();
        group.bench_function(format!("{shards} shards, PF 4"), |b| {
            b.iter(|| {
                simulate(&SimulationInput::new(
                    black_box(&records),
                    &layout,
                    &mapping,
                    // Batches of 500 take 5.2 s in the default model: past Lambda's default
                    // 3 s timeout, so the happy-path bench raises it.
                    &FunctionModel {
                        timeout_ms: 900_000,
                        ..FunctionModel::default()
                    },
                    &EventSource::default(),
                ))
                .mapping
                .batches
                .len()
            })
        });
    }
    group.finish();
}

/// The page's shard-count change: 100 k distinct keys re-simulated from the run's cached
/// `RecordKeys` (no validation or hashing), the default mapping, a 900 s timeout.
fn resimulate_100k_keys_from_cached_keys(c: &mut Criterion) {
    use shardlane::simulation::RecordKeys;
    let records: Vec<shardlane::ProducedRecord> = (0..100_000)
        .map(|i| shardlane::ProducedRecord::new(format!("device-{i}"), Vec::new()))
        .collect();
    let (mapping, source) = (MappingConfig::default(), EventSource::default());
    let function = FunctionModel {
        timeout_ms: 900_000,
        ..FunctionModel::default()
    };
    let keys = RecordKeys::of(&records, &source);
    let mut group = c.benchmark_group("re-simulate 100k keys from cached keys");
    group.sample_size(10);
    for shards in [4, 64] {
        let layout = StreamLayout::uniform(shards).unwrap();
        group.bench_function(format!("{shards} shards"), |b| {
            b.iter(|| {
                let input = SimulationInput::new(&records, &layout, &mapping, &function, &source)
                    .with_keys(&keys);
                simulate(black_box(&input)).mapping.batches.len()
            })
        });
    }
    group.finish();
}

/// 100 k records with 1 % poison (every record of one device in a hundred) under bisect and 2
/// retries, against the same run without failures: the budget is at most twice its time.
fn simulate_100k_records_with_failures(c: &mut Criterion) {
    let records = shardlane::examples::device_records(100_000);
    let mapping = MappingConfig {
        batch_size: 500,
        parallelization_factor: 4,
        maximum_retry_attempts: 2,
        bisect_batch_on_function_error: true,
        ..MappingConfig::default()
    };
    // device_records cycles through 5,000 devices: 50 of them hold 1 % of the records.
    let failures = FailureRules {
        rules: (0..50)
            .map(|device| FailureRule {
                effect: FailureEffect::Error,
                matches: RecordMatch::KeyEquals(format!("device-{}", device * 100)),
                attempts: Attempts::Always,
            })
            .collect(),
        random: None,
    };
    let function = FunctionModel {
        timeout_ms: 900_000,
        ..FunctionModel::default()
    };
    let layout = StreamLayout::uniform(4).unwrap();
    let source = EventSource::default();
    let mut group = c.benchmark_group("simulate 100k records, 1% failing, bisect");
    group.sample_size(10);
    for (name, rules) in [
        ("without failures", FailureRules::default()),
        ("1% poison", failures),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let input = SimulationInput::new(
                    black_box(&records),
                    &layout,
                    &mapping,
                    &function,
                    &source,
                )
                .with_failures(&rules);
                simulate(&input).mapping.batches.len()
            })
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    md5_kernels,
    resimulate_100k_keys_from_cached_keys,
    route_one_million_keys,
    simulate_100k_records,
    simulate_100k_records_with_failures
);
criterion_main!(benches);
