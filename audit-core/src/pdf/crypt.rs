//! Encrypted documents (ISO 32000-2 §7.6): what the /Encrypt dictionary says, and the standard
//! security handler (§7.6.4) that turns a password into the file key and decrypts strings and
//! streams object by object.
//!
//! Official documents are often encrypted only to carry permission restrictions ("no printing,
//! no copying") behind an empty user password: every reader opens them without a prompt, so a
//! verifier must too. Supported: revisions 2-6 of the standard handler, RC4 with 40- to 128-bit
//! keys, AES-128 (AESV2) and AES-256 (AESV3, with the revision 6 hash of Algorithm 2.B), crypt
//! filters (/CF, /StmF, /StrF, /Identity and per-stream /Crypt filters) and /EncryptMetadata false.
//! The public-key handler (/Adobe.PubSec, §7.6.5) needs the recipient's private key, which a
//! verifier never has: it is recognised and refused with that reason.
//!
//! Every loop here is bounded by constants of the standard (50 MD5 rounds, 20 RC4 rounds, at most
//! 288 rounds of Algorithm 2.B), so a hostile /Encrypt dictionary costs microseconds.

use std::collections::BTreeMap;

use aes::cipher::block_padding::NoPadding;
use aes::cipher::generic_array::GenericArray;
use aes::cipher::{BlockDecrypt, BlockDecryptMut, BlockEncryptMut, KeyInit, KeyIvInit};
use md5::{Digest, Md5};

use super::object::{Dictionary, Object, ObjectId};

/// Algorithm 2, step a: the padding string (§7.6.4.3.2).
const PAD: [u8; 32] = [
    0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08,
    0x2E, 0x2E, 0x00, 0xB6, 0xD0, 0x68, 0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A,
];

/// How strings or streams are encrypted (the crypt filter method, §7.6.6, Table 25 /CFM).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CryptMethod {
    /// Not encrypted (/Identity, /CFM /None).
    Identity,
    /// RC4 with the per-object key of Algorithm 1 (/V 1, 2 or /CFM /V2).
    Rc4,
    /// AES-128-CBC with the per-object key of Algorithm 1 (/CFM /AESV2).
    AesV2,
    /// AES-256-CBC with the file key (/CFM /AESV3).
    AesV3,
}

impl CryptMethod {
    fn from_cfm(name: Option<&[u8]>) -> Result<Self, CryptError> {
        match name {
            None | Some(b"None") => Ok(Self::Identity),
            Some(b"V2") => Ok(Self::Rc4),
            Some(b"AESV2") => Ok(Self::AesV2),
            Some(b"AESV3") => Ok(Self::AesV3),
            Some(other) => Err(CryptError::Unsupported {
                what: "crypt filter method /CFM",
                value: String::from_utf8_lossy(other).into_owned(),
            }),
        }
    }
}

