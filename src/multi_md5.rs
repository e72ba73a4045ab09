//! Multi-buffer MD5: many independent messages (partition keys) hashed at once, one per SIMD lane.
//!
//! One MD5 is a chain of 64 dependent steps per 64-byte block, so a single key cannot use vector
//! units; a simulation or a `route` run, though, always has many keys. Lane `j` of each 32-bit
//! vector holds message `j`'s state. A scalar scheduler hands each lane the next 64-byte block of
//! its message (MD5 padding included, built in place) and, when a lane's last block is done, reads
//! out that message's digest and gives the lane the next message. Keys of different lengths share
//! a batch without padding every lane to the longest: a lane is busy exactly as many blocks as its
//! own message has.
//!
//! Kernels (`Kernel`): SSE2 (always on x86_64, two 4-lane vectors interleaved for instruction-level
//! parallelism), AVX2 (8 lanes, two vectors interleaved; chosen at run time when the CPU has it),
//! wasm `simd128` (two 4-lane vectors; compiled in when the crate is built with
//! `-C target-feature=+simd128`, as `.cargo/config.toml` builds the page). Everywhere else, and for
//! a single message, the scalar `md-5` crate, which stays the reference the kernels are tested
//! against (`tests/it/multi_md5_matches_md5.rs`).
//!
//! Why not a crate: on crates.io in November 2026 `md5-many` is a 0.1.0 pre-release that needs
//! Rust 1.89 (this crate supports 1.85) and `md5-simd` targets object-storage ETags with x86_64
//! assembly and no wasm kernel; the page needs `simd128`, so this ~300-line kernel is ours.

use md5::{Digest, Md5};

/// The MD5 digest of one message.
pub type Md5Digest = [u8; 16];

/// A way to compute MD5s; [`Kernel::best`] is the fastest this machine (or browser build) has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kernel {
    /// One message at a time with the `md-5` crate: the reference.
    Scalar,
    /// x86_64 SSE2, 2 × 4 lanes.
    Sse2,
    /// x86_64 AVX2, 2 × 8 lanes (only where the CPU has AVX2).
    Avx2,
    /// WebAssembly `simd128`, 2 × 4 lanes (only in a build with `+simd128`).
    Simd128,
}

impl Kernel {
    /// Every kernel this machine can run, the scalar reference first.
    pub fn available() -> Vec<Kernel> {
        #[allow(unused_mut)] // a build with no SIMD kernel has only the scalar one
        let mut kernels = vec![Kernel::Scalar];
        #[cfg(target_arch = "x86_64")]
        {
            kernels.push(Kernel::Sse2);
            if std::arch::is_x86_feature_detected!("avx2") {
                kernels.push(Kernel::Avx2);
            }
        }
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        kernels.push(Kernel::Simd128);
        kernels
    }

    /// The fastest available kernel (the last of [`Kernel::available`]); the AVX2 check is cached
    /// by the standard library after its first call.
    pub fn best() -> Kernel {
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx2") {
                Kernel::Avx2
            } else {
                Kernel::Sse2
            }
        }
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        {
            Kernel::Simd128
        }
        #[cfg(not(any(
            target_arch = "x86_64",
            all(target_arch = "wasm32", target_feature = "simd128")
        )))]
        {
            Kernel::Scalar
        }
    }

    /// Writes the MD5 of message `i` (given by `message(i)` for `i` in `0..out.len()`) to
    /// `out[i]`. A kernel this machine lacks (not in [`Kernel::available`]) falls back to the
    /// scalar one.
    pub fn digests_into<'a>(self, message: impl Fn(usize) -> &'a [u8], out: &mut [Md5Digest]) {
        if out.len() < 2 {
            return scalar(message, out);
        }
        match self {
            Kernel::Scalar => scalar(message, out),
            #[cfg(target_arch = "x86_64")]
            Kernel::Sse2 => lanes::<x86::Pair<x86::Sse2>, 8>(message, out),
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx2 if std::arch::is_x86_feature_detected!("avx2") => {
                // SAFETY: the CPU has AVX2 (checked just above).
                unsafe { x86::avx2(message, out) }
            }
            #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
            Kernel::Simd128 => lanes::<wasm::Pair, 8>(message, out),
            _ => scalar(message, out),
        }
    }
}

