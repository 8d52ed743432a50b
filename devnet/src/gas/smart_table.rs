//! The `seen` table of `jobs::submit_job`, replayed for its cost.
//!
//! `submit_job` keeps the grant ids it has seen in an `aptos_std::smart_table` (a linear-hashing
//! table of buckets). Most of the execution gas a grant costs beyond its fixed part is spent
//! there: `contains` and `add` each walk the whole bucket the id hashes to, and an `add` that
//! pushes the load factor past 75% splits one bucket. Bucket sizes depend on the ids' SipHash, so
//! two jobs of the same size differ by up to ±3% of execution gas, which moves the largest batch
//! that fits the execution limit by a few grants. Replaying the table exactly (same hash, same
//! bucket index, same split rule as `smart_table.move`) gives the dev chain the same cost, and
//! therefore the same limit, for the same grant ids.

/// `smart_table::new()` defaults: split when `size * 100 / num_buckets / target_bucket_size`
/// reaches 75.
const SPLIT_LOAD_THRESHOLD: u64 = 75;
/// `target_bucket_size` = `1024 / size_of_val(&Entry { hash: u64, key: vector<u8>, value: bool })`
/// for a 16-byte key: 1024 / (8 + 1 + 16 + 1) = 39.
const TARGET_BUCKET_SIZE: u64 = 1024 / 26;

/// What one `add` of a new id cost, in table work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AddWork {
    /// Entries in the bucket the id went to, before it (walked by `contains` and by `add`).
    pub scanned: u64,
    /// Entries of the bucket split after the add (the split walks them all), when one was split.
    pub split: Option<u64>,
}

/// The table's shape: bucket sizes by index, as the Move code lays them out.
#[derive(Debug, Clone)]
pub struct SeenTable {
    /// Hashes of the entries, per bucket.
    buckets: Vec<Vec<u64>>,
    /// `level` of the linear hash.
    level: u32,
    /// Entries.
    size: u64,
}

impl Default for SeenTable {
    fn default() -> Self {
        Self::new()
    }
}

impl SeenTable {
    /// An empty table as `smart_table::new()` makes it: one bucket, split once (two buckets).
    pub fn new() -> Self {
        let mut table = SeenTable {
            buckets: vec![Vec::new()],
            level: 0,
            size: 0,
        };
        table.split_one_bucket();
        table
    }

    /// Buckets now.
    pub fn num_buckets(&self) -> u64 {
        self.buckets.len() as u64
    }

    /// Adds a 16-byte id known not to be in the table (the caller checked `contains`).
    pub fn add(&mut self, grant_id: &[u8]) -> AddWork {
        let hash = sip_hash_of_byte_vector(grant_id);
        let index = self.bucket_index(hash);
        let bucket = &mut self.buckets[index];
        let scanned = bucket.len() as u64;
        bucket.push(hash);
        self.size += 1;
        let load = self.size * 100 / self.num_buckets() / TARGET_BUCKET_SIZE;
        let split = (load >= SPLIT_LOAD_THRESHOLD).then(|| self.split_one_bucket());
        AddWork { scanned, split }
    }

    /// `split_one_bucket`: the next bucket in linear-hashing order is split in two; returns how
    /// many entries it held.
    fn split_one_bucket(&mut self) -> u64 {
        let new_index = self.buckets.len();
        let to_split = new_index ^ (1 << self.level);
        self.buckets.push(Vec::new());
        if to_split + 1 == 1 << self.level {
            self.level += 1;
        }
        let old = std::mem::take(&mut self.buckets[to_split]);
        let walked = old.len() as u64;
        let (moved, kept): (Vec<u64>, Vec<u64>) = old
            .into_iter()
            .partition(|h| self.bucket_index(*h) == new_index);
        self.buckets[to_split] = kept;
        self.buckets[new_index] = moved;
        walked
    }

    /// `bucket_index(level, num_buckets, hash)`.
    fn bucket_index(&self, hash: u64) -> usize {
        let index = hash % (1u64 << (self.level + 1));
        let index = if index < self.num_buckets() {
            index
        } else {
            index % (1u64 << self.level)
        };
        // Below num_buckets, which is a usize.
        index as usize
    }
}

