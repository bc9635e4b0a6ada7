//! Certificate policy processing: the valid_policy_tree of RFC 5280 §6.1.2 (a), §6.1.3 (d)-(f),
//! §6.1.4 (a)(b)(h)-(j) and §6.1.5 (a)(b)(g). Qualifiers are not tracked (kyso does not display
//! user notices). The tree is bounded (`MAX_NODES`) so a hostile chain cannot make it explode.

use std::collections::BTreeSet;

use super::cert::{Certificate, ANY_POLICY};

const MAX_NODES: usize = 4096;

/// The policy inputs of RFC 5280 §6.1.1 (c), (e), (f), (g).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PolicySettings {
    /// user-initial-policy-set; `None` means {anyPolicy}.
    pub user_initial_policy_set: Option<Vec<String>>,
    pub initial_policy_mapping_inhibit: bool,
    pub initial_explicit_policy: bool,
    pub initial_any_policy_inhibit: bool,
}

/// Why policy processing rejected a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PolicyFailure {
    /// §6.1.3 (f) or §6.1.5 (g): an explicit policy was required and none is valid.
    NoValidPolicy {
        depth_from_leaf: usize,
    },
    /// §6.1.4 (a): anyPolicy in a policy mapping.
    MappingToOrFromAnyPolicy {
        depth_from_leaf: usize,
    },
    TreeTooLarge,
}

#[derive(Debug, Clone)]
struct Node {
    policy: String,
    expected: BTreeSet<String>,
    parent: Option<usize>,
    depth: usize,
    alive: bool,
}

struct Tree {
    nodes: Vec<Node>,
}

impl Tree {
    fn at(&self, depth: usize) -> impl Iterator<Item = usize> + '_ {
        self.nodes
            .iter()
            .enumerate()
            .filter(move |(_, n)| n.alive && n.depth == depth)
            .map(|(i, _)| i)
    }

    fn add(
        &mut self,
        policy: &str,
        expected: BTreeSet<String>,
        parent: usize,
        depth: usize,
    ) -> Result<(), PolicyFailure> {
        if self.nodes.len() >= MAX_NODES {
            return Err(PolicyFailure::TreeTooLarge);
        }
        self.nodes.push(Node {
            policy: policy.to_owned(),
            expected,
            parent: Some(parent),
            depth,
            alive: true,
        });
        Ok(())
    }

    fn has_children(&self, i: usize) -> bool {
        self.nodes.iter().any(|n| n.alive && n.parent == Some(i))
    }

    fn kill_subtree(&mut self, i: usize) {
        let mut stack = vec![i];
        while let Some(j) = stack.pop() {
            if let Some(n) = self.nodes.get_mut(j) {
                n.alive = false;
            }
            stack.extend(
                self.nodes
                    .iter()
                    .enumerate()
                    .filter(|(_, n)| n.alive && n.parent == Some(j))
                    .map(|(k, _)| k),
            );
        }
    }

    /// Removes childless nodes above `depth`, bottom-up.
    fn prune(&mut self, depth: usize) {
        for d in (0..depth).rev() {
            let dead: Vec<usize> = self.at(d).filter(|i| !self.has_children(*i)).collect();
            for i in dead {
                if let Some(n) = self.nodes.get_mut(i) {
                    n.alive = false;
                }
            }
        }
    }

    fn find_any(&self, depth: usize) -> Option<usize> {
        self.at(depth)
            .find(|j| self.nodes.get(*j).is_some_and(|nd| nd.policy == ANY_POLICY))
    }

    fn is_null(&self) -> bool {
        !self.nodes.first().is_some_and(|n| n.alive)
    }
}

fn singleton(p: &str) -> BTreeSet<String> {
    std::iter::once(p.to_owned()).collect()
}