/// Why a document cannot be decrypted, or a string or stream of it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CryptError {
    /// §7.6.5: the public-key handler encrypts the file key for the recipients' certificates;
    /// only a recipient's private key can recover it.
    #[error("encrypted for certificate holders (public-key security handler /{filter}): no key to decrypt it with")]
    PublicKey { filter: String },
    #[error("the document is encrypted with an unknown security handler /{filter}")]
    UnknownHandler { filter: String },
    #[error("unsupported encryption: {what} {value}")]
    Unsupported { what: &'static str, value: String },
    #[error("malformed /Encrypt dictionary: {0}")]
    Malformed(&'static str),
    /// Neither the given password (the empty one when none was given) opens the document as
    /// user nor as owner.
    #[error("a password is required to open the document (the {} password does not open it)", if *.given { "given" } else { "empty" })]
    PasswordRequired { given: bool },
    #[error("encrypted data is corrupt: {0}")]
    Corrupt(&'static str),
}

/// The facts of an /Encrypt dictionary (Table 20, Table 21), readable without any key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncryptionFacts {
    /// /Filter: `Standard`, `Adobe.PubSec`, or another handler's name.
    pub filter: String,
    pub sub_filter: Option<String>,
    /// /V: the algorithm version.
    pub version: i64,
    /// /R: the standard handler's revision (absent for other handlers).
    pub revision: Option<i64>,
    /// Length of the file key in bits.
    pub key_bits: Option<u32>,
    /// /P: the permission flags (Table 22), as the signed 32-bit integer written.
    pub permissions: Option<i32>,
    /// /EncryptMetadata (default true): false leaves metadata streams in clear.
    pub encrypt_metadata: bool,
    /// How strings are encrypted (/StrF, or implied by /V).
    pub strings: CryptMethod,
    /// How streams are encrypted (/StmF, or implied by /V).
    pub streams: CryptMethod,
}

impl EncryptionFacts {
    /// Reads the dictionary's facts; errors only when they cannot be made sense of.
    pub fn read(dict: &Dictionary) -> Result<Self, CryptError> {
        let filter = dict
            .get_name(b"Filter")
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .ok_or(CryptError::Malformed("no /Filter name"))?;
        let sub_filter = dict
            .get_name(b"SubFilter")
            .map(|n| String::from_utf8_lossy(n).into_owned());
        let version = dict.get_integer(b"V").unwrap_or(0);
        let revision = dict.get_integer(b"R");
        let permissions = dict
            .get_integer(b"P")
            // Some writers put /P as the unsigned 32-bit value: keep its bits.
            .map(|p| i32::try_from(p).unwrap_or((p & 0xFFFF_FFFF) as u32 as i32));
        let encrypt_metadata = !matches!(dict.get(b"EncryptMetadata"), Some(Object::Bool(false)));
        let filters = crypt_filters(dict)?;
        let length = dict.get_integer(b"Length");
        let (strings, streams, key_bits) = match version {
            1 => (CryptMethod::Rc4, CryptMethod::Rc4, 40),
            2 => {
                let bits = length.unwrap_or(40);
                if !(40..=128).contains(&bits) || bits % 8 != 0 {
                    return Err(CryptError::Unsupported {
                        what: "RC4 key length",
                        value: bits.to_string(),
                    });
                }
                (CryptMethod::Rc4, CryptMethod::Rc4, bits)
            }
            4 | 5 => {
                let pick = |key: &[u8]| -> Result<(CryptMethod, Option<i64>), CryptError> {
                    match dict.get_name(key) {
                        None | Some(b"Identity") => Ok((CryptMethod::Identity, None)),
                        Some(name) => filters.get(name).copied().ok_or(CryptError::Malformed(
                            "/StmF or /StrF names no crypt filter",
                        )),
                    }
                };
                let (strings, str_len) = pick(b"StrF")?;
                let (streams, stm_len) = pick(b"StmF")?;
                let bits = if version == 5 {
                    256
                } else {
                    // §7.6.6 Table 25: a crypt filter's /Length is in bytes; some writers put
                    // bits. The document's /Length (bits) comes next, then 128.
                    match stm_len.or(str_len) {
                        Some(l) if (5..=16).contains(&l) => l * 8,
                        Some(l) if (40..=128).contains(&l) && l % 8 == 0 => l,
                        _ => length
                            .filter(|l| (40..=128).contains(l) && l % 8 == 0)
                            .unwrap_or(128),
                    }
                };
                (strings, streams, bits)
            }
            other => {
                return Err(CryptError::Unsupported {
                    what: "encryption algorithm /V",
                    value: other.to_string(),
                })
            }
        };
        Ok(Self {
            filter,
            sub_filter,
            version,
            revision,
            key_bits: u32::try_from(key_bits).ok(),
            permissions,
            encrypt_metadata,
            strings,
            streams,
        })
    }

    /// RC4 is broken, and 40-bit keys can be searched exhaustively: such encryption protects
    /// nothing (its permission flags are advisory at best).
    pub fn is_weak(&self) -> bool {
        self.strings == CryptMethod::Rc4
            || self.streams == CryptMethod::Rc4
            || self.key_bits.is_some_and(|b| b < 128)
    }
}

/// Crypt filters by name, with their /Length.
type CryptFilters = BTreeMap<Vec<u8>, (CryptMethod, Option<i64>)>;

/// The named crypt filters of /CF (§7.6.6, Table 25), with their /Length.
fn crypt_filters(dict: &Dictionary) -> Result<CryptFilters, CryptError> {
    let mut out = BTreeMap::new();
    let Some(cf) = dict.get_non_null(b"CF") else {
        return Ok(out);
    };
    let Object::Dictionary(cf) = cf else {
        return Err(CryptError::Malformed("/CF is not a dictionary"));
    };
    for (name, value) in cf.entries.iter().take(64) {
        let Object::Dictionary(f) = value else {
            return Err(CryptError::Malformed("a crypt filter is not a dictionary"));
        };
        let method = CryptMethod::from_cfm(f.get_name(b"CFM"))?;
        out.insert(name.0.clone(), (method, f.get_integer(b"Length")));
    }
    // §7.6.6: /Identity is predefined and cannot be redefined.
    out.insert(b"Identity".to_vec(), (CryptMethod::Identity, None));
    Ok(out)
}

/// Which password opened the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PasswordKind {
    /// The user password (the empty one when no password was given).
    User,
    /// The owner password.
    Owner,
}

