//! Per-agency tallies and the ranking (DESIGN.md "Tally and rankings", "Audit JSON").
//!
//! `documents` counts register rows (missing files included); `signed` has at least one
//! signature; `valid` has document verdict `valid`; `signing_rate` = valid / documents;
//! `compliance_rate` = compliant / documents; `gap` = 1 − compliance_rate. Rank: compliance
//! rate, then signing rate, then documents, descending; equal keys share a rank (1, 2, 2, 4).
//! Rates are compared exactly (as fractions), never as rounded floats.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use super::names::fold;

/// The counts of one agency (in one period).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub documents: u64,
    pub files_present: u64,
    pub signed: u64,
    pub valid: u64,
    pub compliant: u64,
}

impl Counts {
    /// Adds one document.
    pub fn add(&mut self, present: bool, signed: bool, valid: bool, compliant: bool) {
        self.documents += 1;
        self.files_present += u64::from(present);
        self.signed += u64::from(signed);
        self.valid += u64::from(valid);
        self.compliant += u64::from(compliant);
    }

    fn rate(part: u64, whole: u64) -> f64 {
        if whole == 0 {
            0.0
        } else {
            part as f64 / whole as f64
        }
    }

    /// `a/b` against `c/d`, exactly.
    fn cmp_fraction(a: u64, b: u64, c: u64, d: u64) -> Ordering {
        (u128::from(a) * u128::from(d.max(1))).cmp(&(u128::from(c) * u128::from(b.max(1))))
    }

    /// The ranking key's order: greater is better.
    fn cmp_rank(&self, other: &Counts) -> Ordering {
        Self::cmp_fraction(
            self.compliant,
            self.documents,
            other.compliant,
            other.documents,
        )
        .then_with(|| Self::cmp_fraction(self.valid, self.documents, other.valid, other.documents))
        .then_with(|| self.documents.cmp(&other.documents))
    }

    /// Every registered document compliant (the plan's target).
    pub fn at_target(&self) -> bool {
        self.documents > 0 && self.compliant == self.documents
    }
}

/// One agency's line of the ranking (the `agency_tally` of `audit.schema.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgencyTally {
    /// The register's spelling, or the directory's canonical name.
    pub agency: String,
    /// Stable id: the directory's, else the slug of the folded name.
    pub agency_id: String,
    /// The 13-character agency identifier code, when the directory has it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency_code: Option<String>,
    pub documents: u64,
    pub files_present: u64,
    pub signed: u64,
    pub valid: u64,
    pub compliant: u64,
    pub signing_rate: f64,
    pub compliance_rate: f64,
    pub rank: u32,
    pub gap: f64,
}

/// An agency as the tally names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyLabel {
    pub name: String,
    pub id: String,
    pub code: Option<String>,
}

/// Ranks agencies (see the module documentation); ties in rank are listed by name.
pub fn rank(agencies: Vec<(AgencyLabel, Counts)>) -> Vec<AgencyTally> {
    let mut v = agencies;
    v.sort_by(|(la, a), (lb, b)| {
        b.cmp_rank(a)
            .then_with(|| fold(&la.name).cmp(&fold(&lb.name)))
            .then_with(|| la.id.cmp(&lb.id))
    });
    let mut out: Vec<AgencyTally> = Vec::with_capacity(v.len());
    let mut previous: Option<(Counts, u32)> = None;
    for (position, (label, c)) in v.into_iter().enumerate() {
        let rank = match previous {
            Some((p, r)) if p.cmp_rank(&c) == Ordering::Equal => r,
            _ => u32::try_from(position + 1).unwrap_or(u32::MAX),
        };
        previous = Some((c, rank));
        let compliance_rate = Counts::rate(c.compliant, c.documents);
        out.push(AgencyTally {
            agency: label.name,
            agency_id: label.id,
            agency_code: label.code,
            documents: c.documents,
            files_present: c.files_present,
            signed: c.signed,
            valid: c.valid,
            compliant: c.compliant,
            signing_rate: Counts::rate(c.valid, c.documents),
            compliance_rate,
            rank,
            gap: if c.documents == 0 {
                1.0
            } else {
                Counts::rate(c.documents - c.compliant, c.documents)
            },
        });
    }
    out
}