/// Runs policy processing over `path` (index 0 = the certificate issued by the trust anchor,
/// last = the target). Returns the authority-constrained policies valid for the target.
pub(crate) fn process(
    path: &[&Certificate],
    settings: &PolicySettings,
) -> Result<Vec<String>, PolicyFailure> {
    let n = path.len();
    let mut tree = Tree {
        nodes: vec![Node {
            policy: ANY_POLICY.into(),
            expected: singleton(ANY_POLICY),
            parent: None,
            depth: 0,
            alive: true,
        }],
    };
    let start = |flag: bool| if flag { 0 } else { n + 1 };
    let mut explicit_policy = start(settings.initial_explicit_policy);
    let mut inhibit_any = start(settings.initial_any_policy_inhibit);
    let mut policy_mapping = start(settings.initial_policy_mapping_inhibit);

    for (idx, cert) in path.iter().enumerate() {
        let i = idx + 1;
        let depth_from_leaf = n - i;
        let last = i == n;
        // §6.1.3 (d), (e)
        match (&cert.policies, tree.is_null()) {
            (Some(policies), false) => {
                let parents: Vec<usize> = tree.at(i - 1).collect();
                for p in policies.iter().filter(|p| *p != ANY_POLICY) {
                    let matching: Vec<usize> = parents
                        .iter()
                        .copied()
                        .filter(|j| tree.nodes.get(*j).is_some_and(|nd| nd.expected.contains(p)))
                        .collect();
                    if !matching.is_empty() {
                        for j in matching {
                            tree.add(p, singleton(p), j, i)?;
                        }
                    } else {
                        let any_parents: Vec<usize> = parents
                            .iter()
                            .copied()
                            .filter(|j| {
                                tree.nodes.get(*j).is_some_and(|nd| nd.policy == ANY_POLICY)
                            })
                            .collect();
                        for j in any_parents {
                            tree.add(p, singleton(p), j, i)?;
                        }
                    }
                }
                if policies.iter().any(|p| p == ANY_POLICY)
                    && (inhibit_any > 0 || (!last && cert.is_self_issued()))
                {
                    for j in parents {
                        let expected: Vec<String> = tree
                            .nodes
                            .get(j)
                            .map(|nd| nd.expected.iter().cloned().collect())
                            .unwrap_or_default();
                        for e in expected {
                            let exists = tree
                                .nodes
                                .iter()
                                .any(|c| c.alive && c.parent == Some(j) && c.policy == e);
                            if !exists {
                                tree.add(&e, singleton(&e), j, i)?;
                            }
                        }
                    }
                }
                tree.prune(i);
            }
            (None, _) => {
                if let Some(root) = tree.nodes.get_mut(0) {
                    root.alive = false;
                }
            }
            (Some(_), true) => {}
        }
        // §6.1.3 (f)
        if explicit_policy == 0 && tree.is_null() {
            return Err(PolicyFailure::NoValidPolicy { depth_from_leaf });
        }
        if last {
            break;
        }
        // §6.1.4 (a), (b)
        if cert
            .policy_mappings
            .iter()
            .any(|(a, b)| a == ANY_POLICY || b == ANY_POLICY)
        {
            return Err(PolicyFailure::MappingToOrFromAnyPolicy { depth_from_leaf });
        }
        let mut issuer_policies: Vec<&String> =
            cert.policy_mappings.iter().map(|(a, _)| a).collect();
        issuer_policies.dedup();
        for id_p in issuer_policies {
            let mapped: BTreeSet<String> = cert
                .policy_mappings
                .iter()
                .filter(|(a, _)| a == id_p)
                .map(|(_, b)| b.clone())
                .collect();
            if tree.is_null() {
                break;
            }
            if policy_mapping > 0 {
                let nodes: Vec<usize> = tree
                    .at(i)
                    .filter(|j| tree.nodes.get(*j).is_some_and(|nd| &nd.policy == id_p))
                    .collect();
                if !nodes.is_empty() {
                    for j in nodes {
                        if let Some(nd) = tree.nodes.get_mut(j) {
                            nd.expected = mapped.clone();
                        }
                    }
                } else if let Some(any) = tree.find_any(i) {
                    if let Some(parent) = tree.nodes.get(any).and_then(|nd| nd.parent) {
                        tree.add(id_p, mapped.clone(), parent, i)?;
                    }
                }
            } else {
                let nodes: Vec<usize> = tree
                    .at(i)
                    .filter(|j| tree.nodes.get(*j).is_some_and(|nd| &nd.policy == id_p))
                    .collect();
                for j in nodes {
                    tree.kill_subtree(j);
                }
                tree.prune(i);
            }
        }
        // §6.1.4 (h), (i), (j)
        if !cert.is_self_issued() {
            explicit_policy = explicit_policy.saturating_sub(1);
            policy_mapping = policy_mapping.saturating_sub(1);
            inhibit_any = inhibit_any.saturating_sub(1);
        }
        if let Some(r) = cert.require_explicit_policy {
            explicit_policy = explicit_policy.min(r as usize);
        }
        if let Some(m) = cert.inhibit_policy_mapping {
            policy_mapping = policy_mapping.min(m as usize);
        }
        if let Some(a) = cert.inhibit_any_policy {
            inhibit_any = inhibit_any.min(a as usize);
        }
    }

    // §6.1.5 (a), (b)
    explicit_policy = explicit_policy.saturating_sub(1);
    if path.last().and_then(|c| c.require_explicit_policy) == Some(0) {
        explicit_policy = 0;
    }
    // §6.1.5 (g): intersection with the user-initial-policy-set.
    if let Some(user) = &settings.user_initial_policy_set {
        if !tree.is_null() && !user.iter().any(|p| p == ANY_POLICY) {
            let node_set: Vec<usize> = (0..tree.nodes.len())
                .filter(|j| {
                    tree.nodes.get(*j).is_some_and(|nd| {
                        nd.alive
                            && nd
                                .parent
                                .and_then(|p| tree.nodes.get(p))
                                .is_some_and(|p| p.policy == ANY_POLICY)
                    })
                })
                .collect();
            let node_set_policies: Vec<String> = node_set
                .iter()
                .filter_map(|j| tree.nodes.get(*j).map(|nd| nd.policy.clone()))
                .collect();
            for j in &node_set {
                let drop = tree
                    .nodes
                    .get(*j)
                    .is_some_and(|nd| nd.policy != ANY_POLICY && !user.contains(&nd.policy));
                if drop {
                    tree.kill_subtree(*j);
                }
            }
            if let Some(any_leaf) = tree.find_any(n) {
                if let Some(parent) = tree.nodes.get(any_leaf).and_then(|nd| nd.parent) {
                    for p in user.iter().filter(|p| !node_set_policies.contains(p)) {
                        tree.add(p, singleton(p), parent, n)?;
                    }
                }
                tree.kill_subtree(any_leaf);
            }
            tree.prune(n);
        }
    }
    let valid: Vec<String> = if tree.is_null() {
        Vec::new()
    } else {
        tree.at(n)
            .filter_map(|j| tree.nodes.get(j).map(|nd| nd.policy.clone()))
            .collect()
    };
    if explicit_policy == 0 && tree.is_null() {
        return Err(PolicyFailure::NoValidPolicy { depth_from_leaf: 0 });
    }
    Ok(valid)
}