/// The standard security handler opened with a password: the file key and the crypt filters.
pub struct SecurityHandler {
    facts: EncryptionFacts,
    key: Vec<u8>,
    filters: BTreeMap<Vec<u8>, CryptMethod>,
    opened_with: PasswordKind,
    /// Revision 5-6 /Perms (Algorithm 13): whether the encrypted copy of /P matches it.
    perms_match: Option<bool>,
}

impl std::fmt::Debug for SecurityHandler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the key.
        f.debug_struct("SecurityHandler")
            .field("facts", &self.facts)
            .field("opened_with", &self.opened_with)
            .field("perms_match", &self.perms_match)
            .finish_non_exhaustive()
    }
}

impl SecurityHandler {
    /// Opens the document's encryption with `password` (UTF-8; `None`: the empty user password).
    /// `first_id` is the first string of the trailer's /ID (Algorithm 2, step d).
    ///
    /// The password is tried as the user password, then as the owner password (§7.6.4.4).
    pub fn open(
        dict: &Dictionary,
        first_id: &[u8],
        password: Option<&[u8]>,
    ) -> Result<Self, CryptError> {
        let filter = dict
            .get_name(b"Filter")
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .ok_or(CryptError::Malformed("no /Filter name"))?;
        let public_key = filter == "Adobe.PubSec"
            || dict
                .get_name(b"SubFilter")
                .is_some_and(|s| s.starts_with(b"adbe.pkcs7.s"));
        if public_key {
            return Err(CryptError::PublicKey { filter });
        }
        if filter != "Standard" {
            return Err(CryptError::UnknownHandler { filter });
        }
        let facts = EncryptionFacts::read(dict)?;
        let revision = facts.revision.ok_or(CryptError::Malformed("no /R"))?;
        let o = string_of(dict, b"O").ok_or(CryptError::Malformed("no /O string"))?;
        let u = string_of(dict, b"U").ok_or(CryptError::Malformed("no /U string"))?;
        let p = facts.permissions.ok_or(CryptError::Malformed("no /P"))?;
        let given = password.is_some();
        let password = password.unwrap_or_default();
        let (key, opened_with) = match revision {
            2..=4 => {
                let n = facts
                    .key_bits
                    .and_then(|b| usize::try_from(b / 8).ok())
                    .filter(|n| (5..=16).contains(n))
                    .ok_or(CryptError::Malformed("key length"))?;
                let n = if revision == 2 { 5 } else { n };
                let (Some(o), Some(u)) = (o.get(..32), u.get(..32)) else {
                    return Err(CryptError::Malformed("/O or /U shorter than 32 bytes"));
                };
                let legacy = Legacy {
                    revision,
                    n,
                    o,
                    u,
                    p,
                    id: first_id,
                    encrypt_metadata: facts.encrypt_metadata,
                };
                let pw = legacy_password(password);
                if let Some(key) = legacy.authenticate_user(&pw) {
                    (key, PasswordKind::User)
                } else if let Some(key) = legacy
                    .user_password_from_owner(&pw)
                    .and_then(|user| legacy.authenticate_user(&user))
                {
                    (key, PasswordKind::Owner)
                } else {
                    return Err(CryptError::PasswordRequired { given });
                }
            }
            5 | 6 => {
                let (Some(o), Some(u)) = (o.get(..48), u.get(..48)) else {
                    return Err(CryptError::Malformed("/O or /U shorter than 48 bytes"));
                };
                let oe = string_of(dict, b"OE").and_then(|s| s.get(..32));
                let ue = string_of(dict, b"UE").and_then(|s| s.get(..32));
                let (Some(oe), Some(ue)) = (oe, ue) else {
                    return Err(CryptError::Malformed("/OE or /UE missing or short"));
                };
                // Algorithm 2.A step a: UTF-8, truncated to 127 bytes (SASLprep is not applied:
                // it changes only passwords with unusual Unicode characters).
                let pw = password.get(..password.len().min(127)).unwrap_or_default();
                let r6 = revision == 6;
                let owner_salt = (o.get(32..40), o.get(40..48));
                let user_salt = (u.get(32..40), u.get(40..48));
                let (Some(ov), Some(ok), Some(uv), Some(uk)) =
                    (owner_salt.0, owner_salt.1, user_salt.0, user_salt.1)
                else {
                    return Err(CryptError::Malformed("/O or /U salts"));
                };
                if Some(hash_2b(pw, uv, &[], r6)?.as_slice()) == u.get(..32) {
                    (
                        aes256_no_iv(&hash_2b(pw, uk, &[], r6)?, ue)?,
                        PasswordKind::User,
                    )
                } else if Some(hash_2b(pw, ov, u, r6)?.as_slice()) == o.get(..32) {
                    (
                        aes256_no_iv(&hash_2b(pw, ok, u, r6)?, oe)?,
                        PasswordKind::Owner,
                    )
                } else {
                    return Err(CryptError::PasswordRequired { given });
                }
            }
            other => {
                return Err(CryptError::Unsupported {
                    what: "standard security handler revision /R",
                    value: other.to_string(),
                })
            }
        };
        let perms_match = if matches!(revision, 5 | 6) {
            string_of(dict, b"Perms").map(|perms| check_perms(&key, perms, &facts))
        } else {
            None
        };
        let filters = crypt_filters(dict)?
            .into_iter()
            .map(|(k, (m, _))| (k, m))
            .collect();
        Ok(Self {
            facts,
            key,
            filters,
            opened_with,
            perms_match,
        })
    }

