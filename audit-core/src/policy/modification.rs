//! Rule on what changed after the signature (issue 6 supplies the analysis). Until it is known,
//! a signature followed by later revisions is never optimistically valid.

use super::{Judgement, ModificationFacts, SignatureFacts};
use crate::codes;
use crate::report::{Modification, SubIndication};

pub(crate) fn rule_modification(f: &SignatureFacts, j: &mut Judgement) {
    match &f.modification {
        ModificationFacts::NothingAfter | ModificationFacts::NotApplicable => {}
        ModificationFacts::NotAnalysed => j.undecided(
            SubIndication::Generic,
            codes::MODIFICATION_NOT_ANALYSED.finding(),
        ),
        ModificationFacts::Analysed { verdict, changes } => {
            if *verdict == Modification::Disallowed {
                let detail: Vec<&str> = changes
                    .iter()
                    .filter(|c| c.verdict == Modification::Disallowed)
                    .map(|c| c.message_en.as_str())
                    .take(5)
                    .collect();
                j.fail(
                    SubIndication::SigConstraintsFailure,
                    codes::MODIFICATION_DISALLOWED.with(&detail.join("; ")),
                );
            }
        }
    }
}
