//! C2SP signed notes with Ed25519 keys, in the encodings of Go's `sumdb/note` so that
//! other tooling can check Tollgate's checkpoints:
//!
//! - verifier key: `<name>+<hex key id>+<base64(0x01 ‖ public key)>`
//! - signer key:   `PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 ‖ seed)>`
//! - key id: the first 4 bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key)
//! - signature line: `— <name> <base64(key id ‖ signature)>`, signing the text including its
//!   final newline.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

const ALG_ED25519: u8 = 0x01;
const SIG_PREFIX: &str = "\u{2014} ";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum NoteError {
    #[error("malformed key: {0}")]
    Key(String),
    #[error("malformed signed note: {0}")]
    Malformed(String),
    #[error("the note has no signature by key '{0}'")]
    NoSignature(String),
    #[error(
        "the signature by key '{0}' does not verify: the note was changed or signed by another key"
    )]
    BadSignature(String),
}

fn key_id(name: &str, public: &[u8; 32]) -> [u8; 4] {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update(b"\n");
    h.update([ALG_ED25519]);
    h.update(public);
    let d = h.finalize();
    [d[0], d[1], d[2], d[3]]
}

fn valid_name(name: &str) -> bool {
    !name.is_empty() && !name.chars().any(|c| c.is_whitespace() || c == '+')
}

/// A note's text (with its final newline) and its signature block: signatures follow
/// the last blank line.
fn split(note: &str) -> Result<(&str, &str), NoteError> {
    let at = note
        .rfind("\n\n")
        .ok_or_else(|| NoteError::Malformed("no blank line before the signatures".into()))?;
    Ok((&note[..at + 1], &note[at + 2..]))
}

/// A note's text without checking any signature: for display only, never for trust.
pub fn unverified_text(note: &str) -> Result<&str, NoteError> {
    Ok(split(note)?.0)
}

/// `<name>+<key id>+<base64(0x01 ‖ 32 key bytes)>`: the name, the key id as written, the
/// key bytes. `format` and `kind` word the errors.
fn parse_key<'a>(
    text: &'a str,
    format: &str,
    kind: &str,
) -> Result<(&'a str, &'a str, [u8; 32]), NoteError> {
    let parts: Vec<&str> = text.splitn(3, '+').collect(); // key data may hold '+'
    if parts.len() != 3 || !valid_name(parts[0]) {
        return Err(NoteError::Key(format!("expected {format}")));
    }
    let raw = STANDARD
        .decode(parts[2])
        .map_err(|_| NoteError::Key("the key is not base64".into()))?;
    if raw.len() != 33 || raw[0] != ALG_ED25519 {
        return Err(NoteError::Key(format!("not an Ed25519 {kind} key")));
    }
    let mut key = [0u8; 32];
    key.copy_from_slice(&raw[1..]);
    Ok((parts[0], parts[1], key))
}

fn encode_key(name: &str, id: [u8; 4], key: &[u8; 32]) -> String {
    let mut raw = vec![ALG_ED25519];
    raw.extend_from_slice(key);
    format!("{name}+{}+{}", hex4(id), STANDARD.encode(raw))
}

fn hex4(id: [u8; 4]) -> String {
    id.iter().map(|b| format!("{b:02x}")).collect()
}

/// A private signing key with its name. Its `Debug` never shows the key.
pub struct NoteSigner {
    name: String,
    id: [u8; 4],
    key: SigningKey,
}

impl std::fmt::Debug for NoteSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NoteSigner({}+{})", self.name, hex4(self.id))
    }
}