    pub fn facts(&self) -> &EncryptionFacts {
        &self.facts
    }

    pub fn opened_with(&self) -> PasswordKind {
        self.opened_with
    }

    /// Revisions 5 and 6: whether /Perms (encrypted with the file key) confirms /P and
    /// /EncryptMetadata (Algorithm 13). `Some(false)` means the clear values were altered.
    pub fn perms_match(&self) -> Option<bool> {
        self.perms_match
    }

    /// Decrypts a string of object `id` (/StrF).
    pub fn decrypt_string(&self, id: ObjectId, data: &[u8]) -> Result<Vec<u8>, CryptError> {
        self.decrypt(self.facts.strings, id, data)
    }

    /// Decrypts the raw data of stream `id` whose dictionary is `dict` (§7.6.2): cross-reference
    /// streams are never encrypted, metadata streams not under /EncryptMetadata false, and a
    /// stream whose first filter is /Crypt uses the crypt filter it names (§7.4.10).
    pub fn decrypt_stream(
        &self,
        id: ObjectId,
        dict: &Dictionary,
        crypt_filter: Option<Option<&[u8]>>,
        data: &[u8],
    ) -> Result<Vec<u8>, CryptError> {
        if dict.has_name(b"Type", b"XRef")
            || (!self.facts.encrypt_metadata && dict.has_name(b"Type", b"Metadata"))
        {
            return Ok(data.to_vec());
        }
        let method = match crypt_filter {
            None => self.facts.streams,
            Some(None | Some(b"Identity")) => CryptMethod::Identity,
            Some(Some(name)) => *self.filters.get(name).ok_or(CryptError::Malformed(
                "a /Crypt filter names no crypt filter",
            ))?,
        };
        self.decrypt(method, id, data)
    }

    fn decrypt(
        &self,
        method: CryptMethod,
        id: ObjectId,
        data: &[u8],
    ) -> Result<Vec<u8>, CryptError> {
        match method {
            CryptMethod::Identity => Ok(data.to_vec()),
            CryptMethod::Rc4 => {
                let mut out = data.to_vec();
                rc4(&self.object_key(id, false), &mut out)?;
                Ok(out)
            }
            CryptMethod::AesV2 => aes_cbc_decrypt(&self.object_key(id, true), data),
            CryptMethod::AesV3 => aes_cbc_decrypt(&self.key, data),
        }
    }

