//! Shared test helpers: AWS's vectors, layouts and a seeded generator of awkward keys.

use serde_json::Value;
use shardlane::layout::StreamLayout;
use shardlane::{HashKey, Router};

/// `shared/vectors/aws.json`, which sits beside the repository.
pub fn aws_vectors() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/vectors/aws.json");
    serde_json::from_str(
        &std::fs::read_to_string(path).expect("shared/vectors/aws.json beside the repo"),
    )
    .unwrap()
}

pub fn key(decimal: &str) -> HashKey {
    HashKey(decimal.parse().unwrap())
}

pub fn shard_id_of(layout: &StreamLayout, hash_key: HashKey) -> String {
    let index = Router::new(layout)
        .route(hash_key)
        .expect("every key has an open shard");
    layout.shards[index].id.clone()
}

/// xorshift64*: deterministic, so a failure always reproduces.
pub struct Keys(u64);

impl Keys {
    pub fn new(seed: u64) -> Keys {
        Keys(seed | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn char_from(&mut self, alphabet: &[char]) -> char {
        alphabet[(self.next_u64() % alphabet.len() as u64) as usize]
    }

    /// A partition key of 1..=256 characters mixing ASCII, multi-byte UTF-8 and emoji.
    pub fn partition_key(&mut self) -> String {
        const ASCII: [char; 8] = ['a', 'Z', '0', '9', '-', '_', ' ', '~'];
        const MULTI_BYTE: [char; 6] = ['é', 'ß', 'Ж', '日', '本', '€'];
        const EMOJI: [char; 4] = ['😀', '🚀', '🦀', '🎉'];
        let length = match self.next_u64() % 10 {
            0 => 1,
            1 => 256,
            _ => 1 + (self.next_u64() % 40) as usize,
        };
        let style = self.next_u64() % 4;
        (0..length)
            .map(|_| match (style, self.next_u64() % 3) {
                (0, _) | (3, 0) => self.char_from(&ASCII),
                (1, _) | (3, 1) => self.char_from(&MULTI_BYTE),
                _ => self.char_from(&EMOJI),
            })
            .collect()
    }
}
