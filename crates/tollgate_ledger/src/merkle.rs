//! RFC 6962 (Certificate Transparency) Merkle tree hashing and proofs, with the
//! verification algorithms of RFC 9162 section 2.1.

use sha2::{Digest, Sha256};

pub type Hash = [u8; 32];

/// SHA-256(0x00 ‖ entry).
pub fn leaf_hash(entry: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(entry);
    h.finalize().into()
}

/// SHA-256(0x01 ‖ left ‖ right).
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([1u8]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// The root of the empty tree: SHA-256 of the empty string.
pub fn empty_root() -> Hash {
    Sha256::digest(b"").into()
}

/// The largest power of two smaller than `n` (n ≥ 2).
fn split(n: usize) -> usize {
    debug_assert!(n >= 2);
    1 << (usize::BITS - 1 - (n - 1).leading_zeros())
}

/// The tree head of a list of leaf hashes, computed iteratively from perfect subtrees.
pub fn root(leaves: &[Hash]) -> Hash {
    let mut frontier = Frontier::default();
    for l in leaves {
        frontier.push(*l);
    }
    frontier.root()
}

/// The right edge of a growing tree: one hash per perfect subtree, largest first. Gives the
/// root at the current size in O(log n), so a whole log and every checkpoint along it are
/// verified in one pass.
#[derive(Clone, Debug, Default)]
pub struct Frontier {
    /// (height, hash) of perfect subtrees, strictly decreasing heights.
    nodes: Vec<(u32, Hash)>,
    size: u64,
}

impl Frontier {
    pub fn push(&mut self, leaf: Hash) {
        let mut node = (0u32, leaf);
        while let Some(&(h, left)) = self.nodes.last() {
            if h != node.0 {
                break;
            }
            self.nodes.pop();
            node = (h + 1, node_hash(&left, &node.1));
        }
        self.nodes.push(node);
        self.size += 1;
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    pub fn root(&self) -> Hash {
        let mut iter = self.nodes.iter().rev();
        let Some(&(_, mut acc)) = iter.next() else {
            return empty_root();
        };
        for (_, left) in iter {
            acc = node_hash(left, &acc);
        }
        acc
    }
}

/// Audit path of leaf `index` in the tree of `leaves` (RFC 6962 PATH).
pub fn inclusion_proof(index: usize, leaves: &[Hash]) -> Option<Vec<Hash>> {
    if index >= leaves.len() {
        return None;
    }
    let mut proof = Vec::new();
    path(index, leaves, &mut proof);
    Some(proof)
}

fn path(m: usize, leaves: &[Hash], out: &mut Vec<Hash>) {
    let n = leaves.len();
    if n <= 1 {
        return;
    }
    let k = split(n);
    if m < k {
        path(m, &leaves[..k], out);
        out.push(root(&leaves[k..]));
    } else {
        path(m - k, &leaves[k..], out);
        out.push(root(&leaves[..k]));
    }
}

/// Consistency proof from the tree of the first `m` leaves to the tree of all `leaves`
/// (RFC 6962 PROOF). `m` must be between 1 and the number of leaves.
pub fn consistency_proof(m: usize, leaves: &[Hash]) -> Option<Vec<Hash>> {
    if m == 0 || m > leaves.len() {
        return None;
    }
    let mut proof = Vec::new();
    subproof(m, leaves, true, &mut proof);
    Some(proof)
}

fn subproof(m: usize, leaves: &[Hash], complete: bool, out: &mut Vec<Hash>) {
    let n = leaves.len();
    if m == n {
        if !complete {
            out.push(root(leaves));
        }
        return;
    }
    let k = split(n);
    if m <= k {
        subproof(m, &leaves[..k], complete, out);
        out.push(root(&leaves[k..]));
    } else {
        subproof(m - k, &leaves[k..], false, out);
        out.push(root(&leaves[..k]));
    }
}

/// Whether `proof` shows leaf `leaf` at `index` in the tree of `size` leaves with `root`.
pub fn verify_inclusion(index: u64, size: u64, leaf: &Hash, proof: &[Hash], root: &Hash) -> bool {
    if index >= size {
        return false;
    }
    let (mut fn_, mut sn) = (index, size - 1);
    let mut r = *leaf;
    for p in proof {
        if sn == 0 {
            return false;
        }
        if fn_ & 1 == 1 || fn_ == sn {
            r = node_hash(p, &r);
            if fn_ & 1 == 0 {
                while fn_ & 1 == 0 && fn_ != 0 {
                    fn_ >>= 1;
                    sn >>= 1;
                }
            }
        } else {
            r = node_hash(&r, p);
        }
        fn_ >>= 1;
        sn >>= 1;
    }
    sn == 0 && r == *root
}

/// The root of the tree of the `index` leaves before leaf `index`, read from its audit path
/// in a tree of `size` leaves: the path's left siblings are exactly the perfect subtrees
/// that make up that prefix. Only meaningful for a path that [`verify_inclusion`] accepted.
pub fn prefix_root(index: u64, size: u64, proof: &[Hash]) -> Option<Hash> {
    if index >= size {
        return None;
    }
    let (mut fn_, mut sn) = (index, size - 1);
    let mut prefix: Option<Hash> = None;
    for p in proof {
        if sn == 0 {
            return None;
        }
        if fn_ & 1 == 1 || fn_ == sn {
            // A left sibling; the ones found later are larger and further left.
            prefix = Some(match prefix {
                None => *p,
                Some(acc) => node_hash(p, &acc),
            });
            if fn_ & 1 == 0 {
                while fn_ & 1 == 0 && fn_ != 0 {
                    fn_ >>= 1;
                    sn >>= 1;
                }
            }
        }
        fn_ >>= 1;
        sn >>= 1;
    }
    (sn == 0).then(|| prefix.unwrap_or_else(empty_root))
}

/// Whether `proof` shows the tree of `first` leaves with `root1` is a prefix of the tree of
/// `second` leaves with `root2`.
pub fn verify_consistency(
    first: u64,
    second: u64,
    proof: &[Hash],
    root1: &Hash,
    root2: &Hash,
) -> bool {
    if first == 0 || first > second {
        return false;
    }
    if first == second {
        return proof.is_empty() && root1 == root2;
    }
    let mut path: Vec<Hash> = Vec::with_capacity(proof.len() + 1);
    if first.is_power_of_two() {
        path.push(*root1);
    }
    path.extend_from_slice(proof);
    let Some((head, rest)) = path.split_first() else {
        return false;
    };
    let (mut fn_, mut sn) = (first - 1, second - 1);
    while fn_ & 1 == 1 {
        fn_ >>= 1;
        sn >>= 1;
    }
    let (mut fr, mut sr) = (*head, *head);
    for c in rest {
        if sn == 0 {
            return false;
        }
        if fn_ & 1 == 1 || fn_ == sn {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            if fn_ & 1 == 0 {
                while fn_ & 1 == 0 && fn_ != 0 {
                    fn_ >>= 1;
                    sn >>= 1;
                }
            }
        } else {
            sr = node_hash(&sr, c);
        }
        fn_ >>= 1;
        sn >>= 1;
    }
    sn == 0 && fr == *root1 && sr == *root2
}

/// Lowercase hex of a hash.
pub fn to_hex(h: &Hash) -> String {
    h.iter().map(|b| format!("{b:02x}")).collect()
}

/// A hash from 64 lowercase hex digits (uppercase is rejected so that every hash has one spelling).
pub fn from_hex(s: &str) -> Option<Hash> {
    let b = s.as_bytes();
    if b.len() != 64 {
        return None;
    }
    let val = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    let mut out = [0u8; 32];
    for i in 0..32 {
        out[i] = val(b[2 * i])? << 4 | val(b[2 * i + 1])?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Certificate Transparency reference leaves and tree heads (published test vectors).
    fn ct_leaves() -> Vec<Hash> {
        let data: [&[u8]; 8] = [
            b"",
            &[0x00],
            &[0x10],
            &[0x20, 0x21],
            &[0x30, 0x31],
            &[0x40, 0x41, 0x42, 0x43],
            &[0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
            &[
                0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d,
                0x6e, 0x6f,
            ],
        ];
        data.iter().map(|d| leaf_hash(d)).collect()
    }

    const ROOTS: [&str; 9] = [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    fn h(s: &str) -> Hash {
        from_hex(s).unwrap()
    }

    #[test]
    fn known_tree_heads() {
        let leaves = ct_leaves();
        for n in 0..=8 {
            assert_eq!(to_hex(&root(&leaves[..n])), ROOTS[n], "size {n}");
        }
    }

    #[test]
    fn known_inclusion_proofs() {
        let leaves = ct_leaves();
        // (0-based index, tree size, audit path)
        let vectors: [(usize, usize, &[&str]); 4] = [
            (
                0,
                8,
                &[
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
                ],
            ),
            (
                5,
                8,
                &[
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                ],
            ),
            (
                2,
                3,
                &["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],
            ),
            (
                1,
                5,
                &[
                    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                ],
            ),
        ];
        for (index, size, want) in vectors {
            let proof = inclusion_proof(index, &leaves[..size]).unwrap();
            let got: Vec<String> = proof.iter().map(to_hex).collect();
            assert_eq!(got, want, "index {index} size {size}");
            assert!(verify_inclusion(
                index as u64,
                size as u64,
                &leaves[index],
                &proof,
                &h(ROOTS[size])
            ));
            assert!(!verify_inclusion(
                index as u64,
                size as u64,
                &leaves[index],
                &proof,
                &h(ROOTS[0])
            ));
        }
    }

    #[test]
    fn known_consistency_proofs() {
        let leaves = ct_leaves();
        let vectors: [(usize, usize, &[&str]); 4] = [
            (1, 1, &[]),
            (
                1,
                8,
                &[
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
                ],
            ),
            (
                6,
                8,
                &[
                    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                ],
            ),
            (
                2,
                5,
                &[
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                ],
            ),
        ];
        for (m, n, want) in vectors {
            let proof = consistency_proof(m, &leaves[..n]).unwrap();
            let got: Vec<String> = proof.iter().map(to_hex).collect();
            assert_eq!(got, want, "{m} -> {n}");
            assert!(verify_consistency(
                m as u64,
                n as u64,
                &proof,
                &h(ROOTS[m]),
                &h(ROOTS[n])
            ));
        }
    }

    /// A small deterministic generator so property tests need no extra dependency.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    #[test]
    fn random_logs_every_proof_verifies_and_wrong_ones_do_not() {
        let mut rng = Rng(0x6962_9162);
        for _ in 0..60 {
            let n = 1 + rng.below(70) as usize;
            let leaves: Vec<Hash> = (0..n)
                .map(|_| leaf_hash(&rng.next().to_le_bytes()))
                .collect();
            let mut frontier = Frontier::default();
            let mut roots = Vec::new();
            for l in &leaves {
                frontier.push(*l);
                roots.push(frontier.root());
            }
            for (i, r) in roots.iter().enumerate() {
                assert_eq!(*r, root(&leaves[..=i]));
            }
            let size = n as u64;
            let top = roots[n - 1];
            for i in 0..n {
                let proof = inclusion_proof(i, &leaves).unwrap();
                assert!(verify_inclusion(i as u64, size, &leaves[i], &proof, &top));
                // The path also gives the root of the entries before the leaf.
                assert_eq!(
                    prefix_root(i as u64, size, &proof),
                    Some(root(&leaves[..i])),
                    "prefix of {i} in {n}"
                );
                // Wrong leaf, wrong index, wrong size, damaged or shortened proof: all refused.
                let other = leaf_hash(b"not in the log");
                assert!(!verify_inclusion(i as u64, size, &other, &proof, &top));
                if n > 1 {
                    let j = (i + 1 + rng.below(n as u64 - 1) as usize) % n;
                    assert!(
                        !verify_inclusion(j as u64, size, &leaves[i], &proof, &top)
                            || leaves[i] == leaves[j]
                    );
                }
                if !proof.is_empty() {
                    let mut bad = proof.clone();
                    let k = rng.below(bad.len() as u64) as usize;
                    bad[k][rng.below(32) as usize] ^= 1 << rng.below(8);
                    assert!(!verify_inclusion(i as u64, size, &leaves[i], &bad, &top));
                    assert!(!verify_inclusion(
                        i as u64,
                        size,
                        &leaves[i],
                        &proof[1..],
                        &top
                    ));
                }
            }
            for m in 1..=n {
                let proof = consistency_proof(m, &leaves).unwrap();
                assert!(
                    verify_consistency(m as u64, size, &proof, &roots[m - 1], &top),
                    "{m} -> {n}"
                );
                if m < n {
                    let mut bad_root = roots[m - 1];
                    bad_root[0] ^= 1;
                    assert!(!verify_consistency(m as u64, size, &proof, &bad_root, &top));
                    if !proof.is_empty() {
                        let mut bad = proof.clone();
                        let k = rng.below(bad.len() as u64) as usize;
                        bad[k][rng.below(32) as usize] ^= 1;
                        assert!(!verify_consistency(
                            m as u64,
                            size,
                            &bad,
                            &roots[m - 1],
                            &top
                        ));
                    }
                }
            }
        }
    }

    #[test]
    fn hex_is_strict() {
        assert!(from_hex(&"A".repeat(64)).is_none());
        assert!(from_hex("00").is_none());
        assert_eq!(
            from_hex(ROOTS[0]).map(|h| to_hex(&h)).as_deref(),
            Some(ROOTS[0])
        );
    }
}