    /// Algorithm 1: the file key extended with the object number and generation (and "sAlT" for
    /// AES), hashed with MD5 and cut to n + 5 bytes (at most 16).
    fn object_key(&self, id: ObjectId, aes: bool) -> Vec<u8> {
        let mut h = Md5::new();
        h.update(&self.key);
        h.update(&id.num.to_le_bytes()[..3]);
        h.update(id.generation.to_le_bytes());
        if aes {
            h.update(b"sAlT");
        }
        let digest = h.finalize();
        let n = (self.key.len() + 5).min(16);
        digest.get(..n).unwrap_or_default().to_vec()
    }

    /// Decrypts every string of `object` (an indirect object `id` read from the file) in place,
    /// except the /Contents of a signature dictionary, which §7.6.2 leaves in clear so that the
    /// signature can be computed over the file as written. Bounded by `max_depth`.
    pub fn decrypt_strings(
        &self,
        id: ObjectId,
        object: &mut Object,
        max_depth: usize,
    ) -> Result<(), CryptError> {
        self.walk(id, object, max_depth)
    }

    fn walk(&self, id: ObjectId, object: &mut Object, depth: usize) -> Result<(), CryptError> {
        if depth == 0 {
            return Err(CryptError::Corrupt("objects nested too deeply to decrypt"));
        }
        match object {
            Object::String(s) => {
                s.bytes = self.decrypt_string(id, &s.bytes)?;
            }
            Object::Array(items) => {
                for item in items {
                    self.walk(id, item, depth - 1)?;
                }
            }
            Object::Dictionary(d) => self.walk_dict(id, d, depth)?,
            Object::Stream(s) => self.walk_dict(id, &mut s.dict, depth)?,
            _ => {}
        }
        Ok(())
    }

    fn walk_dict(&self, id: ObjectId, d: &mut Dictionary, depth: usize) -> Result<(), CryptError> {
        // The same reading of "signature dictionary" as the signature locator's.
        let signature = super::structure::is_signature_like(d);
        for (key, value) in &mut d.entries {
            if signature && key.0 == b"Contents" {
                continue;
            }
            self.walk(id, value, depth - 1)?;
        }
        Ok(())
    }
}

fn string_of<'d>(dict: &'d Dictionary, key: &[u8]) -> Option<&'d [u8]> {
    match dict.get(key) {
        Some(Object::String(s)) => Some(&s.bytes),
        _ => None,
    }
}

/// Revisions 2-4 encode passwords in PDFDocEncoding (§7.6.4.3.2): a UTF-8 password whose
/// characters are all Latin-1 is converted; any other is used as given.
fn legacy_password(utf8: &[u8]) -> Vec<u8> {
    match std::str::from_utf8(utf8) {
        Ok(s) if s.chars().all(|c| u32::from(c) <= 0xFF) => s
            .chars()
            .filter_map(|c| u8::try_from(u32::from(c)).ok())
            .collect(),
        _ => utf8.to_vec(),
    }
}

/// Algorithm 2, step a: the password cut or padded to 32 bytes.
fn pad32(password: &[u8]) -> [u8; 32] {
    let mut out = PAD;
    let n = password.len().min(32);
    if let (Some(dst), Some(src)) = (out.get_mut(..n), password.get(..n)) {
        dst.copy_from_slice(src);
    }
    if let (Some(dst), Some(src)) = (out.get_mut(n..), PAD.get(..32 - n)) {
        dst.copy_from_slice(src);
    }
    out
}

/// The inputs of the revision 2-4 algorithms.
struct Legacy<'a> {
    revision: i64,
    /// File key length in bytes.
    n: usize,
    o: &'a [u8],
    u: &'a [u8],
    p: i32,
    id: &'a [u8],
    encrypt_metadata: bool,
}

