//! Colours that stay apart: partition keys numbered in order of first appearance, and each number
//! given a hue a golden angle (≈137.5°) from the one before, with lightness stepping too, so keys
//! that look alike ("100", "101") never get look-alike colours. Colour is never the only cue: the
//! table names the key, the timeline numbers and patterns its environments.

use crate::producers::ProducerRun;
use std::collections::HashMap;

const GOLDEN_ANGLE: f64 = 137.507_764;

/// The hue (degrees) and lightness (%) of colour number `index`.
pub fn hue_and_lightness(index: usize) -> (f64, u32) {
    let hue = (index as f64 * GOLDEN_ANGLE) % 360.0;
    let lightness = [48, 60, 40][(index / 3) % 3];
    (hue, lightness)
}

/// CSS colour number `index`.
pub fn colour(index: usize) -> String {
    let (hue, lightness) = hue_and_lightness(index);
    format!("hsl({hue:.0} 65% {lightness}%)")
}

/// For each record of the run, its key's colour number (keys numbered by first appearance).
pub fn key_numbers(run: &ProducerRun) -> Vec<usize> {
    let mut numbers: HashMap<&str, usize> = HashMap::new();
    run.records
        .iter()
        .map(|record| {
            let next = numbers.len();
            *numbers.entry(record.partition_key.as_str()).or_insert(next)
        })
        .collect()
}

/// How many fill patterns the timeline cycles through (beside the colour and the #number).
pub const ENVIRONMENT_PATTERNS: usize = 4;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbouring_colours_are_far_apart_in_hue() {
        for index in 0..200 {
            let (a, _) = hue_and_lightness(index);
            let (b, _) = hue_and_lightness(index + 1);
            let distance = (a - b).abs().min(360.0 - (a - b).abs());
            assert!(distance > 100.0, "{index}: {a} and {b}");
        }
    }

    #[test]
    fn keys_are_numbered_by_first_appearance() {
        let run = ProducerRun {
            records: ["100", "101", "100", "7"]
                .iter()
                .map(|k| crate::record::ProducedRecord::new(*k, vec![]))
                .collect(),
            ..ProducerRun::default()
        };
        assert_eq!(key_numbers(&run), [0, 1, 0, 2]);
        assert_ne!(colour(0), colour(1));
    }
}
