//! A differential test against Python's hashlib: 100,000 awkward keys (ASCII, multi-byte UTF-8,
//! emoji, 1 and 256 characters) hash and route identically in Rust and in CPython, on uniform,
//! split, merged and rescaled layouts; the multi-buffer MD5 (`HashKey::from_partition_keys`) too.
//!
//! One `python3` process does all the work: the first stdin line is the layouts' open shards, then
//! one JSON string per line is a key; it answers one JSON line per key with the MD5 hex digest, the
//! hash key as a decimal and, for each layout, the shard whose range holds it (bisect over the
//! starting keys, then a check of the ending key), computed with Python integers only.

use crate::support::{aws_vectors, Keys};
use serde_json::{json, Value};
use shardlane::layout::StreamLayout;
use shardlane::{HashKey, Router};
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

const PYTHON: &str = r#"
import bisect, hashlib, json, sys
layouts = [(list(map(int, l["starts"])), list(map(int, l["ends"])), l["ids"])
           for l in json.loads(sys.stdin.readline())]
out = sys.stdout
for line in sys.stdin:
    key = json.loads(line)
    digest = hashlib.md5(key.encode("utf-8"))
    h = int(digest.hexdigest(), 16)
    shards = []
    for starts, ends, ids in layouts:
        i = bisect.bisect_right(starts, h) - 1
        shards.append(ids[i] if i >= 0 and h <= ends[i] else None)
    out.write(json.dumps([digest.hexdigest(), str(h), shards]) + "\n")
"#;

/// Uniform streams of several sizes, and streams reshaped by each kind of resharding.
fn layouts() -> Vec<StreamLayout> {
    let mut layouts: Vec<StreamLayout> = [1, 2, 3, 4, 5, 7, 10, 1000]
        .iter()
        .map(|&n| StreamLayout::uniform(n).unwrap())
        .collect();
    let three = StreamLayout::uniform(3).unwrap();
    // An uneven split (not at the middle), so child boundaries are nowhere near uniform ones.
    let split = three
        .split(
            "shardId-000000000001",
            HashKey(150_000_000_000_000_000_000_000_000_000_000_000_000),
        )
        .unwrap();
    let merged = split
        .merge("shardId-000000000000", "shardId-000000000003")
        .unwrap();
    let split_again = merged.split_in_half("shardId-000000000005").unwrap();
    let rescaled = split_again.update_shard_count(5).unwrap();
    layouts.extend([split, merged, split_again, rescaled]);
    layouts
}

fn open_shards_json(layout: &StreamLayout) -> Value {
    let open = layout.open_shard_indices();
    let field = |f: &dyn Fn(usize) -> String| open.iter().map(|&i| f(i)).collect::<Vec<_>>();
    json!({
        "starts": field(&|i| layout.shards[i].range.start.to_string()),
        "ends": field(&|i| layout.shards[i].range.end.to_string()),
        "ids": field(&|i| layout.shards[i].id.clone()),
    })
}

#[test]
fn hashes_and_shards_match_cpython_for_100000_keys() {
    let mut generator = Keys::new(0x5eed);
    let mut keys: Vec<String> = (0..100_000).map(|_| generator.partition_key()).collect();
    // The vectors' keys too, and the edges of the character ranges.
    keys.extend(
        aws_vectors()["md5_hash_keys"]
            .as_object()
            .unwrap()
            .keys()
            .cloned(),
    );
    keys.extend(
        [
            "\u{7f}",
            "\u{80}",
            "\u{7ff}",
            "\u{800}",
            "\u{ffff}",
            "\u{10000}",
            "\u{10ffff}",
        ]
        .map(String::from),
    );
    let count = |f: &dyn Fn(&String) -> bool| keys.iter().filter(|k| f(k)).count();
    assert!(count(&|k| k.chars().count() == 1) > 1000);
    assert!(count(&|k| k.chars().count() == 256) > 1000);
    assert!(count(&|k| k.is_ascii()) > 10_000);
    assert!(count(&|k| k.chars().any(|c| (2..=3).contains(&c.len_utf8()))) > 10_000);
    assert!(
        count(&|k| k.chars().any(|c| c.len_utf8() == 4)) > 10_000,
        "emoji"
    );

    let layouts = layouts();
    let mut python = Command::new("python3")
        .args(["-B", "-c", PYTHON])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 is installed");
    let mut stdin = python.stdin.take().unwrap();
    let job: Vec<Value> = layouts.iter().map(open_shards_json).collect();
    let writer_keys = keys.clone();
    // Write from a thread: Python answers while it reads, so neither pipe may fill up.
    let writer = std::thread::spawn(move || {
        let mut input = std::io::BufWriter::new(&mut stdin);
        writeln!(input, "{}", Value::from(job)).unwrap();
        for key in &writer_keys {
            writeln!(input, "{}", Value::from(key.as_str())).unwrap();
        }
    });
    let routers: Vec<Router> = layouts.iter().map(Router::new).collect();
    // The multi-buffer kernel, as route and simulate use it, and the scalar one.
    let batch = HashKey::from_partition_keys(&keys);
    let mut answered = 0;
    for ((key, line), &batch_hash_key) in keys
        .iter()
        .zip(BufReader::new(python.stdout.take().unwrap()).lines())
        .zip(&batch)
    {
        let answer: Value = serde_json::from_str(&line.unwrap()).unwrap();
        let hash_key = HashKey::from_partition_key(key);
        assert_eq!(batch_hash_key, hash_key, "multi-buffer MD5 of {key:?}");
        assert_eq!(hash_key.to_hex(), answer[0], "MD5 of {key:?}");
        assert_eq!(hash_key.to_string(), answer[1], "hash key of {key:?}");
        let python_shards = answer[2].as_array().unwrap();
        assert_eq!(python_shards.len(), layouts.len());
        for ((layout, router), python_shard) in layouts.iter().zip(&routers).zip(python_shards) {
            let shard = router.route(hash_key).map(|i| layout.shards[i].id.as_str());
            assert!(shard.is_some(), "a valid layout routes every key");
            assert_eq!(shard, python_shard.as_str(), "shard of {key:?}");
        }
        answered += 1;
    }
    writer.join().unwrap();
    assert!(python.wait().unwrap().success());
    assert_eq!(answered, keys.len(), "Python answered every key");
}