impl NoteSigner {
    /// A new key from the operating system's random source.
    pub fn generate(name: &str) -> Result<NoteSigner, NoteError> {
        if !valid_name(name) {
            return Err(NoteError::Key(format!(
                "invalid key name '{name}': it must be non-empty, without spaces or '+'"
            )));
        }
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|e| NoteError::Key(format!("no randomness: {e}")))?;
        Ok(Self::from_seed(name, seed))
    }

    fn from_seed(name: &str, seed: [u8; 32]) -> NoteSigner {
        let key = SigningKey::from_bytes(&seed);
        let id = key_id(name, key.verifying_key().as_bytes());
        NoteSigner {
            name: name.to_string(),
            id,
            key,
        }
    }

    /// Parse `PRIVATE+KEY+<name>+<id>+<base64>`.
    pub fn parse(text: &str) -> Result<NoteSigner, NoteError> {
        let t = text.trim();
        let rest = t
            .strip_prefix("PRIVATE+KEY+")
            .ok_or_else(|| NoteError::Key("a signing key starts with PRIVATE+KEY+".into()))?;
        let (name, id, seed) = parse_key(rest, "PRIVATE+KEY+<name>+<key id>+<key>", "signing")?;
        let s = Self::from_seed(name, seed);
        if hex4(s.id) != id {
            return Err(NoteError::Key("the key id does not match the key".into()));
        }
        Ok(s)
    }

    /// The private key text. Only ever written to a 0600 file, never printed or logged.
    pub fn encode_private(&self) -> String {
        format!(
            "PRIVATE+KEY+{}",
            encode_key(&self.name, self.id, self.key.as_bytes())
        )
    }

    pub fn verifier(&self) -> NoteVerifier {
        NoteVerifier {
            name: self.name.clone(),
            id: self.id,
            key: self.key.verifying_key(),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The 4-byte key id, as in signature lines.
    pub fn key_id(&self) -> [u8; 4] {
        self.id
    }

    /// Raw Ed25519 signature (for DSSE envelopes and ledger entries).
    pub fn sign_bytes(&self, msg: &[u8]) -> [u8; 64] {
        self.key.sign(msg).to_bytes()
    }

    /// Sign `text` (which must end in a newline and hold no blank line) as a note.
    pub fn sign(&self, text: &str) -> Result<String, NoteError> {
        if !text.ends_with('\n') || text.contains("\n\n") || text.is_empty() {
            return Err(NoteError::Malformed(
                "note text must end in a newline and have no blank lines".into(),
            ));
        }
        let sig = self.key.sign(text.as_bytes());
        let mut raw = self.id.to_vec();
        raw.extend_from_slice(&sig.to_bytes());
        Ok(format!(
            "{text}\n{SIG_PREFIX}{} {}\n",
            self.name,
            STANDARD.encode(raw)
        ))
    }
}

impl NoteSigner {
    /// The signature block of the note of `text` (the lines after its blank line), kept in
    /// a file of its own beside `text`: `text`, a blank line and this block are the signed
    /// note. How a release's `SHA256SUMS` is signed (`SHA256SUMS.sig`).
    pub fn sign_detached(&self, text: &str) -> Result<String, NoteError> {
        let note = self.sign(text)?;
        Ok(note[text.len() + 1..].to_string())
    }
}

/// A public verifier key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteVerifier {
    name: String,
    id: [u8; 4],
    key: VerifyingKey,
}

impl NoteVerifier {
    /// Parse `<name>+<id>+<base64>`.
    pub fn parse(text: &str) -> Result<NoteVerifier, NoteError> {
        let (name, id_hex, pk) = parse_key(text.trim(), "<name>+<key id>+<key>", "verifier")?;
        let key = VerifyingKey::from_bytes(&pk)
            .map_err(|_| NoteError::Key("invalid Ed25519 public key".into()))?;
        let id = key_id(name, &pk);
        if hex4(id) != id_hex {
            return Err(NoteError::Key("the key id does not match the key".into()));
        }
        Ok(NoteVerifier {
            name: name.to_string(),
            id,
            key,
        })
    }