/// The MD5 of each message, with the best kernel.
pub fn digests<M: AsRef<[u8]>>(messages: &[M]) -> Vec<Md5Digest> {
    digests_by(messages.len(), |i| messages[i].as_ref())
}

/// The MD5 of `message(i)` for each `i` in `0..count`, with the best kernel.
pub fn digests_by<'a>(count: usize, message: impl Fn(usize) -> &'a [u8]) -> Vec<Md5Digest> {
    let mut out = vec![[0; 16]; count];
    Kernel::best().digests_into(message, &mut out);
    out
}

fn scalar<'a>(message: impl Fn(usize) -> &'a [u8], out: &mut [Md5Digest]) {
    for (i, digest) in out.iter_mut().enumerate() {
        *digest = Md5::digest(message(i)).into();
    }
}

/// MD5's initial state (A, B, C, D).
const INITIAL: [u32; 4] = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];

/// floor(|sin(i + 1)| · 2^32), RFC 1321's table T.
const T: [u32; 64] = [
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
];

/// `N` lanes of 32-bit words. Implementations are private and only ever built inside a kernel
/// whose instruction set the caller has checked, so their methods may be safe.
trait Lanes<const N: usize>: Copy {
    fn splat(x: u32) -> Self;
    fn load(words: &[u32; N]) -> Self;
    fn store(self, words: &mut [u32; N]);
    fn add(self, other: Self) -> Self;
    fn and(self, other: Self) -> Self;
    fn or(self, other: Self) -> Self;
    fn xor(self, other: Self) -> Self;
    /// Rotate left by `L` bits; `R` is `32 - L` (stable Rust has no const-generic arithmetic).
    fn rotl<const L: i32, const R: i32>(self) -> Self;
}

/// Which message a lane is hashing and how far it is.
#[derive(Clone, Copy)]
struct Job {
    message: usize,
    block: usize,
    blocks: usize,
}

/// The number of 64-byte blocks of a message of `len` bytes once padded (0x80, zeros, the
/// 64-bit length).
fn block_count(len: usize) -> usize {
    (len + 8) / 64 + 1
}

/// The multi-buffer scheduler: each lane takes the next message when its own is done.
#[inline(always)]
fn lanes<'a, V: Lanes<N>, const N: usize>(
    message: impl Fn(usize) -> &'a [u8],
    out: &mut [Md5Digest],
) {
    let count = out.len();
    let mut state = [[0u32; N]; 4];
    let mut words = [[0u32; N]; 16];
    let mut jobs: [Option<Job>; N] = [None; N];
    let mut next = 0;
    let start = |lane: usize, state: &mut [[u32; N]; 4], next: &mut usize| {
        if *next == count {
            return None;
        }
        for (word, initial) in state.iter_mut().zip(INITIAL) {
            word[lane] = initial;
        }
        *next += 1;
        Some(Job {
            message: *next - 1,
            block: 0,
            blocks: block_count(message(*next - 1).len()),
        })
    };
    for (lane, job) in jobs.iter_mut().enumerate() {
        *job = start(lane, &mut state, &mut next);
    }
    while jobs.iter().any(Option::is_some) {
        for (lane, job) in jobs.iter().enumerate() {
            if let Some(job) = job {
                load_block(message(job.message), job.block, &mut words, lane);
            }
        }
        compress::<V, N>(&mut state, &words);
        for lane in 0..N {
            let Some(job) = &mut jobs[lane] else { continue };
            job.block += 1;
            if job.block == job.blocks {
                let digest = &mut out[job.message];
                for (k, word) in state.iter().enumerate() {
                    digest[4 * k..4 * k + 4].copy_from_slice(&word[lane].to_le_bytes());
                }
                jobs[lane] = start(lane, &mut state, &mut next);
            }
        }
    }
}

