//! Where the files a spec refers to are read from, and how their paths are joined.

use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path, PathBuf};

/// Reads the files a spec's `$ref`s name. Paths arrive as the spec's own path joined with
/// the reference (`specs/api.yaml` + `common.yaml` -> `specs/common.yaml`), normalized.
pub trait Files {
    /// The text of the file at `path`.
    fn read(&self, path: &Path) -> io::Result<String>;
}

/// The file system; relative paths are taken from `base`.
#[derive(Debug, Clone, Default)]
pub struct Disk {
    base: PathBuf,
}

impl Disk {
    /// Relative paths are taken from `base` (the current directory when it is empty).
    pub fn new(base: impl Into<PathBuf>) -> Self {
        Disk { base: base.into() }
    }

    /// Reads the files of a spec that is at `spec` on disk but shown as `display`
    /// (`/repo/specs/api.yaml` shown as `specs/api.yaml`): relative paths are taken from
    /// the directory `display` is relative to (`/repo`). When `spec` does not end with
    /// `display`, from the current directory.
    pub fn for_spec(spec: &Path, display: &Path) -> Self {
        if display.is_relative() && spec.ends_with(display) {
            let depth = display.components().count();
            if let Some(base) = spec.ancestors().nth(depth) {
                return Disk::new(base);
            }
        }
        Disk::default()
    }
}

impl Files for Disk {
    fn read(&self, path: &Path) -> io::Result<String> {
        std::fs::read_to_string(self.base.join(path))
    }
}

/// Files held in memory, by path (for tests, and for specs that do not live on disk).
impl Files for BTreeMap<PathBuf, String> {
    fn read(&self, path: &Path) -> io::Result<String> {
        self.get(path)
            .cloned()
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "No such file or directory"))
    }
}

/// No files at all: every reference to another file fails to read.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoFiles;

impl Files for NoFiles {
    fn read(&self, _: &Path) -> io::Result<String> {
        Err(io::Error::new(
            io::ErrorKind::NotFound,
            "this run reads no other files",
        ))
    }
}

/// `reference` (a path in a `$ref`) taken relative to the file `from`, with `.` and `..`
/// resolved lexically so that one file always has one path.
pub(super) fn relative_to(from: &Path, reference: &str) -> PathBuf {
    let dir = from.parent().unwrap_or(Path::new(""));
    normalize(&dir.join(reference))
}

/// `.` dropped and `..` applied where a name precedes it (a leading `..` stays).
fn normalize(path: &Path) -> PathBuf {
    let mut out: Vec<Component<'_>> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(component),
            },
            other => out.push(other),
        }
    }
    out.iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spec_shown_by_another_path() {
        let disk = Disk::for_spec(
            Path::new("/repo/specs/api.yaml"),
            Path::new("specs/api.yaml"),
        );
        assert_eq!(disk.base, Path::new("/repo"));
        let disk = Disk::for_spec(Path::new("/repo/specs/api.yaml"), Path::new("other.yaml"));
        assert_eq!(disk.base, Path::new(""));
    }

    #[test]
    fn paths_are_joined_and_normalized() {
        let spec = Path::new("specs/api.yaml");
        assert_eq!(
            relative_to(spec, "common.yaml"),
            Path::new("specs/common.yaml")
        );
        assert_eq!(
            relative_to(spec, "./models/../models/pet.yaml"),
            Path::new("specs/models/pet.yaml")
        );
        assert_eq!(
            relative_to(spec, "../shared/a.yaml"),
            Path::new("shared/a.yaml")
        );
        assert_eq!(
            relative_to(Path::new("api.yaml"), "../a.yaml"),
            Path::new("../a.yaml")
        );
        assert_eq!(
            relative_to(Path::new("/x/api.yaml"), "/abs/a.yaml"),
            Path::new("/abs/a.yaml")
        );
        assert_eq!(
            relative_to(Path::new("/api.yaml"), "../a.yaml"),
            Path::new("/a.yaml")
        );
    }
}
