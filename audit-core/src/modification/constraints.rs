//! The DocMDP and FieldMDP constraints in force for each revision (ISO 32000-2 §12.8.2.2
//! DocMDP, §12.8.2.4 FieldMDP, §12.8.4.2 certification): what each signature value declares
//! ([`SigFact`]) and what holds for changes made in one revision ([`Constraints`]).

use crate::signature::{
    CoverageReport, DocMdpPermission, FieldMdpAction, Located, SignatureKind, TransformMethod,
};

/// What is known about each signature value (by the dictionary's object).
#[derive(Debug, Clone)]
pub(super) struct SigFact {
    pub(super) field: usize,
    pub(super) signed_revision: Option<usize>,
    /// Revision used for the analysis (signed revision, else where the dictionary was written).
    pub(super) base: usize,
    pub(super) timestamp: bool,
    pub(super) certification: Option<DocMdpPermission>,
    pub(super) locks: Vec<(FieldMdpAction, Vec<String>)>,
    /// /P of a FieldMDP lock (ISO 32000-2 §12.8.2.4 Table 258): DocMDP-like permissions for
    /// the document after this signature.
    pub(super) lock_permissions: Option<DocMdpPermission>,
}

pub(super) fn signature_facts(
    located: &Located,
    coverage: &[Option<CoverageReport>],
) -> Vec<SigFact> {
    let mut out = Vec::new();
    for (i, field) in located.fields.iter().enumerate() {
        let Some(dict) = field.dictionary() else {
            continue;
        };
        let signed_revision = coverage
            .get(i)
            .and_then(Option::as_ref)
            .and_then(|c| c.signed_revision);
        let mut certification = None;
        let mut locks = Vec::new();
        let mut lock_permissions: Option<DocMdpPermission> = None;
        for r in &dict.references {
            match r.transform_method {
                Some(TransformMethod::DocMdp) => {
                    certification = Some(r.docmdp_permissions.unwrap_or(DocMdpPermission::DEFAULT));
                }
                Some(TransformMethod::FieldMdp) => {
                    locks.push((
                        r.fieldmdp_action.unwrap_or(FieldMdpAction::All),
                        r.fieldmdp_fields.clone(),
                    ));
                    if let Some(p) = r.docmdp_permissions {
                        lock_permissions = Some(lock_permissions.map_or(p, |q| q.min(p)));
                    }
                }
                _ => {}
            }
        }
        if certification.is_none() && dict.id.is_some() && dict.id == located.certification {
            certification = Some(DocMdpPermission::DEFAULT);
        }
        out.push(SigFact {
            field: i,
            signed_revision,
            base: signed_revision.unwrap_or(dict.revision),
            timestamp: dict.kind == SignatureKind::DocTimeStamp,
            certification,
            locks,
            lock_permissions,
        });
    }
    out
}

/// DocMDP and FieldMDP in force for changes made in one revision: those of every signature
/// signed before it.
pub(super) struct Constraints {
    pub(super) docmdp: Option<DocMdpPermission>,
    pub(super) locks: Vec<(FieldMdpAction, Vec<String>)>,
    pub(super) earlier_signature: bool,
    /// A signature (not a document timestamp) signed this revision or a later one: its signer
    /// saw and approved the change.
    pub(super) approved_later: bool,
}

impl Constraints {
    pub(super) fn at(sigs: &[SigFact], revision: usize) -> Self {
        let before = sigs.iter().filter(|s| s.base < revision);
        let mut c = Constraints {
            docmdp: None,
            locks: Vec::new(),
            earlier_signature: false,
            approved_later: sigs
                .iter()
                .any(|s| !s.timestamp && s.signed_revision.is_some_and(|x| x >= revision)),
        };
        for s in before {
            c.earlier_signature = true;
            // A later signature can only restrict further: the strictest level holds.
            for p in [s.certification, s.lock_permissions].into_iter().flatten() {
                c.docmdp = Some(c.docmdp.map_or(p, |q| q.min(p)));
            }
            c.locks.extend(s.locks.iter().cloned());
        }
        c
    }

    /// FieldMDP (§12.8.2.4): All, Include (listed), Exclude (all but listed). A name locks its
    /// descendants too.
    pub(super) fn locked(&self, field: &str) -> bool {
        let matches = |names: &[String]| {
            names.iter().any(|n| {
                field == n
                    || field
                        .strip_prefix(n.as_str())
                        .is_some_and(|rest| rest.starts_with('.'))
            })
        };
        self.locks.iter().any(|(action, names)| match action {
            FieldMdpAction::Include => matches(names),
            FieldMdpAction::Exclude => !matches(names),
            FieldMdpAction::All => true,
        })
    }
}
