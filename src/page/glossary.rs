//! The page's words, defined once: the glossary every term on the page links to. AWS's own words
//! where AWS has one (execution environment, ParallelizationFactor, IteratorAge); ours, marked
//! so, where it has none (lane, hot, concurrency ceiling).

/// One glossary entry: its id (`term-{id}` in the page), the term and what it means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub id: &'static str,
    pub term: &'static str,
    pub meaning: &'static str,
}

pub const GLOSSARY: &[Entry] = &[
    Entry {
        id: "hash-key",
        term: "Hash key, hash key space",
        meaning: "Kinesis turns each partition key into a 128-bit number: the MD5 of its UTF-8 bytes, read big-endian. Every number from 0 to 2¹²⁸−1 (the hash key space) belongs to exactly one open shard, which owns a range of it; an ExplicitHashKey replaces the MD5.",
    },
    Entry {
        id: "shard",
        term: "Shard",
        meaning: "A sequence of records in a stream, in the order they arrived, owning a range of the hash key space. Writes: 1 MiB/s and 1,000 records/s per shard.",
    },
    Entry {
        id: "lane",
        term: "Lane (our word, a model)",
        meaning: "With ParallelizationFactor N, Lambda runs up to N batches of one shard at once and keeps records of one partition key in order. AWS does not say how it splits a shard; Shardlane models N lanes per shard and puts each key in lane MD5 % N.",
    },
    Entry {
        id: "parallelization-factor",
        term: "ParallelizationFactor",
        meaning: "The event source mapping's number of batches of one shard processed at once (1–10). At 1 a shard's records are processed strictly in order; above 1, in order per partition key.",
    },
    Entry {
        id: "batching-window",
        term: "Batching window (MaximumBatchingWindowInSeconds)",
        meaning: "How long Lambda may wait to fill a batch. A batch closes when it holds BatchSize records, when the window ends, or when its event would pass 6 MB; \"closed by BatchingWindow at 0 ms\" means it went as soon as records were there.",
    },
    Entry {
        id: "execution-environment",
        term: "Execution environment (Env)",
        meaning: "The instance of the function that runs an invocation. Each concurrent invocation has its own; a finished one is reused by a later invocation of any shard, so one shard's batches may run in different environments. Which one picks which batch is a model here.",
    },
    Entry {
        id: "concurrency-ceiling",
        term: "Concurrency ceiling (our word)",
        meaning: "The most invocations that can run at once: open shards × ParallelizationFactor, but only lanes that hold records ever run, and reserved concurrency caps it. Few distinct keys cap it however many shards there are.",
    },
    Entry {
        id: "peak-concurrency",
        term: "Peak reached",
        meaning: "The most invocations that did run at once in this simulation; below the ceiling when batches do not overlap in time.",
    },
    Entry {
        id: "hot-shard",
        term: "Hot shard (our rule)",
        meaning: "A shard holding at least twice the mean of the open shards and at least 20 records. In a handful of records two on one shard is chance, not skew.",
    },
    Entry {
        id: "iterator-age",
        term: "IteratorAge",
        meaning: "AWS's metric: when an invocation finishes, how old its last record is. A climbing line is a shard falling behind.",
    },
    Entry {
        id: "model",
        term: "* A model",
        meaning: "Where AWS publishes no rule (lanes, batch timing, which environment runs a batch, when polls happen), Shardlane follows a model and marks the result with *.",
    },
];

/// The entry with this id.
pub fn entry(id: &str) -> Option<&'static Entry> {
    GLOSSARY.iter().find(|entry| entry.id == id)
}

/// The words each glossary entry is found by in a sentence (lower case).
const FOUND_BY: &[(&str, &[&str])] = &[
    ("concurrency-ceiling", &["concurrency ceiling"]),
    ("peak-concurrency", &["peak reached"]),
    ("hot-shard", &[" hot", "hot "]),
    ("lane", &[" lane"]),
    ("execution-environment", &["execution environment"]),
    ("parallelization-factor", &["parallelizationfactor"]),
    ("batching-window", &["batchingwindow", "batching window"]),
    ("hash-key", &["hash key"]),
    ("iterator-age", &["iteratorage", "iterator age"]),
];

/// The glossary entries a sentence uses, in glossary order: the page puts a "?" for each beside
/// it.
pub fn terms_in(sentence: &str) -> Vec<&'static str> {
    let lower = sentence.to_lowercase();
    GLOSSARY
        .iter()
        .filter(|entry| {
            FOUND_BY
                .iter()
                .any(|(id, words)| *id == entry.id && words.iter().any(|w| lower.contains(w)))
        })
        .map(|entry| entry.id)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_term_a_sentence_uses_is_found_and_defined() {
        assert_eq!(
            terms_in("Concurrency ceiling 3; peak reached 3. Only 3 of the 40 lanes (4 open shards × ParallelizationFactor 10) hold records"),
            ["lane", "parallelization-factor", "concurrency-ceiling", "peak-concurrency"]
        );
        assert_eq!(
            terms_in("shardId-000000000001 is hot: 30 records"),
            ["hot-shard"]
        );
        assert_eq!(terms_in("Records of one shard"), Vec::<&str>::new());
        for (id, _) in FOUND_BY {
            assert!(entry(id).is_some(), "{id} is defined");
        }
    }
}
