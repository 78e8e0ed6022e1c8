//! Every error found in the user's input, collected so that all of them are
//! reported together, each on the token at fault.

/// The errors found so far.
#[derive(Default)]
pub(crate) struct Errors {
    combined: Option<syn::Error>,
    count: usize,
}

impl Errors {
    pub(crate) fn push(&mut self, error: syn::Error) {
        self.count += 1;
        match &mut self.combined {
            Some(errors) => errors.combine(error),
            None => self.combined = Some(error),
        }
    }

    /// The value of `result`, or `None` with its error kept.
    pub(crate) fn take<T>(&mut self, result: syn::Result<T>) -> Option<T> {
        result.map_err(|error| self.push(error)).ok()
    }

    pub(crate) fn len(&self) -> usize {
        self.count
    }

    pub(crate) fn finish(self) -> Option<syn::Error> {
        self.combined
    }
}