/// Writes block `block` of the padded `message` into lane `lane` of `words`.
#[inline(always)]
fn load_block<const N: usize>(
    message: &[u8],
    block: usize,
    words: &mut [[u32; N]; 16],
    lane: usize,
) {
    let begin = block * 64;
    if let Some(bytes) = message.get(begin..begin + 64) {
        for (i, word) in words.iter_mut().enumerate() {
            word[lane] = u32::from_le_bytes(bytes[4 * i..4 * i + 4].try_into().unwrap());
        }
        return;
    }
    let mut padded = [0u8; 64];
    let len = message.len();
    if begin <= len {
        padded[..len - begin].copy_from_slice(&message[begin..]);
        padded[len - begin] = 0x80;
    }
    if block + 1 == block_count(len) {
        padded[56..].copy_from_slice(&(len as u64 * 8).to_le_bytes());
    }
    for (i, word) in words.iter_mut().enumerate() {
        word[lane] = u32::from_le_bytes(padded[4 * i..4 * i + 4].try_into().unwrap());
    }
}

/// One MD5 compression of every lane's block (RFC 1321, section 3.4).
#[inline(always)]
fn compress<V: Lanes<N>, const N: usize>(state: &mut [[u32; N]; 4], words: &[[u32; N]; 16]) {
    let x: [V; 16] = std::array::from_fn(|i| V::load(&words[i]));
    let ones = V::splat(u32::MAX);
    let f = |b: V, c: V, d: V| d.xor(b.and(c.xor(d)));
    let g = |b: V, c: V, d: V| c.xor(d.and(b.xor(c)));
    let h = |b: V, c: V, d: V| b.xor(c).xor(d);
    let i = |b: V, c: V, d: V| c.xor(b.or(d.xor(ones)));
    let [mut a, mut b, mut c, mut d] = [0, 1, 2, 3].map(|k| V::load(&state[k]));
    let initial = [a, b, c, d];
    macro_rules! step {
        ($f:ident, $a:ident, $b:ident, $c:ident, $d:ident, $x:literal, $t:literal, $s:literal) => {
            $a = $b.add(
                $a.add($f($b, $c, $d))
                    .add(V::splat(T[$t]))
                    .add(x[$x])
                    .rotl::<$s, { 32 - $s }>(),
            );
        };
    }
    step!(f, a, b, c, d, 0, 0, 7);
    step!(f, d, a, b, c, 1, 1, 12);
    step!(f, c, d, a, b, 2, 2, 17);
    step!(f, b, c, d, a, 3, 3, 22);
    step!(f, a, b, c, d, 4, 4, 7);
    step!(f, d, a, b, c, 5, 5, 12);
    step!(f, c, d, a, b, 6, 6, 17);
    step!(f, b, c, d, a, 7, 7, 22);
    step!(f, a, b, c, d, 8, 8, 7);
    step!(f, d, a, b, c, 9, 9, 12);
    step!(f, c, d, a, b, 10, 10, 17);
    step!(f, b, c, d, a, 11, 11, 22);
    step!(f, a, b, c, d, 12, 12, 7);
    step!(f, d, a, b, c, 13, 13, 12);
    step!(f, c, d, a, b, 14, 14, 17);
    step!(f, b, c, d, a, 15, 15, 22);
    step!(g, a, b, c, d, 1, 16, 5);
    step!(g, d, a, b, c, 6, 17, 9);
    step!(g, c, d, a, b, 11, 18, 14);
    step!(g, b, c, d, a, 0, 19, 20);
    step!(g, a, b, c, d, 5, 20, 5);
    step!(g, d, a, b, c, 10, 21, 9);
    step!(g, c, d, a, b, 15, 22, 14);
    step!(g, b, c, d, a, 4, 23, 20);
    step!(g, a, b, c, d, 9, 24, 5);
    step!(g, d, a, b, c, 14, 25, 9);
    step!(g, c, d, a, b, 3, 26, 14);
    step!(g, b, c, d, a, 8, 27, 20);
    step!(g, a, b, c, d, 13, 28, 5);
    step!(g, d, a, b, c, 2, 29, 9);
    step!(g, c, d, a, b, 7, 30, 14);
    step!(g, b, c, d, a, 12, 31, 20);
    step!(h, a, b, c, d, 5, 32, 4);
    step!(h, d, a, b, c, 8, 33, 11);
    step!(h, c, d, a, b, 11, 34, 16);
    step!(h, b, c, d, a, 14, 35, 23);
    step!(h, a, b, c, d, 1, 36, 4);
    step!(h, d, a, b, c, 4, 37, 11);
    step!(h, c, d, a, b, 7, 38, 16);
    step!(h, b, c, d, a, 10, 39, 23);
    step!(h, a, b, c, d, 13, 40, 4);
    step!(h, d, a, b, c, 0, 41, 11);
    step!(h, c, d, a, b, 3, 42, 16);
    step!(h, b, c, d, a, 6, 43, 23);
    step!(h, a, b, c, d, 9, 44, 4);
    step!(h, d, a, b, c, 12, 45, 11);
    step!(h, c, d, a, b, 15, 46, 16);
    step!(h, b, c, d, a, 2, 47, 23);
    step!(i, a, b, c, d, 0, 48, 6);
    step!(i, d, a, b, c, 7, 49, 10);
    step!(i, c, d, a, b, 14, 50, 15);
    step!(i, b, c, d, a, 5, 51, 21);
    step!(i, a, b, c, d, 12, 52, 6);
    step!(i, d, a, b, c, 3, 53, 10);
    step!(i, c, d, a, b, 10, 54, 15);
    step!(i, b, c, d, a, 1, 55, 21);
    step!(i, a, b, c, d, 8, 56, 6);
    step!(i, d, a, b, c, 15, 57, 10);
    step!(i, c, d, a, b, 6, 58, 15);
    step!(i, b, c, d, a, 13, 59, 21);
    step!(i, a, b, c, d, 4, 60, 6);
    step!(i, d, a, b, c, 11, 61, 10);
    step!(i, c, d, a, b, 2, 62, 15);
    step!(i, b, c, d, a, 9, 63, 21);
    for (k, value) in [a, b, c, d].into_iter().enumerate() {
        value.add(initial[k]).store(&mut state[k]);
    }
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    //! SSE2 (x86_64's baseline) and AVX2 (`avx2` is enabled only for the function that
    //! [`super::Kernel::digests_into`] calls after checking the CPU).
    use super::{lanes, Lanes, Md5Digest};
    use std::arch::x86_64::*;

    #[derive(Clone, Copy)]
    pub struct Sse2(__m128i);

    // SAFETY (every block below): SSE2 is part of the x86_64 baseline.
    impl Lanes<4> for Sse2 {
        #[inline(always)]
        fn splat(x: u32) -> Self {
            Sse2(unsafe { _mm_set1_epi32(x as i32) })
        }
        #[inline(always)]
        fn load(words: &[u32; 4]) -> Self {
            Sse2(unsafe { _mm_loadu_si128(words.as_ptr().cast()) })
        }
        #[inline(always)]
        fn store(self, words: &mut [u32; 4]) {
            unsafe { _mm_storeu_si128(words.as_mut_ptr().cast(), self.0) }
        }
        #[inline(always)]
        fn add(self, other: Self) -> Self {
            Sse2(unsafe { _mm_add_epi32(self.0, other.0) })
        }
        #[inline(always)]
        fn and(self, other: Self) -> Self {
            Sse2(unsafe { _mm_and_si128(self.0, other.0) })
        }
        #[inline(always)]
        fn or(self, other: Self) -> Self {
            Sse2(unsafe { _mm_or_si128(self.0, other.0) })
        }
        #[inline(always)]
        fn xor(self, other: Self) -> Self {
            Sse2(unsafe { _mm_xor_si128(self.0, other.0) })
        }
        #[inline(always)]
        fn rotl<const L: i32, const R: i32>(self) -> Self {
            Sse2(unsafe { _mm_or_si128(_mm_slli_epi32::<L>(self.0), _mm_srli_epi32::<R>(self.0)) })
        }
    }

    #[derive(Clone, Copy)]
    pub struct Avx2(__m256i);

    // SAFETY (every block below): `Avx2` values exist only inside `avx2`, which the caller
    // runs after checking that the CPU has AVX2; inlined there, these compile with AVX2 enabled.
    impl Lanes<8> for Avx2 {
        #[inline(always)]
        fn splat(x: u32) -> Self {
            Avx2(unsafe { _mm256_set1_epi32(x as i32) })
        }
        #[inline(always)]
        fn load(words: &[u32; 8]) -> Self {
            Avx2(unsafe { _mm256_loadu_si256(words.as_ptr().cast()) })
        }
        #[inline(always)]
        fn store(self, words: &mut [u32; 8]) {
            unsafe { _mm256_storeu_si256(words.as_mut_ptr().cast(), self.0) }
        }
        #[inline(always)]
        fn add(self, other: Self) -> Self {
            Avx2(unsafe { _mm256_add_epi32(self.0, other.0) })
        }
        #[inline(always)]
        fn and(self, other: Self) -> Self {
            Avx2(unsafe { _mm256_and_si256(self.0, other.0) })
        }
        #[inline(always)]
        fn or(self, other: Self) -> Self {
            Avx2(unsafe { _mm256_or_si256(self.0, other.0) })
        }
        #[inline(always)]
        fn xor(self, other: Self) -> Self {
            Avx2(unsafe { _mm256_xor_si256(self.0, other.0) })
        }
        #[inline(always)]
        fn rotl<const L: i32, const R: i32>(self) -> Self {
            Avx2(unsafe {
                _mm256_or_si256(
                    _mm256_slli_epi32::<L>(self.0),
                    _mm256_srli_epi32::<R>(self.0),
                )
            })
        }
    }

    /// Two vectors side by side: MD5's steps form one dependency chain, so a second
    /// independent chain fills the execution ports the first leaves idle.
    #[derive(Clone, Copy)]
    pub struct Pair<V>(V, V);

    macro_rules! pair {
        ($v:ty, $half:literal, $full:literal) => {
            impl Lanes<$full> for Pair<$v> {
                #[inline(always)]
                fn splat(x: u32) -> Self {
                    Pair(<$v>::splat(x), <$v>::splat(x))
                }
                #[inline(always)]
                fn load(words: &[u32; $full]) -> Self {
                    let (low, high) = words.split_at($half);
                    Pair(
                        <$v>::load(low.try_into().unwrap()),
                        <$v>::load(high.try_into().unwrap()),
                    )
                }
                #[inline(always)]
                fn store(self, words: &mut [u32; $full]) {
                    let (low, high) = words.split_at_mut($half);
                    self.0.store(low.try_into().unwrap());
                    self.1.store(high.try_into().unwrap());
                }
                #[inline(always)]
                fn add(self, o: Self) -> Self {
                    Pair(self.0.add(o.0), self.1.add(o.1))
                }
                #[inline(always)]
                fn and(self, o: Self) -> Self {
                    Pair(self.0.and(o.0), self.1.and(o.1))
                }
                #[inline(always)]
                fn or(self, o: Self) -> Self {
                    Pair(self.0.or(o.0), self.1.or(o.1))
                }
                #[inline(always)]
                fn xor(self, o: Self) -> Self {
                    Pair(self.0.xor(o.0), self.1.xor(o.1))
                }
                #[inline(always)]
                fn rotl<const L: i32, const R: i32>(self) -> Self {
                    Pair(self.0.rotl::<L, R>(), self.1.rotl::<L, R>())
                }
            }
        };
    }
    pair!(Sse2, 4, 8);
    pair!(Avx2, 8, 16);

    /// The AVX2 kernel.
    ///
    /// # Safety
    /// The CPU must have AVX2.
    #[target_feature(enable = "avx2")]
    pub unsafe fn avx2<'a>(message: impl Fn(usize) -> &'a [u8], out: &mut [Md5Digest]) {
        lanes::<Pair<Avx2>, 16>(message, out)
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod wasm {
    //! WebAssembly `simd128`, compiled in only when the whole build enables it.
    use super::Lanes;
    use core::arch::wasm32::*;

    #[derive(Clone, Copy)]
    pub struct Simd128(v128);

    impl Lanes<4> for Simd128 {
        #[inline(always)]
        fn splat(x: u32) -> Self {
            Simd128(u32x4_splat(x))
        }
        #[inline(always)]
        fn load(words: &[u32; 4]) -> Self {
            // SAFETY: 16 readable bytes; wasm loads need no alignment.
            Simd128(unsafe { v128_load(words.as_ptr().cast()) })
        }
        #[inline(always)]
        fn store(self, words: &mut [u32; 4]) {
            // SAFETY: 16 writable bytes; wasm stores need no alignment.
            unsafe { v128_store(words.as_mut_ptr().cast(), self.0) }
        }
        #[inline(always)]
        fn add(self, other: Self) -> Self {
            Simd128(u32x4_add(self.0, other.0))
        }
        #[inline(always)]
        fn and(self, other: Self) -> Self {
            Simd128(v128_and(self.0, other.0))
        }
        #[inline(always)]
        fn or(self, other: Self) -> Self {
            Simd128(v128_or(self.0, other.0))
        }
        #[inline(always)]
        fn xor(self, other: Self) -> Self {
            Simd128(v128_xor(self.0, other.0))
        }
        #[inline(always)]
        fn rotl<const L: i32, const R: i32>(self) -> Self {
            Simd128(v128_or(
                u32x4_shl(self.0, L as u32),
                u32x4_shr(self.0, R as u32),
            ))
        }
    }

    /// Two vectors side by side, as on x86_64.
    #[derive(Clone, Copy)]
    pub struct Pair(Simd128, Simd128);

    impl Lanes<8> for Pair {
        #[inline(always)]
        fn splat(x: u32) -> Self {
            Pair(Simd128::splat(x), Simd128::splat(x))
        }
        #[inline(always)]
        fn load(words: &[u32; 8]) -> Self {
            let (low, high) = words.split_at(4);
            Pair(
                Simd128::load(low.try_into().unwrap()),
                Simd128::load(high.try_into().unwrap()),
            )
        }
        #[inline(always)]
        fn store(self, words: &mut [u32; 8]) {
            let (low, high) = words.split_at_mut(4);
            self.0.store(low.try_into().unwrap());
            self.1.store(high.try_into().unwrap());
        }
        #[inline(always)]
        fn add(self, o: Self) -> Self {
            Pair(self.0.add(o.0), self.1.add(o.1))
        }
        #[inline(always)]
        fn and(self, o: Self) -> Self {
            Pair(self.0.and(o.0), self.1.and(o.1))
        }
        #[inline(always)]
        fn or(self, o: Self) -> Self {
            Pair(self.0.or(o.0), self.1.or(o.1))
        }
        #[inline(always)]
        fn xor(self, o: Self) -> Self {
            Pair(self.0.xor(o.0), self.1.xor(o.1))
        }
        #[inline(always)]
        fn rotl<const L: i32, const R: i32>(self) -> Self {
            Pair(self.0.rotl::<L, R>(), self.1.rotl::<L, R>())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every padding case (lengths around 55/56/64 bytes and their multiples) in one batch of
    /// mixed lengths, against `md-5` with each kernel this machine has.
    #[test]
    fn every_kernel_matches_md5_on_every_padding_case() {
        let messages: Vec<Vec<u8>> = (0..200usize)
            .map(|len| (0..len).map(|i| (i * 7 + len) as u8).collect())
            .collect();
        let expected: Vec<Md5Digest> = messages.iter().map(|m| Md5::digest(m).into()).collect();
        for kernel in Kernel::available() {
            let mut out = vec![[0; 16]; messages.len()];
            kernel.digests_into(|i| &messages[i], &mut out);
            assert_eq!(out, expected, "{kernel:?}");
        }
        assert_eq!(block_count(55), 1);
        assert_eq!(block_count(56), 2);
        assert_eq!(block_count(64), 2);
        assert_eq!(block_count(119), 2);
        assert_eq!(block_count(120), 3);
    }
}
