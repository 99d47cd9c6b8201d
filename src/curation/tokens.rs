//! Curators' accounts and bearer tokens.
//!
//! A token is `mlg_{id}_{secret}`: `id` names the token (listed, revoked by
//! it), `secret` is 32 random bytes. Only `sha256(salt ‖ secret)` and the salt
//! are kept, in a JSON file beside the store (`tokens.json` in the data folder
//! by default), never in the graph; the secret is printed once, at creation.
//! Checking compares hashes in constant time.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use subtle::ConstantTimeEq;

/// What a token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Import, retract, revert their own imports, submit documents.
    Curator,
    /// Everything: SPARQL Update, Graph Store writes, reverting anyone's imports.
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Curator => "curator",
            Self::Admin => "admin",
        }
    }
}

/// One token as kept on disk.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TokenRecord {
    pub id: String,
    /// The account name, as recorded in the history.
    pub name: String,
    pub role: Role,
    pub created: String,
    salt: String,
    hash: String,
    #[serde(default)]
    pub revoked: bool,
}

/// Who a valid token belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub name: String,
    pub role: Role,
    pub token_id: String,
}

/// The token file.
#[derive(Debug, Clone)]
pub struct Tokens {
    path: PathBuf,
    records: Vec<TokenRecord>,
}

#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("cannot read or write the token file {path}: {message}")]
    File { path: String, message: String },
    #[error("account names are 1 to 64 letters, digits, '.', '-' or '_': {0:?}")]
    BadName(String),
    #[error("no token with id {0:?}")]
    Unknown(String),
    #[error("no random source: {0}")]
    Random(String),
}

impl Tokens {
    /// The default token file of a data folder.
    pub fn default_path(data: &Path) -> PathBuf {
        data.join("tokens.json")
    }

    /// Reads the token file (an absent file has no tokens).
    pub fn load(path: &Path) -> Result<Self, TokenError> {
        let records = match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| file_error(path, e))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(file_error(path, e)),
        };
        Ok(Self {
            path: path.to_owned(),
            records,
        })
    }

    /// Creates a token; returns it (the only time the secret is seen) and its record.
    pub fn add(
        &mut self,
        name: &str,
        role: Role,
        now: &str,
    ) -> Result<(String, TokenRecord), TokenError> {
        let valid = !name.is_empty()
            && name.len() <= 64
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
        if !valid {
            return Err(TokenError::BadName(name.to_owned()));
        }
        let id = hex(&random::<4>()?);
        let secret = hex(&random::<32>()?);
        let salt = hex(&random::<16>()?);
        let record = TokenRecord {
            hash: digest(&salt, &secret),
            id: id.clone(),
            name: name.to_owned(),
            role,
            created: now.to_owned(),
            salt,
            revoked: false,
        };
        self.records.push(record.clone());
        self.save()?;
        Ok((format!("mlg_{id}_{secret}"), record))
    }

    pub fn list(&self) -> &[TokenRecord] {
        &self.records
    }

    pub fn revoke(&mut self, id: &str) -> Result<(), TokenError> {
        let record = self
            .records
            .iter_mut()
            .find(|r| r.id == id)
            .ok_or_else(|| TokenError::Unknown(id.to_owned()))?;
        record.revoked = true;
        self.save()
    }

    /// The account of a presented token, if it is valid and not revoked.
    pub fn check(&self, presented: &str) -> Option<Account> {
        let (id, secret) = presented.strip_prefix("mlg_")?.split_once('_')?;
        let record = self.records.iter().find(|r| r.id == id && !r.revoked)?;
        let equal: bool = digest(&record.salt, secret)
            .as_bytes()
            .ct_eq(record.hash.as_bytes())
            .into();
        equal.then(|| Account {
            name: record.name.clone(),
            role: record.role,
            token_id: record.id.clone(),
        })
    }

    /// Writes the file atomically (a temporary file renamed over it), readable by its owner only.
    fn save(&self) -> Result<(), TokenError> {
        let bytes =
            serde_json::to_vec_pretty(&self.records).map_err(|e| file_error(&self.path, e))?;
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| file_error(&self.path, e))?;
        }
        let temporary = self.path.with_extension("json.tmp");
        std::fs::write(&temporary, bytes).map_err(|e| file_error(&self.path, e))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&temporary, std::fs::Permissions::from_mode(0o600));
        }
        std::fs::rename(&temporary, &self.path).map_err(|e| file_error(&self.path, e))
    }
}

fn digest(salt: &str, secret: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(salt.as_bytes());
    hasher.update(secret.as_bytes());
    hex(&hasher.finalize())
}

fn random<const N: usize>() -> Result<[u8; N], TokenError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| TokenError::Random(e.to_string()))?;
    Ok(bytes)
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn file_error(path: &Path, e: impl std::fmt::Display) -> TokenError {
    TokenError::File {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_checks_until_revoked_and_only_its_hash_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = Tokens::default_path(dir.path());
        let mut tokens = Tokens::load(&path).unwrap();
        let (token, record) = tokens
            .add("alice", Role::Curator, "2026-11-29T00:00:00Z")
            .unwrap();
        let reloaded = Tokens::load(&path).unwrap();
        let account = reloaded.check(&token).expect("valid");
        assert_eq!(
            (account.name.as_str(), account.role),
            ("alice", Role::Curator)
        );
        let file = std::fs::read_to_string(&path).unwrap();
        let secret = token.rsplit('_').next().unwrap();
        assert!(!file.contains(secret), "the secret is not stored");
        // A wrong secret, a wrong id, garbage: refused.
        let mut wrong = token.clone();
        wrong.pop();
        wrong.push(if token.ends_with('0') { '1' } else { '0' });
        assert!(reloaded.check(&wrong).is_none());
        assert!(reloaded
            .check(&token.replace(&record.id, "00000000"))
            .is_none());
        assert!(reloaded.check("Bearer x").is_none());
        let mut tokens = reloaded;
        tokens.revoke(&record.id).unwrap();
        assert!(Tokens::load(&path).unwrap().check(&token).is_none());
        assert!(matches!(tokens.revoke("nope"), Err(TokenError::Unknown(_))));
    }

    #[test]
    fn names_are_checked() {
        let dir = tempfile::tempdir().unwrap();
        let mut tokens = Tokens::load(&dir.path().join("t.json")).unwrap();
        assert!(tokens.add("", Role::Admin, "now").is_err());
        assert!(tokens.add("a b", Role::Admin, "now").is_err());
        assert!(tokens.add("ops-1", Role::Admin, "now").is_ok());
    }
}
