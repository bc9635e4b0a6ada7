//! Rule on proof of alteration (ETSI EN 319 102-1 §5.2.7 "Cryptographic verification"): a
//! digest mismatch is HASH_FAILURE, a signature value that does not verify SIG_CRYPTO_FAILURE.

use super::Judgement;
use crate::cms::CmsProblem;
use crate::codes;
use crate::facts::SignatureFacts;
use crate::report::{Integrity, SubIndication};

pub(crate) fn rule_integrity(f: &SignatureFacts, j: &mut Judgement) {
    let Some(cms) = &f.cms else { return };
    if cms.integrity != Integrity::Broken {
        return;
    }
    if cms.has_problem(CmsProblem::MessageDigestMismatch.code())
        || cms.has_problem(CmsProblem::EncapsulatedDigestMismatch.code())
        || cms.has_problem(CmsProblem::MessageImprintMismatch.code())
    {
        j.fail(SubIndication::HashFailure, codes::DIGEST_MISMATCH.finding());
    }
    if cms.has_problem(CmsProblem::SignatureMismatch.code()) {
        j.fail(
            SubIndication::SigCryptoFailure,
            codes::SIGNATURE_MISMATCH.finding(),
        );
    }
}