impl Legacy<'_> {
    /// Algorithm 2: the file key from a user password.
    fn file_key(&self, password: &[u8]) -> Vec<u8> {
        let mut h = Md5::new();
        h.update(pad32(password));
        h.update(self.o);
        h.update(self.p.to_le_bytes());
        h.update(self.id);
        if self.revision >= 4 && !self.encrypt_metadata {
            h.update([0xFF; 4]);
        }
        let mut digest = h.finalize();
        if self.revision >= 3 {
            for _ in 0..50 {
                digest = Md5::digest(digest.get(..self.n).unwrap_or_default());
            }
        }
        digest.get(..self.n).unwrap_or_default().to_vec()
    }

    /// Algorithms 6, 4 and 5: the file key when `password` is the user password.
    fn authenticate_user(&self, password: &[u8]) -> Option<Vec<u8>> {
        let key = self.file_key(password);
        let mut check;
        if self.revision == 2 {
            check = PAD.to_vec();
            rc4(&key, &mut check).ok()?;
            (check.as_slice() == self.u).then_some(key)
        } else {
            let mut h = Md5::new();
            h.update(PAD);
            h.update(self.id);
            check = h.finalize().to_vec();
            rc4(&key, &mut check).ok()?;
            for i in 1..=19u8 {
                let k: Vec<u8> = key.iter().map(|b| b ^ i).collect();
                rc4(&k, &mut check).ok()?;
            }
            (Some(check.as_slice()) == self.u.get(..16)).then_some(key)
        }
    }

    /// Algorithm 7 (with Algorithm 3 steps a-d): the user password recovered from /O with an
    /// owner password.
    fn user_password_from_owner(&self, owner: &[u8]) -> Option<Vec<u8>> {
        let mut digest = Md5::digest(pad32(owner));
        if self.revision >= 3 {
            for _ in 0..50 {
                digest = Md5::digest(digest);
            }
        }
        let key = digest.get(..self.n)?.to_vec();
        let mut user = self.o.to_vec();
        if self.revision == 2 {
            rc4(&key, &mut user).ok()?;
        } else {
            for i in (0..=19u8).rev() {
                let k: Vec<u8> = key.iter().map(|b| b ^ i).collect();
                rc4(&k, &mut user).ok()?;
            }
        }
        Some(user)
    }
}

/// RC4 over `data` in place. Keys of the standard handler are 5 to 16 bytes.
fn rc4(key: &[u8], data: &mut [u8]) -> Result<(), CryptError> {
    use rc4::consts::{U10, U11, U12, U13, U14, U15, U16, U5, U6, U7, U8, U9};
    use rc4::{Rc4, StreamCipher};
    macro_rules! run {
        ($($n:literal => $size:ty),*) => {
            match key.len() {
                $($n => {
                    let mut cipher = <Rc4<$size> as KeyInit>::new_from_slice(key)
                        .map_err(|_| CryptError::Malformed("RC4 key length"))?;
                    cipher.apply_keystream(data);
                })*
                _ => return Err(CryptError::Malformed("RC4 key length")),
            }
        };
    }
    run!(5 => U5, 6 => U6, 7 => U7, 8 => U8, 9 => U9, 10 => U10, 11 => U11, 12 => U12,
        13 => U13, 14 => U14, 15 => U15, 16 => U16);
    Ok(())
}

/// AES-CBC (§7.6.3.1): a 16-byte initialisation vector, then the data padded as in RFC 8018
/// §6.1.1 (PKCS #5). Key of 16 (AESV2) or 32 (AESV3) bytes.
fn aes_cbc_decrypt(key: &[u8], data: &[u8]) -> Result<Vec<u8>, CryptError> {
    if data.is_empty() {
        return Ok(Vec::new());
    }
    let (Some(iv), Some(body)) = (data.get(..16), data.get(16..)) else {
        return Err(CryptError::Corrupt(
            "AES data shorter than its initialisation vector",
        ));
    };
    if body.is_empty() {
        return Ok(Vec::new());
    }
    if body.len() % 16 != 0 {
        return Err(CryptError::Corrupt(
            "AES data is not a whole number of blocks",
        ));
    }
    let mut buf = body.to_vec();
    let plain_len = match key.len() {
        16 => cbc::Decryptor::<aes::Aes128>::new_from_slices(key, iv)
            .map_err(|_| CryptError::Malformed("AES key"))?
            .decrypt_padded_mut::<NoPadding>(&mut buf)
            .map_err(|_| CryptError::Corrupt("AES data"))?
            .len(),
        32 => cbc::Decryptor::<aes::Aes256>::new_from_slices(key, iv)
            .map_err(|_| CryptError::Malformed("AES key"))?
            .decrypt_padded_mut::<NoPadding>(&mut buf)
            .map_err(|_| CryptError::Corrupt("AES data"))?
            .len(),
        _ => return Err(CryptError::Malformed("AES key length")),
    };
    buf.truncate(plain_len);
    let pad = usize::from(buf.last().copied().unwrap_or(0));
    let valid = (1..=16).contains(&pad)
        && buf
            .get(buf.len().saturating_sub(pad)..)
            .is_some_and(|tail| tail.len() == pad && tail.iter().all(|&b| usize::from(b) == pad));
    if !valid {
        return Err(CryptError::Corrupt("AES padding"));
    }
    buf.truncate(buf.len() - pad);
    Ok(buf)
}

