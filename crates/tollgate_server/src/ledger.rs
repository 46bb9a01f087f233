//! Each product's evidence log on the server: every applied scan and every triage
//! decision is appended to the product's ledger (the same signed, tamper-evident log the
//! CLI keeps), with a signed checkpoint after each append.

use std::path::PathBuf;
use std::sync::Mutex;
use tollgate_ledger::checkpoint::Checkpoint;
use tollgate_ledger::note::NoteSigner;
use tollgate_ledger::tiles::TileId;
use tollgate_ledger::{merkle, Ledger};

/// The ledgers under the data directory, and the server's signing key.
pub struct Ledgers {
    dir: PathBuf,
    signer: NoteSigner,
    /// Each product's ledger, opened once (reading it is proportional to its size) and
    /// kept open: a ledger catches up with other processes' appends before each of its
    /// own. Appends take turns under this lock.
    open: Mutex<std::collections::HashMap<String, Ledger>>,
    /// The public key auditors verify checkpoints with.
    pub verifier: String,
}

impl Ledgers {
    /// Opens (or on the first start creates) the server's signing key in `data_dir`.
    pub fn open(data_dir: &std::path::Path) -> Result<Ledgers, String> {
        let key = data_dir.join("ledger-signing.key");
        let pub_path = data_dir.join("ledger-verifier.key");
        if !key.exists() {
            let verifier = tollgate_ledger::keys::generate_to_file("tollgate-server", &key)
                .map_err(|e| e.to_string())?;
            std::fs::write(&pub_path, format!("{verifier}\n"))
                .map_err(|e| format!("{}: {e}", pub_path.display()))?;
        }
        let signer = tollgate_ledger::keys::load_signer(Some(&key))
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("{}: no signing key", key.display()))?;
        let verifier = std::fs::read_to_string(&pub_path)
            .map_err(|e| format!("{}: {e}", pub_path.display()))?
            .trim()
            .to_string();
        Ok(Ledgers {
            dir: data_dir.join("ledgers"),
            signer,
            open: Mutex::new(std::collections::HashMap::new()),
            verifier,
        })
    }

    /// The directory of a product's ledger.
    pub fn product_dir(&self, product: &str) -> PathBuf {
        self.dir.join(product)
    }

    /// The log's name of a product's ledger: the first line of its checkpoints.
    pub fn origin(product: &str) -> String {
        format!("tollgate-server/{product}")
    }

    /// Runs `f` on a product's ledger, opened (never created) when it is not open yet;
    /// `None` for a product with nothing recorded.
    fn with_ledger<T>(
        &self,
        product: &str,
        f: impl FnOnce(Option<&Ledger>) -> Result<T, String>,
    ) -> Result<T, String> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        if !open.contains_key(product) {
            let dir = self.product_dir(product);
            if !dir.join("ledger.json").exists() {
                return f(None);
            }
            let l = Ledger::open(&dir, None).map_err(|e| e.to_string())?;
            open.insert(product.to_string(), l);
        }
        f(open.get(product))
    }

    /// The latest signed checkpoint of a product's ledger. A product with nothing recorded
    /// yet has a checkpoint of the empty tree, signed on request (Ed25519 signatures are
    /// deterministic, so it is the same note every time) and never stored.
    pub fn checkpoint(&self, product: &str) -> Result<String, String> {
        self.with_ledger(product, |l| {
            let latest = match l {
                Some(l) => l.latest_checkpoint().map_err(|e| e.to_string())?,
                None => None,
            };
            match latest {
                Some(note) => Ok(note),
                None if l.map_or(true, |l| l.size() == 0) => Checkpoint {
                    origin: Self::origin(product),
                    size: 0,
                    root: merkle::empty_root(),
                }
                .sign(&self.signer)
                .map_err(|e| e.to_string()),
                None => Err(format!("{product}: entries but no checkpoint")),
            }
        })
    }

    /// Tile `id` of the tree of a product's latest checkpoint; `None` when that tree has
    /// no such tile (see [`tollgate_ledger::tiles::render`]).
    pub fn tile(&self, product: &str, id: TileId) -> Result<Option<Vec<u8>>, String> {
        self.with_ledger(product, |l| {
            let Some(l) = l else { return Ok(None) };
            let Some(note) = l.latest_checkpoint().map_err(|e| e.to_string())? else {
                return Ok(None);
            };
            let cp = Checkpoint::parse_unverified(&note).map_err(|e| e.to_string())?;
            if cp.size > l.size() || l.root_at(cp.size) != cp.root {
                return Err(format!(
                    "{product}: the ledger does not match its latest checkpoint (size {})",
                    cp.size
                ));
            }
            tollgate_ledger::tiles::render(l, cp.size, id).map_err(|e| e.to_string())
        })
    }

    /// Appends one record (canonical JSON) to a product's ledger and signs a checkpoint.
    pub fn append(&self, product: &str, record: &serde_json::Value) -> Result<u64, String> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let ledger = match open.entry(product.to_string()) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(v) => {
                let dir = self.product_dir(product);
                std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                v.insert(
                    Ledger::open(&dir, Some(&Self::origin(product))).map_err(|e| e.to_string())?,
                )
            }
        };
        let body = serde_json::to_vec(record).map_err(|e| e.to_string())?;
        let index = ledger
            .append(&body, Some(&self.signer))
            .map_err(|e| e.to_string())?;
        ledger.checkpoint(&self.signer).map_err(|e| e.to_string())?;
        Ok(index)
    }
}
