//! The multi-buffer MD5 kernels (`shardlane::multi_md5`) against the scalar `md-5` crate, the
//! reference: every length from 0 to 600 bytes (every padding case, up to 10 blocks) in ASCII and
//! in multi-byte UTF-8, and random batches whose keys all have different lengths, for each kernel
//! this machine has (SSE2 and, where the CPU has it, AVX2; the wasm `simd128` kernel runs the same
//! checks in Chromium in `tests/web.rs`).

use md5::{Digest, Md5};
use proptest::prelude::*;
use shardlane::multi_md5::{Kernel, Md5Digest};
use shardlane::HashKey;

fn reference(messages: &[String]) -> Vec<Md5Digest> {
    messages
        .iter()
        .map(|m| Md5::digest(m.as_bytes()).into())
        .collect()
}

fn check_every_kernel(messages: &[String]) {
    let expected = reference(messages);
    let kernels = Kernel::available();
    assert!(kernels.len() > 1, "a SIMD kernel runs here: {kernels:?}");
    for kernel in kernels {
        let mut out = vec![[0; 16]; messages.len()];
        kernel.digests_into(|i| messages[i].as_bytes(), &mut out);
        for (i, (got, want)) in out.iter().zip(&expected).enumerate() {
            assert_eq!(
                got,
                want,
                "{kernel:?}: message {i} of {} bytes",
                messages[i].len()
            );
        }
    }
}

/// A string of exactly `len` bytes mixing 1-, 2-, 3- and 4-byte UTF-8 characters.
fn utf8_of_length(len: usize, seed: usize) -> String {
    let characters = ['a', 'é', '日', '😀', '"', '\u{0}', '\u{7ff}', '\u{10ffff}'];
    let mut text = String::new();
    let mut i = seed;
    while text.len() < len {
        let c = characters[i % characters.len()];
        i += 1;
        if text.len() + c.len_utf8() <= len {
            text.push(c);
        } else {
            text.push('z');
        }
    }
    text
}

#[test]
fn every_length_from_0_to_600_bytes_ascii_and_utf8() {
    // In one batch, in an order that gives neighbouring lanes different block counts.
    let mut messages: Vec<String> = (0..=600)
        .flat_map(|len| [utf8_of_length(len, len), "x".repeat(len)])
        .collect();
    messages.reverse();
    messages.rotate_left(7);
    check_every_kernel(&messages);
    // And each length alone and in pairs (the smallest batches).
    for len in 0..=600 {
        check_every_kernel(&[utf8_of_length(len, 3)]);
        check_every_kernel(&[utf8_of_length(len, 1), "y".repeat(600 - len)]);
    }
}

#[test]
fn hash_keys_from_the_batch_api_equal_one_at_a_time() {
    let keys: Vec<String> = (0..10_000).map(|i| format!("user-{i}")).collect();
    let one_by_one: Vec<HashKey> = keys
        .iter()
        .map(|k| HashKey::from_partition_key(k))
        .collect();
    assert_eq!(HashKey::from_partition_keys(&keys), one_by_one);
    assert_eq!(
        HashKey::from_partition_keys(&["a"]),
        [HashKey(0x0cc175b9c0f1b6a831c399e269772661)]
    );
    assert!(HashKey::from_partition_keys::<&str>(&[]).is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Batches of 0 to 70 keys of any Unicode text and any length up to 600 bytes.
    #[test]
    fn random_batches_of_mixed_lengths_match_md5(
        messages in proptest::collection::vec(
            prop_oneof![".{0,40}", ".{0,150}", "[a-z]{0,600}"]
                .prop_map(|s: String| s.chars().scan(0, |len, c| {
                    *len += c.len_utf8();
                    (*len <= 600).then_some(c)
                }).collect::<String>()),
            0..70,
        )
    ) {
        check_every_kernel(&messages);
    }
}