/// AES-256-CBC with a zero initialisation vector and no padding (Algorithm 2.A steps c-e: /UE
/// and /OE hold the file key encrypted this way).
fn aes256_no_iv(key: &[u8], data: &[u8]) -> Result<Vec<u8>, CryptError> {
    let mut buf = data.to_vec();
    let n = cbc::Decryptor::<aes::Aes256>::new_from_slices(key, &[0u8; 16])
        .map_err(|_| CryptError::Malformed("AES-256 key"))?
        .decrypt_padded_mut::<NoPadding>(&mut buf)
        .map_err(|_| CryptError::Malformed("/OE or /UE"))?
        .len();
    buf.truncate(n);
    Ok(buf)
}

/// Algorithm 2.B (revision 6; revision 5 uses the plain SHA-256 of its first step): the hash of
/// a password with an 8-byte salt and, for the owner, the 48-byte /U.
fn hash_2b(password: &[u8], salt: &[u8], udata: &[u8], r6: bool) -> Result<Vec<u8>, CryptError> {
    use ring::digest::{digest, SHA256, SHA384, SHA512};
    let mut first = Vec::with_capacity(password.len() + salt.len() + udata.len());
    first.extend_from_slice(password);
    first.extend_from_slice(salt);
    first.extend_from_slice(udata);
    let mut k = digest(&SHA256, &first).as_ref().to_vec();
    if !r6 {
        return Ok(k);
    }
    // At most 288 rounds: after round 64 the loop ends once E's last byte (≤ 255) is at most
    // the round number minus 32.
    let mut round: u32 = 0;
    loop {
        let mut k1 = Vec::with_capacity(64 * (password.len() + k.len() + udata.len()));
        for _ in 0..64 {
            k1.extend_from_slice(password);
            k1.extend_from_slice(&k);
            k1.extend_from_slice(udata);
        }
        let (Some(key), Some(iv)) = (k.get(..16), k.get(16..32)) else {
            return Err(CryptError::Corrupt("Algorithm 2.B intermediate key"));
        };
        let len = k1.len();
        let e = cbc::Encryptor::<aes::Aes128>::new_from_slices(key, iv)
            .map_err(|_| CryptError::Corrupt("Algorithm 2.B key"))?
            .encrypt_padded_mut::<NoPadding>(&mut k1, len)
            .map_err(|_| CryptError::Corrupt("Algorithm 2.B block length"))?
            .to_vec();
        let sum: u32 = e.iter().take(16).map(|&b| u32::from(b)).sum();
        k = match sum % 3 {
            0 => digest(&SHA256, &e).as_ref().to_vec(),
            1 => digest(&SHA384, &e).as_ref().to_vec(),
            _ => digest(&SHA512, &e).as_ref().to_vec(),
        };
        round += 1;
        let last = u32::from(e.last().copied().unwrap_or(0));
        if round >= 64 && last + 32 <= round {
            break;
        }
    }
    k.truncate(32);
    Ok(k)
}

