//! Each product's evidence log on the server: every applied scan and every triage
//! decision is appended to the product's ledger (the same signed, tamper-evident log the
//! CLI keeps), with a signed checkpoint after each append.

use std::path::PathBuf;
use std::sync::Mutex;
use tollgate_ledger::note::NoteSigner;
use tollgate_ledger::Ledger;

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

    /// Appends one record (canonical JSON) to a product's ledger and signs a checkpoint.
    pub fn append(&self, product: &str, record: &serde_json::Value) -> Result<u64, String> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let ledger = match open.entry(product.to_string()) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(v) => {
                let dir = self.product_dir(product);
                std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                v.insert(
                    Ledger::open(&dir, Some(&format!("tollgate-server/{product}")))
                        .map_err(|e| e.to_string())?,
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