/// `aptos_std::aptos_hash::sip_hash_from_value(&id)` for a `vector<u8>`: SipHash-2-4 with zero
/// keys over the value's BCS bytes (ULEB128 length, then the bytes).
fn sip_hash_of_byte_vector(bytes: &[u8]) -> u64 {
    let mut bcs = Vec::with_capacity(bytes.len() + 2);
    let mut len = bytes.len();
    loop {
        let byte = (len & 0x7f) as u8;
        len >>= 7;
        if len == 0 {
            bcs.push(byte);
            break;
        }
        bcs.push(byte | 0x80);
    }
    bcs.extend_from_slice(bytes);
    sip_hash_2_4(0, 0, &bcs)
}

/// SipHash-2-4 (Aumasson and Bernstein), what the Move native `sip_hash` computes with keys 0, 0.
fn sip_hash_2_4(k0: u64, k1: u64, data: &[u8]) -> u64 {
    let mut v = [
        k0 ^ 0x736f_6d65_7073_6575,
        k1 ^ 0x646f_7261_6e64_6f6d,
        k0 ^ 0x6c79_6765_6e65_7261,
        k1 ^ 0x7465_6462_7974_6573,
    ];
    fn round(v: &mut [u64; 4]) {
        v[0] = v[0].wrapping_add(v[1]);
        v[1] = v[1].rotate_left(13) ^ v[0];
        v[0] = v[0].rotate_left(32);
        v[2] = v[2].wrapping_add(v[3]);
        v[3] = v[3].rotate_left(16) ^ v[2];
        v[0] = v[0].wrapping_add(v[3]);
        v[3] = v[3].rotate_left(21) ^ v[0];
        v[2] = v[2].wrapping_add(v[1]);
        v[1] = v[1].rotate_left(17) ^ v[2];
        v[2] = v[2].rotate_left(32);
    }
    let compress = |m: u64, v: &mut [u64; 4]| {
        v[3] ^= m;
        round(v);
        round(v);
        v[0] ^= m;
    };
    let mut chunks = data.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        compress(u64::from_le_bytes(word), &mut v);
    }
    let mut last = [0u8; 8];
    let tail = chunks.remainder();
    last[..tail.len()].copy_from_slice(tail);
    // The message length (mod 256) in the top byte of the last word.
    last[7] = data.len() as u8;
    compress(u64::from_le_bytes(last), &mut v);
    v[2] ^= 0xff;
    for _ in 0..4 {
        round(&mut v);
    }
    v[0] ^ v[1] ^ v[2] ^ v[3]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Key 00..0f and messages 00, 00 01, ... from the SipHash paper's reference vectors.
    #[test]
    fn sip_hash_matches_the_reference_vectors() {
        let k0 = u64::from_le_bytes([0, 1, 2, 3, 4, 5, 6, 7]);
        let k1 = u64::from_le_bytes([8, 9, 10, 11, 12, 13, 14, 15]);
        let message: Vec<u8> = (0..15).collect();
        assert_eq!(sip_hash_2_4(k0, k1, &[]), 0x726f_db47_dd0e_0e31);
        assert_eq!(sip_hash_2_4(k0, k1, &message[..1]), 0x74f8_39c5_93dc_67fd);
        assert_eq!(sip_hash_2_4(k0, k1, &message[..8]), 0x93f5_f579_9a93_2462);
        assert_eq!(sip_hash_2_4(k0, k1, &message), 0xa129_ca61_49be_45e5);
    }

    /// The BCS encoding the Move native hashes: a 16-byte vector is `0x10` then the bytes.
    #[test]
    fn a_grant_id_is_hashed_as_its_bcs_bytes() {
        let id = [7u8; 16];
        let mut bcs = vec![16u8];
        bcs.extend_from_slice(&id);
        assert_eq!(sip_hash_of_byte_vector(&id), sip_hash_2_4(0, 0, &bcs));
    }

    #[test]
    fn the_table_splits_at_three_quarters_of_the_target_bucket_size() {
        let mut table = SeenTable::new();
        assert_eq!(table.num_buckets(), 2);
        // Two buckets split when the 59th entry lands (59 * 100 / 2 / 39 = 75).
        let splits: Vec<u64> = (0..59u32)
            .filter_map(|i| table.add(&i.to_le_bytes().repeat(4)).split)
            .collect();
        assert_eq!(splits.len(), 1);
        assert_eq!(table.num_buckets(), 3);
        let total: usize = table.buckets.iter().map(Vec::len).sum();
        assert_eq!(total, 59);
    }
}