    pub fn encode(&self) -> String {
        encode_key(&self.name, self.id, self.key.as_bytes())
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Hex key id, as used in DSSE `keyid`.
    pub fn key_id_hex(&self) -> String {
        hex4(self.id)
    }

    /// The 4-byte key id, as in signature lines.
    pub fn key_id(&self) -> [u8; 4] {
        self.id
    }

    pub fn verify_bytes(&self, msg: &[u8], sig: &[u8]) -> bool {
        let Ok(sig) = <[u8; 64]>::try_from(sig) else {
            return false;
        };
        self.key
            .verify_strict(msg, &Signature::from_bytes(&sig))
            .is_ok()
    }

    /// Check `text` against a detached signature block (see [`NoteSigner::sign_detached`]).
    pub fn verify_detached(&self, text: &str, signatures: &str) -> Result<(), NoteError> {
        if !text.ends_with('\n') || text.contains("\n\n") {
            return Err(NoteError::Malformed(
                "signed text must end in a newline and have no blank lines".into(),
            ));
        }
        if signatures.contains("\n\n") {
            return Err(NoteError::Malformed(
                "a blank line in the signature block".into(),
            ));
        }
        self.open(&format!("{text}\n{signatures}")).map(|_| ())
    }

    /// Check a signed note and return its text. The first signature line by this key
    /// decides; lines by other keys are ignored.
    pub fn open<'a>(&self, note: &'a str) -> Result<&'a str, NoteError> {
        let (text, sigs) = split(note)?;
        if !sigs.ends_with('\n') {
            return Err(NoteError::Malformed(
                "the signature block must end in a newline".into(),
            ));
        }
        if text.bytes().any(|b| b < 0x20 && b != b'\n') {
            return Err(NoteError::Malformed(
                "control characters in the note text".into(),
            ));
        }
        for line in sigs[..sigs.len() - 1].split('\n') {
            let body = line.strip_prefix(SIG_PREFIX).ok_or_else(|| {
                NoteError::Malformed(
                    "a signature line must start with an em dash and a space".into(),
                )
            })?;
            let (name, b64) = body.split_once(' ').ok_or_else(|| {
                NoteError::Malformed("a signature line needs a name and a signature".into())
            })?;
            let raw = STANDARD
                .decode(b64)
                .map_err(|_| NoteError::Malformed("a signature is not base64".into()))?;
            if raw.len() < 4 || !valid_name(name) {
                return Err(NoteError::Malformed("a signature line is too short".into()));
            }
            if name != self.name || raw[..4] != self.id {
                continue;
            }
            return if self.verify_bytes(text.as_bytes(), &raw[4..]) {
                Ok(text)
            } else {
                Err(NoteError::BadSignature(self.name.clone()))
            };
        }
        Err(NoteError::NoSignature(self.name.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_open_and_key_round_trips() {
        let s = NoteSigner::generate("ledger.bank.example").unwrap();
        let v = s.verifier();
        assert_eq!(
            NoteSigner::parse(&s.encode_private()).unwrap().verifier(),
            v
        );
        assert_eq!(NoteVerifier::parse(&v.encode()).unwrap(), v);
        let note = s.sign("origin\n7\nAAAA\n").unwrap();
        assert!(note.contains("\n\n\u{2014} ledger.bank.example "));
        assert_eq!(v.open(&note).unwrap(), "origin\n7\nAAAA\n");
        let other = NoteSigner::generate("ledger.bank.example")
            .unwrap()
            .verifier();
        assert_eq!(
            other.open(&note),
            Err(NoteError::NoSignature("ledger.bank.example".into()))
        );
        let changed = note.replace("\n7\n", "\n8\n");
        assert_eq!(
            v.open(&changed),
            Err(NoteError::BadSignature("ledger.bank.example".into()))
        );
        assert!(format!("{s:?}").starts_with("NoteSigner(ledger.bank.example+"));
        assert!(!format!("{s:?}").contains(&s.encode_private()));
    }

    #[test]
    fn detached_signatures_verify_and_refuse_changes() {
        let s = NoteSigner::generate("releases.bank.example").unwrap();
        let v = s.verifier();
        let sums = "5f2b  tollgate-x86_64-linux\n";
        let sig = s.sign_detached(sums).unwrap();
        assert!(sig.starts_with("\u{2014} releases.bank.example ") && sig.ends_with('\n'));
        assert_eq!(v.verify_detached(sums, &sig), Ok(()));
        assert_eq!(
            v.verify_detached("5f2c  tollgate-x86_64-linux\n", &sig),
            Err(NoteError::BadSignature("releases.bank.example".into()))
        );
        let other = NoteSigner::generate("releases.bank.example").unwrap();
        assert!(other.verifier().verify_detached(sums, &sig).is_err());
        // A blank line smuggled in would move the split between text and signatures.
        assert!(v.verify_detached(sums, &format!("\n{sig}")).is_err());
        assert!(v.verify_detached("a\n\nb\n", &sig).is_err());
        assert!(s.sign_detached("no newline").is_err());
    }

    #[test]
    fn keys_whose_base64_holds_plus_signs_round_trip() {
        let mut with_plus = 0;
        for seed in 0..64u8 {
            let s = NoteSigner::from_seed("audit.bank.example/payments", [seed; 32]);
            let (private, public) = (s.encode_private(), s.verifier().encode());
            with_plus += usize::from(public.matches('+').count() > 2);
            assert_eq!(
                NoteSigner::parse(&private).unwrap().verifier(),
                s.verifier()
            );
            assert_eq!(NoteVerifier::parse(&public).unwrap(), s.verifier());
        }
        assert!(with_plus > 0, "no seed exercised a '+' in the key data");
    }

    #[test]
    fn key_id_is_as_specified() {
        // key id = SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4], checked independently here.
        let s = NoteSigner::from_seed("example.com/log", [7u8; 32]);
        let pk = s.key.verifying_key().to_bytes();
        let mut input = b"example.com/log\n\x01".to_vec();
        input.extend_from_slice(&pk);
        let d = Sha256::digest(&input);
        assert_eq!(s.verifier().key_id_hex(), hex4([d[0], d[1], d[2], d[3]]));
    }

    #[test]
    fn rejects_malformed_keys() {
        assert!(NoteVerifier::parse("name+00000000+AQ==").is_err());
        assert!(NoteVerifier::parse("bad name+00+AA").is_err());
        assert!(NoteSigner::parse("name+00+AA").is_err());
        let v = NoteSigner::generate("n").unwrap().verifier().encode();
        let wrong_id = format!("n+00000000+{}", v.rsplit('+').next().unwrap());
        assert!(NoteVerifier::parse(&wrong_id).is_err());
    }
}
