//! `route`: partition keys (or ExplicitHashKeys) on stdin, one per line, to their shards.

use crate::output::{write_line, RouteLine};
use crate::CliResult;
use shardlane::limits::{partition_key_length, PARTITION_KEY_LENGTH};
use shardlane::{HashKey, Router, StreamLayout};
use std::io::{BufRead, Write};

pub fn route(layout: &StreamLayout, explicit: bool) -> CliResult<()> {
    let router = Router::new(layout);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for (index, line) in std::io::stdin().lock().lines().enumerate() {
        let located = |message: String| format!("stdin line {}: {message}", index + 1);
        let line = line.map_err(|e| located(e.to_string()))?;
        let hash_key = if explicit {
            HashKey::parse_explicit(&line).map_err(|e| located(format!("{}: {e}", e.aws_code())))?
        } else {
            let length = partition_key_length(&line);
            if !PARTITION_KEY_LENGTH.contains(&length) {
                return Err(located(format!(
                    "a partition key must have {} to {} characters; this one has {length}",
                    PARTITION_KEY_LENGTH.start(),
                    PARTITION_KEY_LENGTH.end()
                )));
            }
            HashKey::from_partition_key(&line)
        };
        let shard = router
            .route(hash_key)
            .ok_or_else(|| located(format!("no open shard holds hash key {hash_key}")))?;
        let line = RouteLine {
            partition_key: (!explicit).then_some(line.as_str()),
            explicit_hash_key: explicit.then_some(line.as_str()),
            hash_key: hash_key.to_string(),
            shard_id: &layout.shards[shard].id,
        };
        write_line(&mut out, &line)?;
    }
    out.flush().map_err(|e| e.to_string())
}
