//! [`JsonPatch`]: a JSON Patch document (RFC 6902), the body of an
//! `application/json-patch+json` request whose spec does not type its operations
//! (Kubernetes' `Patch` is a bare `type: object`).
//!
//! User surface. Written exactly as RFC 6902 writes a patch: an array of operation
//! objects, each with `op` first and then its members in the RFC's order
//! (`[{"op":"add","path":"/a","value":1}]`). Paths are JSON Pointers (RFC 6901):
//! [`json_pointer`] builds one from keys, escaping `~` and `/`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A JSON Patch (RFC 6902): operations the server applies in order, all of them or none.
///
/// Built with chained calls (`JsonPatch::new().test("/a", 1).replace("/a", 2)`), from a
/// `Vec<PatchOperation>`, or read from JSON text with `serde_json::from_str`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct JsonPatch(pub Vec<PatchOperation>);

/// One operation of a [`JsonPatch`]. `path` and `from` are JSON Pointers (see
/// [`json_pointer`]); `value` is any JSON (`serde_json::json!`, or a typed value through
/// `serde_json::to_value`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "lowercase")]
pub enum PatchOperation {
    /// Adds `value` at `path`: a new member, an array element inserted before the
    /// index (`-` appends), or the whole document (`""`) replaced.
    Add {
        /// Where.
        path: String,
        /// What.
        value: Value,
    },
    /// Removes the value at `path`, which must exist.
    Remove {
        /// Where.
        path: String,
    },
    /// Replaces the value at `path`, which must exist, with `value`.
    Replace {
        /// Where.
        path: String,
        /// The new value.
        value: Value,
    },
    /// Removes the value at `from` and adds it at `path`.
    Move {
        /// Where it is taken from.
        from: String,
        /// Where it goes.
        path: String,
    },
    /// Adds a copy of the value at `from` at `path`.
    Copy {
        /// Where it is copied from.
        from: String,
        /// Where the copy goes.
        path: String,
    },
    /// Fails the whole patch unless the value at `path` equals `value`.
    Test {
        /// Where.
        path: String,
        /// The value expected.
        value: Value,
    },
}

impl JsonPatch {
    /// A patch with no operations yet.
    pub fn new() -> Self {
        JsonPatch(Vec::new())
    }

    /// Appends an operation.
    pub fn push(&mut self, operation: PatchOperation) {
        self.0.push(operation);
    }

    /// With an `add` operation appended.
    pub fn add(mut self, path: impl Into<String>, value: impl Into<Value>) -> Self {
        self.push(PatchOperation::Add {
            path: path.into(),
            value: value.into(),
        });
        self
    }

    /// With a `remove` operation appended.
    pub fn remove(mut self, path: impl Into<String>) -> Self {
        self.push(PatchOperation::Remove { path: path.into() });
        self
    }

    /// With a `replace` operation appended.
    pub fn replace(mut self, path: impl Into<String>, value: impl Into<Value>) -> Self {
        self.push(PatchOperation::Replace {
            path: path.into(),
            value: value.into(),
        });
        self
    }

    /// With a `move` operation appended: the value at `from` moves to `path`.
    pub fn move_from(mut self, from: impl Into<String>, path: impl Into<String>) -> Self {
        self.push(PatchOperation::Move {
            from: from.into(),
            path: path.into(),
        });
        self
    }

    /// With a `copy` operation appended: the value at `from` is copied to `path`.
    pub fn copy_from(mut self, from: impl Into<String>, path: impl Into<String>) -> Self {
        self.push(PatchOperation::Copy {
            from: from.into(),
            path: path.into(),
        });
        self
    }

    /// With a `test` operation appended.
    pub fn test(mut self, path: impl Into<String>, value: impl Into<Value>) -> Self {
        self.push(PatchOperation::Test {
            path: path.into(),
            value: value.into(),
        });
        self
    }

    /// The operations, in order.
    pub fn operations(&self) -> &[PatchOperation] {
        &self.0
    }
}

impl From<Vec<PatchOperation>> for JsonPatch {
    fn from(operations: Vec<PatchOperation>) -> Self {
        JsonPatch(operations)
    }
}

impl FromIterator<PatchOperation> for JsonPatch {
    fn from_iter<I: IntoIterator<Item = PatchOperation>>(operations: I) -> Self {
        JsonPatch(operations.into_iter().collect())
    }
}

/// A JSON Pointer (RFC 6901) to the value reached by `keys` (object member names or
/// array indexes), each escaped (`~` as `~0`, `/` as `~1`): `["metadata", "labels",
/// "app.kubernetes.io/name"]` gives `/metadata/labels/app.kubernetes.io~1name`. No keys
/// give `""`, the whole document.
pub fn json_pointer<I>(keys: I) -> String
where
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    let mut pointer = String::new();
    for key in keys {
        pointer.push('/');
        for c in key.as_ref().chars() {
            match c {
                '~' => pointer.push_str("~0"),
                '/' => pointer.push_str("~1"),
                c => pointer.push(c),
            }
        }
    }
    pointer
}
