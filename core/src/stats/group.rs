//! Group-key columns for the grouped kernels.
//!
//! Grouped kernels ([`dsr`](super::dsr::dsr), [`isr`](super::isr::isr),
//! [`mean`](super::mean::mean), [`life_expectancy`](super::life_expectancy::life_expectancy))
//! take an optional `&[u32]` column of group codes, one per row. The rows of a group need not be
//! contiguous. Results are written one row per distinct code, in the order the codes first
//! appear; [`group_keys`] gives that order so callers can size the outputs and label them.

use std::collections::HashMap;

/// The distinct codes of a group-key column in first-appearance order.
///
/// The kernels write their outputs in this order, so `group_keys(groups).len()` is the length
/// the output slices must have.
///
/// ```
/// use outcomes_core::stats::group_keys;
/// assert_eq!(group_keys(&[7, 3, 7, 9, 3]), vec![7, 3, 9]);
/// ```
#[must_use]
pub fn group_keys(groups: &[u32]) -> Vec<u32> {
    let mut map = GroupMap::new(groups);
    let mut keys = Vec::new();
    for &g in groups {
        let before = map.len();
        map.slot(g);
        if map.len() > before {
            keys.push(g);
        }
    }
    keys
}

/// Maps group codes to output slots (0, 1, 2, ... in first-appearance order).
///
/// Uses a dense table when the codes are small (the usual case: codes from a factor or a
/// dictionary encoding), otherwise a hash map.
pub(crate) struct GroupMap {
    dense: Vec<u32>,
    sparse: HashMap<u32, u32>,
    use_dense: bool,
    count: usize,
}

impl GroupMap {
    pub(crate) fn new(groups: &[u32]) -> Self {
        let max = groups.iter().copied().max().unwrap_or(0) as usize;
        let use_dense = max <= groups.len().saturating_mul(4).max(1024);
        GroupMap {
            dense: if use_dense {
                vec![u32::MAX; max + 1]
            } else {
                Vec::new()
            },
            sparse: HashMap::new(),
            use_dense,
            count: 0,
        }
    }

    /// The slot of `code`, assigning the next one if `code` is new.
    #[inline]
    pub(crate) fn slot(&mut self, code: u32) -> usize {
        if self.use_dense {
            let s = &mut self.dense[code as usize];
            if *s == u32::MAX {
                *s = self.count as u32;
                self.count += 1;
            }
            *s as usize
        } else {
            let next = self.count as u32;
            let s = *self.sparse.entry(code).or_insert(next);
            if s == next {
                self.count += 1;
            }
            s as usize
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.count
    }
}

/// Per-row output slots for an optional group column of `len` rows, and the number of groups.
///
/// Without a group column every row is in slot 0 and there is one group (even for no rows, so
/// an empty input gives one NaN result, as an ungrouped `PHEindicatormethods` call would).
pub(crate) fn row_slots(groups: Option<&[u32]>, len: usize) -> (Vec<u32>, usize) {
    match groups {
        None => (vec![0; len], 1),
        Some(g) => {
            let mut map = GroupMap::new(g);
            let slots = g.iter().map(|&c| map.slot(c) as u32).collect();
            (slots, map.len())
        }
    }
}
