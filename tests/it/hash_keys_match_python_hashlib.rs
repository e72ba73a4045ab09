//! A differential test against Python's hashlib: 100,000 awkward keys (ASCII, multi-byte UTF-8,
//! emoji, 1 and 256 characters) hash and route identically in Rust and in CPython, on uniform,
//! split and merged layouts.

use crate::support::Keys;
use serde_json::{json, Value};
use shardlane::layout::StreamLayout;
use shardlane::{HashKey, Router};
use std::io::Write;
use std::process::{Command, Stdio};

const PYTHON: &str = r#"
import bisect, hashlib, json, sys
job = json.load(sys.stdin)
layouts = [(list(map(int, l["starts"])), list(map(int, l["ends"])), l["ids"]) for l in job["layouts"]]
out = []
for key in job["keys"]:
    h = int.from_bytes(hashlib.md5(key.encode("utf-8")).digest(), "big")
    shards = []
    for starts, ends, ids in layouts:
        i = bisect.bisect_right(starts, h) - 1
        shards.append(ids[i] if i >= 0 and h <= ends[i] else None)
    out.append([str(h), shards])
json.dump(out, sys.stdout)
"#;

fn layouts() -> Vec<StreamLayout> {
    let three = StreamLayout::uniform(3).unwrap();
    let split = three
        .split(
            "shardId-000000000001",
            HashKey(150_000_000_000_000_000_000_000_000_000_000_000_000),
        )
        .unwrap();
    let merged = split
        .merge("shardId-000000000000", "shardId-000000000003")
        .unwrap();
    let mut layouts: Vec<StreamLayout> = [1, 2, 4, 7, 10, 1000]
        .iter()
        .map(|&n| StreamLayout::uniform(n).unwrap())
        .collect();
    layouts.extend([three, split, merged]);
    layouts
}

#[test]
fn hashes_and_shards_match_cpython_for_100000_keys() {
    let mut generator = Keys::new(0x5eed);
    let keys: Vec<String> = (0..100_000).map(|_| generator.partition_key()).collect();
    assert!(
        keys.iter().any(|k| k.chars().count() == 256)
            && keys.iter().any(|k| k.chars().count() == 1)
    );
    assert!(
        keys.iter().any(|k| k.chars().any(|c| c.len_utf8() == 4)),
        "emoji are covered"
    );
    let layouts = layouts();
    let job = json!({
        "keys": keys,
        "layouts": layouts.iter().map(|layout| {
            let open = layout.open_shard_indices();
            json!({
                "starts": open.iter().map(|&i| layout.shards[i].range.start.to_string()).collect::<Vec<_>>(),
                "ends": open.iter().map(|&i| layout.shards[i].range.end.to_string()).collect::<Vec<_>>(),
                "ids": open.iter().map(|&i| layout.shards[i].id.clone()).collect::<Vec<_>>(),
            })
        }).collect::<Vec<_>>(),
    });
    let mut python = Command::new("python3")
        .args(["-c", PYTHON])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 is installed");
    python
        .stdin
        .take()
        .unwrap()
        .write_all(job.to_string().as_bytes())
        .unwrap();
    let output = python.wait_with_output().unwrap();
    assert!(output.status.success());
    let answers: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(answers.len(), keys.len());
    let routers: Vec<Router> = layouts.iter().map(Router::new).collect();
    for (key, answer) in keys.iter().zip(&answers) {
        let hash_key = HashKey::from_partition_key(key);
        assert_eq!(hash_key.to_string(), answer[0], "{key:?}");
        for ((layout, router), python_shard) in layouts
            .iter()
            .zip(&routers)
            .zip(answer[1].as_array().unwrap())
        {
            let shard = router.route(hash_key).map(|i| layout.shards[i].id.as_str());
            assert_eq!(shard, python_shard.as_str(), "{key:?}");
        }
    }
}
