//! What changed after each signature (ISO 32000-2 §7.5.6 incremental updates, §12.8.2.2 DocMDP,
//! §12.8.2.4 FieldMDP; PAdES EN 319 142-1 §5.4), and whether the change is allowed.
//!
//! Every published attack on PDF signatures keeps the signature intact and changes what the
//! reader sees in a later revision: incremental saving, shadow hide / replace / hide-and-replace,
//! evil annotation, sneaky signature (anchors.md §6). So for each signature, every revision after
//! the signed one is compared *object by object* with the revision before it, following the
//! cross-reference entries (never scanning the file for `obj`), and each change is classified:
//!
//! | change | rule |
//! |---|---|
//! | signature or document timestamp added (field + widget + signature dictionary, `/Fields` and page `/Annots` gaining exactly them) | allowed, unless DocMDP P=1 (document timestamps even then); a *visible* widget only when its signature is signed and covers its revision, and under `Government` only when it sits on an earlier signature's widget or off the page text (Sneaky Signature) |
//! | unsigned signature field added | allowed when invisible (and not P=1); visible = sneaky signature, disallowed |
//! | DSS / VRI update (catalog `/DSS`) | allowed (PAdES LTV), even under P=1 |
//! | form fill of a pre-existing field (`/V`, `/AS`, `/I`, its own new appearance) | P=2/P=3 or no DocMDP, not a locked field (FieldMDP); under `Government` only when a later signature approved it |
//! | page /Tabs (tab order) | as annotations under DocMDP: not under P=1/P=2 |
//! | annotation added or changed | P=3: Text, Highlight, Underline, StrikeOut, Squiggly, Popup only; no DocMDP: any non-widget kind; under `Government` only when a later signature approved it |
//! | metadata / Info, catalog /Version, /MarkInfo, /Extensions, /Names /AP, the structure tree (§14.7), page /StructParents | allowed (writers update them with LTV data, signatures or annotations; nothing is drawn) |
//! | anything else | disallowed: other catalog keys; /Pages; page tree nodes; page /Contents, /Resources or other page keys; content streams, fonts, XObjects; an appearance stream also used elsewhere; a rewritten signature dictionary; freed objects; removed fields or annotations; new non-signature fields or widgets; xref redirections to different bytes; duplicate object numbers; bytes no revision accounts for; a walk stopped by a limit |
//!
//! Certification (§12.8.4.2): a certification signature after an approval signature, or a second
//! certification signature, is disallowed. [`ModificationPolicy::Government`] (the default) treats
//! any visible change that no later signature approved — form filling, annotations, visible
//! unsigned signature widgets, a signature widget painted over the text — as disallowed: the
//! agency's seal must certify exactly what the inspector sees.
//!
//! Facts first: each [`Change`] carries what was found (kind, object, revision, detail,
//! visibility) and the verdict the rules above give it; the policy module decides what a
//! disallowed change means for the document.
//!
//! ```
//! use audit_core::limits::Limits;
//! use audit_core::modification::{analyse, ModificationPolicy};
//! use audit_core::pdf::Document;
//! use audit_core::signature::{evaluate_all, locate};
//!
//! fn changes(bytes: &[u8]) -> Result<(), audit_core::pdf::PdfError> {
//!     let doc = Document::parse(bytes, &Limits::default())?;
//!     let located = locate(&doc);
//!     let coverage = evaluate_all(&doc, &located.fields);
//!     for m in analyse(&doc, &located, &coverage, ModificationPolicy::Government) {
//!         let field = &located.fields[m.field];
//!         for change in &m.changes {
//!             // e.g. revision 3, 12 0 R, ContentStreamChanged, disallowed
//!             let _ = (&field.name, change.revision, change.object, change.kind, change.verdict);
//!         }
//!     }
//!     Ok(())
//! }
//! ```

mod change;
mod compare;
mod constraints;
mod diff;
mod forms;
mod overlap;
mod rules;
mod survey;

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use crate::pdf::{Document, ObjectId};
use crate::report::Modification;
use crate::signature::{CoverageReport, Located};

pub use crate::report::ChangeKind;
pub use change::{Change, SignatureModification};

use change::{anomaly_changes, forbidden_fact};
use constraints::{signature_facts, Constraints, SigFact};
use diff::Ctx;
use rules::judge;
use survey::Survey;