/// Algorithm 13: /Perms decrypted with the file key (AES-256, one block) holds /P in its first
/// four bytes (little-endian), `T` or `F` for /EncryptMetadata, then `adb`.
fn check_perms(key: &[u8], perms: &[u8], facts: &EncryptionFacts) -> bool {
    let (Some(block), Ok(cipher)) = (perms.get(..16), aes::Aes256::new_from_slice(key)) else {
        return false;
    };
    let mut block = GenericArray::clone_from_slice(block);
    cipher.decrypt_block(&mut block);
    let p_ok = facts
        .permissions
        .is_some_and(|p| block.get(..4) == Some(&p.to_le_bytes()[..]));
    let meta = if facts.encrypt_metadata { b'T' } else { b'F' };
    p_ok && block.get(9..12) == Some(&b"adb"[..]) && block.get(8) == Some(&meta)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::{Name, PdfString, StringForm};

    fn s(bytes: &[u8]) -> Object {
        Object::String(PdfString {
            bytes: bytes.to_vec(),
            form: StringForm::Hex { plain: true },
            span: None,
        })
    }

    fn dict(entries: Vec<(&str, Object)>) -> Dictionary {
        Dictionary {
            entries: entries
                .into_iter()
                .map(|(k, v)| (Name(k.as_bytes().to_vec()), v))
                .collect(),
            duplicate_keys: Vec::new(),
            span: None,
        }
    }

    fn name(n: &str) -> Object {
        Object::Name(Name(n.as_bytes().to_vec()))
    }

    #[test]
    fn public_key_handler_is_refused_with_its_reason() {
        let d = dict(vec![
            ("Filter", name("Adobe.PubSec")),
            ("SubFilter", name("adbe.pkcs7.s5")),
            ("V", Object::Integer(5)),
        ]);
        let e = SecurityHandler::open(&d, b"", None).unwrap_err();
        assert!(matches!(e, CryptError::PublicKey { .. }), "{e}");
        assert!(e.to_string().contains("no key"));
    }

    #[test]
    fn unknown_algorithm_version_is_unsupported_not_guessed() {
        let d = dict(vec![
            ("Filter", name("Standard")),
            ("V", Object::Integer(3)),
        ]);
        assert!(matches!(
            EncryptionFacts::read(&d),
            Err(CryptError::Unsupported { .. })
        ));
    }

    #[test]
    fn rc4_matches_the_rfc_6229_test_vector() {
        // RFC 6229 §2, key 0x0102030405 (40 bits), keystream offset 0.
        let mut data = [0u8; 16];
        rc4(&[1, 2, 3, 4, 5], &mut data).unwrap();
        assert_eq!(
            data,
            [
                0xb2, 0x39, 0x63, 0x05, 0xf0, 0x3d, 0xc0, 0x27, 0xcc, 0xc3, 0x52, 0x4a, 0x0a, 0x11,
                0x18, 0xa8
            ]
        );
    }

    #[test]
    fn aes_with_bad_padding_is_corrupt_not_truncated_silently() {
        let key = [7u8; 16];
        let iv = [0u8; 16];
        let mut block = [0u8; 16];
        let len = block.len();
        cbc::Encryptor::<aes::Aes128>::new_from_slices(&key, &iv)
            .unwrap()
            .encrypt_padded_mut::<NoPadding>(&mut block, len)
            .unwrap();
        let mut data = iv.to_vec();
        data.extend_from_slice(&block);
        assert_eq!(
            aes_cbc_decrypt(&key, &data),
            Err(CryptError::Corrupt("AES padding"))
        );
        assert!(aes_cbc_decrypt(&key, &data[..20]).is_err());
    }

    #[test]
    fn signature_contents_stay_in_clear_other_strings_are_decrypted() {
        // An RC4-40 handler with a known key, built directly.
        let handler = SecurityHandler {
            facts: EncryptionFacts {
                filter: "Standard".into(),
                sub_filter: None,
                version: 1,
                revision: Some(2),
                key_bits: Some(40),
                permissions: Some(-4),
                encrypt_metadata: true,
                strings: CryptMethod::Rc4,
                streams: CryptMethod::Rc4,
            },
            key: vec![1, 2, 3, 4, 5],
            filters: BTreeMap::new(),
            opened_with: PasswordKind::User,
            perms_match: None,
        };
        let id = ObjectId::new(7, 0);
        let mut enc = b"Nguyen Van A".to_vec();
        rc4(&handler.object_key(id, false), &mut enc).unwrap();
        let mut obj = Object::Dictionary(dict(vec![
            ("Type", name("Sig")),
            ("Contents", s(b"\x30\x82cms")),
            ("Name", s(&enc)),
        ]));
        handler.decrypt_strings(id, &mut obj, 8).unwrap();
        let d = obj.as_dict().unwrap();
        assert_eq!(d.get(b"Contents"), Some(&s(b"\x30\x82cms")));
        assert_eq!(d.get(b"Name"), Some(&s(b"Nguyen Van A")));
    }

    #[test]
    fn algorithm_2b_terminates_and_is_deterministic() {
        let a = hash_2b(b"secret", &[1; 8], &[], true).unwrap();
        let b = hash_2b(b"secret", &[1; 8], &[], true).unwrap();
        assert_eq!(a.len(), 32);
        assert_eq!(a, b);
        assert_ne!(a, hash_2b(b"secret", &[2; 8], &[], true).unwrap());
    }
}
