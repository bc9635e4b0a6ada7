//! Rule on cryptographic constraints (ETSI EN 319 102-1 §5.2.8; issue 4's default policy): a
//! SHA-1 or MD5 message digest, or an RSA signer key under the minimum, makes the signature
//! invalid. SHA-1 in *CA* certificates is a path finding (the government CA's first generation),
//! not this rule.

use super::Judgement;
use crate::cms::{SignatureAlgorithm, WeakCrypto};
use crate::codes;
use crate::context::CryptoPolicy;
use crate::facts::SignatureFacts;
use crate::report::SubIndication;

pub(crate) fn rule_crypto_constraints(
    f: &SignatureFacts,
    policy: &CryptoPolicy,
    j: &mut Judgement,
) {
    let Some(cms) = &f.cms else { return };
    for weak in &cms.weak_crypto {
        match weak {
            WeakCrypto::WeakMessageDigest(alg) | WeakCrypto::WeakSignatureHash(alg) => {
                let finding = codes::WEAK_DIGEST.with(alg.name());
                if policy.reject_weak_digest {
                    j.fail(SubIndication::CryptoConstraintsFailure, finding);
                } else {
                    j.note(finding);
                }
            }
            WeakCrypto::ShortRsaKey { bits } => {
                let finding = codes::WEAK_KEY.with(&format!("RSA {bits} bit"));
                if *bits < policy.min_rsa_bits {
                    j.fail(SubIndication::CryptoConstraintsFailure, finding);
                } else {
                    j.note(finding);
                }
            }
        }
    }
    // The CMS flags keys under 2048 bits; a stricter configured minimum applies too.
    let flagged = cms
        .weak_crypto
        .iter()
        .any(|w| matches!(w, WeakCrypto::ShortRsaKey { .. }));
    if let (Some(bits), Some(alg), false) = (cms.public_key_bits, &cms.signature_algorithm, flagged)
    {
        let is_rsa = matches!(
            alg,
            SignatureAlgorithm::RsaPkcs1 { .. } | SignatureAlgorithm::RsaPss { .. }
        );
        if is_rsa && bits < policy.min_rsa_bits {
            j.fail(
                SubIndication::CryptoConstraintsFailure,
                codes::WEAK_KEY.with(&format!("RSA {bits} bit")),
            );
        }
    }
}