/// How changes that DocMDP would permit but that alter what the reader sees are judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ModificationPolicy {
    /// Decree 30 audits: after the agency signs, nothing visible may change. Form filling and
    /// annotations are disallowed, whatever DocMDP says, unless a later signature approved them;
    /// a new signature's widget may not paint over the page text (except over an earlier
    /// signature's widget, where the agency seal belongs).
    #[default]
    Government,
    /// What DocMDP/FieldMDP permit (§12.8.2.2): form filling under P=2/P=3, annotations under
    /// P=3 (a conservative subset) or without DocMDP.
    Permissive,
}

/// Analyses every signature of `located` (those with a value; `coverage` is
/// [`crate::signature::evaluate_all`]'s output, aligned with `located.fields`).
pub fn analyse(
    doc: &Document<'_>,
    located: &Located,
    coverage: &[Option<CoverageReport>],
    policy: ModificationPolicy,
) -> Vec<SignatureModification> {
    let sigs = signature_facts(located, coverage);
    if sigs.is_empty() {
        return Vec::new();
    }
    let by_dict: HashMap<ObjectId, usize> = located
        .fields
        .iter()
        .enumerate()
        .filter_map(|(i, f)| f.dictionary().and_then(|d| d.id).map(|id| (id, i)))
        .collect();
    let first = sigs.iter().map(|s| s.base).min().unwrap_or(0);
    let newest = doc.newest();
    let mut surveys: BTreeMap<usize, Survey> = BTreeMap::new();
    // Nothing to compare when every signature signs the newest revision.
    if first < newest {
        for r in first..=newest {
            surveys.insert(r, survey::survey(doc, r));
        }
    }
    let mut per_revision: BTreeMap<usize, Vec<Change>> = BTreeMap::new();
    for r in first.saturating_add(1)..=newest {
        let (Some(old), Some(new)) = (surveys.get(&(r - 1)), surveys.get(&r)) else {
            continue;
        };
        let ctx = Ctx {
            doc,
            text: RefCell::new(HashMap::new()),
            rev: r,
            old,
            new,
            sigs: &sigs,
            by_dict: &by_dict,
        };
        let raws = ctx.diff();
        let constraints = Constraints::at(&sigs, r);
        let judged = raws
            .into_iter()
            .map(|raw| Change {
                revision: r,
                object: raw.object,
                kind: raw.kind,
                verdict: judge(&raw, &constraints, policy),
                detail: raw.detail,
                visible: raw.visible,
            })
            .collect();
        per_revision.insert(r, judged);
    }
    let tail = anomaly_changes(doc);
    let certifications: Vec<&SigFact> = sigs.iter().filter(|s| s.certification.is_some()).collect();
    sigs.iter()
        .map(|s| {
            let mut changes = Vec::new();
            if s.signed_revision.is_none() {
                changes.push(Change {
                    revision: s.base,
                    object: None,
                    kind: ChangeKind::SignedRevisionUnknown,
                    detail: None,
                    visible: false,
                    verdict: Modification::Disallowed,
                });
            }
            if s.certification.is_some() {
                let own = located
                    .fields
                    .get(s.field)
                    .and_then(|f| f.dictionary())
                    .and_then(|d| d.id);
                if sigs
                    .iter()
                    .any(|o| o.base < s.base && o.certification.is_none() && !o.timestamp)
                {
                    changes.push(forbidden_fact(
                        s.base,
                        own,
                        ChangeKind::CertificationAfterApproval,
                    ));
                }
                if certifications.iter().any(|c| c.base < s.base) {
                    changes.push(forbidden_fact(s.base, own, ChangeKind::SecondCertification));
                }
            }
            for (_, list) in per_revision.range(s.base.saturating_add(1)..) {
                changes.extend(list.iter().cloned());
            }
            let end = doc.revisions.get(s.base).and_then(|r| r.end()).unwrap_or(0);
            for (after, change) in &tail {
                let applies = match change.kind {
                    ChangeKind::DuplicateObjectNumber => change.revision > s.base,
                    _ => *after >= end,
                };
                if applies {
                    changes.push(change.clone());
                }
            }
            let modification = changes
                .iter()
                .map(|c| c.verdict)
                .max()
                .unwrap_or(Modification::None);
            SignatureModification {
                field: s.field,
                signed_revision: s.signed_revision,
                modification,
                changes,
            }
        })
        .collect()
}