/// How many agencies reach the target, said before every table ("7/12 cơ quan đạt 100%").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Headline {
    pub agencies: u64,
    /// Agencies whose registered documents are all Decree-30 compliant.
    pub at_target: u64,
    /// Agencies whose registered documents are all validly signed.
    pub signing_at_target: u64,
    pub text_vi: String,
    pub text_en: String,
}

impl Headline {
    pub fn of(tallies: &[AgencyTally]) -> Self {
        let agencies = tallies.len() as u64;
        let at_target = tallies
            .iter()
            .filter(|t| t.documents > 0 && t.compliant == t.documents)
            .count() as u64;
        let signing_at_target = tallies
            .iter()
            .filter(|t| t.documents > 0 && t.valid == t.documents)
            .count() as u64;
        Self {
            agencies,
            at_target,
            signing_at_target,
            text_vi: format!("{at_target}/{agencies} cơ quan đạt 100%"),
            text_en: format!("{at_target} of {agencies} agencies at 100%"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(documents: u64, valid: u64, compliant: u64) -> Counts {
        Counts {
            documents,
            files_present: documents,
            signed: valid,
            valid,
            compliant,
        }
    }

    fn label(name: &str) -> AgencyLabel {
        AgencyLabel {
            name: name.into(),
            id: fold(name).replace(' ', "-"),
            code: None,
        }
    }

    #[test]
    fn ranking_rule_and_shared_ranks() {
        let t = rank(vec![
            (label("D"), c(10, 8, 5)),
            (label("A"), c(4, 4, 4)),
            (label("B"), c(2, 2, 1)),
            (label("C"), c(4, 4, 2)),
            (label("E"), c(10, 10, 5)),
        ]);
        let order: Vec<(&str, u32)> = t.iter().map(|x| (x.agency.as_str(), x.rank)).collect();
        // A 100 %; then 50 % compliant: E (signing 100 %, 10 docs), C (100 %, 4), B (100 %, 2),
        // D (80 %).
        assert_eq!(order, [("A", 1), ("E", 2), ("C", 3), ("B", 4), ("D", 5)]);
        let tied = rank(vec![
            (label("X"), c(4, 4, 2)),
            (label("Y"), c(4, 4, 2)),
            (label("W"), c(1, 1, 1)),
            (label("Z"), c(4, 3, 2)),
        ]);
        let ranks: Vec<u32> = tied.iter().map(|x| x.rank).collect();
        assert_eq!(ranks, [1, 2, 2, 4]);
        assert_eq!(tied[1].agency, "X", "ties listed by name");
    }

    #[test]
    fn rates_gap_and_headline() {
        let t = rank(vec![(label("A"), c(3, 2, 1)), (label("B"), c(2, 2, 2))]);
        let a = t.iter().find(|x| x.agency == "A").unwrap();
        assert!((a.compliance_rate - 1.0 / 3.0).abs() < 1e-12);
        assert!((a.signing_rate - 2.0 / 3.0).abs() < 1e-12);
        assert!((a.gap - 2.0 / 3.0).abs() < 1e-12);
        let h = Headline::of(&t);
        assert_eq!(h.text_vi, "1/2 cơ quan đạt 100%");
        assert_eq!((h.at_target, h.signing_at_target), (1, 1));
    }

    #[test]
    fn fractions_compare_exactly() {
        // 1/3 and 2/6 are the same rate.
        assert_eq!(
            c(3, 3, 1).cmp_rank(&c(6, 6, 2)),
            Ordering::Less,
            "documents break the tie"
        );
        assert_eq!(Counts::cmp_fraction(1, 3, 2, 6), Ordering::Equal);
    }
}
