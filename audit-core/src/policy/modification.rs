//! Rule on what changed after the signature, and how each change is reported: its sentence in
//! both languages ([`change_report`]). Until the changes are known, a signature followed by
//! later revisions is never optimistically valid.

use super::Judgement;
use crate::codes;
use crate::facts::{ModificationFacts, SignatureFacts};
use crate::lang::Lang;
use crate::modification::{Change, SignatureModification};
use crate::report::{ChangeReport, Modification, SubIndication};

pub(crate) fn rule_modification(f: &SignatureFacts, j: &mut Judgement) {
    match &f.modification {
        ModificationFacts::NothingAfter | ModificationFacts::NotApplicable => {}
        ModificationFacts::NotAnalysed => j.undecided(
            SubIndication::Generic,
            codes::MODIFICATION_NOT_ANALYSED.finding(),
        ),
        ModificationFacts::Analysed { verdict, changes } => {
            if *verdict == Modification::Disallowed {
                let detail: Vec<String> = changes
                    .iter()
                    .filter(|c| c.verdict == Modification::Disallowed)
                    .map(|c| message(c, Lang::En))
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

/// The sentence of a change: its kind's label, with the field, key or subtype it concerns.
fn message(c: &Change, lang: Lang) -> String {
    match &c.detail {
        Some(d) => format!("{} ({d}).", c.kind.label(lang)),
        None => format!("{}.", c.kind.label(lang)),
    }
}

/// A change as reported (`changes[]` of a signature).
pub fn change_report(c: &Change) -> ChangeReport {
    ChangeReport {
        revision: c.revision,
        object: c.object.map(|o| o.to_string()),
        kind: c.kind,
        verdict: c.verdict,
        message_vi: message(c, Lang::Vi),
        message_en: message(c, Lang::En),
    }
}

/// Every change after one signature, as reported.
pub fn change_reports(m: &SignatureModification) -> Vec<ChangeReport> {
    m.changes.iter().map(change_report).collect()
}
