//! Where decoding is: the steps from the document's root, and the first
//! failure's path.

use std::cell::RefCell;
use std::fmt::Write as _;

/// One step down from the document's root.
#[derive(Debug, Clone, Copy)]
pub(super) enum Segment {
    Index(usize),
    /// A struct field or an enum variant, as the type names it.
    Name(&'static str),
    /// A map's key, whatever it is.
    Key,
}

/// The steps to where decoding is, each on the stack of the call that took it.
pub(super) enum Chain<'a> {
    Root,
    Step {
        parent: &'a Chain<'a>,
        segment: Segment,
    },
}

impl Chain<'_> {
    pub(super) fn path(&self) -> String {
        let mut segments = Vec::new();
        let mut chain = self;
        while let Chain::Step { parent, segment } = chain {
            segments.push(*segment);
            chain = parent;
        }
        if segments.is_empty() {
            return ".".to_owned();
        }
        let mut path = String::new();
        for segment in segments.into_iter().rev() {
            match segment {
                Segment::Index(index) => {
                    let _ = write!(path, "[{index}]");
                }
                Segment::Key => path.push_str("[key]"),
                Segment::Name(name) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(name);
                }
            }
        }
        path
    }
}

/// The path of the first failure, the innermost: the calls it unwinds
/// through see that one is already found.
#[derive(Default)]
pub(super) struct Track {
    pub(super) path: RefCell<Option<String>>,
}

impl Track {
    pub(super) fn trigger<E>(&self, chain: &Chain<'_>, error: E) -> E {
        let mut path = self.path.borrow_mut();
        if path.is_none() {
            *path = Some(chain.path());
        }
        error
    }
}

/// The names a container's keys may take: a struct's fields or an enum's
/// variants, as `deserialize_struct` and `deserialize_enum` are told them;
/// `None` for a map, whose keys are data.
pub(super) type Names = Option<&'static [&'static str]>;
