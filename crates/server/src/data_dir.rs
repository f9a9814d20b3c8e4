//! The data directory: owner-only, whatever existed before.
//!
//! It holds the database (password and secret hashes, the journal) and the signing keys. A
//! directory made beforehand by `mkdir` or a package script is typically 0755, and files copied
//! in keep their 0644: every local user could read the hashes. At start the directory and
//! everything under it are made owner-only (directories 0700, files 0600), each change logged;
//! when that cannot be done the server does not start, since it would run exposed.

use std::path::{Path, PathBuf};

/// Why the data directory could not be made private.
#[derive(Debug, thiserror::Error)]
#[error(
    "cannot make {path} private to its owner: {source}. Run mscommerce as the user that owns the \
     data directory, or fix its ownership (chown -R) and start again"
)]
pub struct DataDirError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// Creates `dir` (0700) if missing, then restricts it and everything under it to its owner.
/// Returns the paths whose permissions were tightened (each also logged).
pub fn make_private(dir: &Path) -> Result<Vec<PathBuf>, DataDirError> {
    let err = |path: &Path| {
        let path = path.to_owned();
        move |source| DataDirError { path, source }
    };
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(err(dir))?;
    let mut tightened = Vec::new();
    restrict(dir, &mut tightened)?;
    Ok(tightened)
}

#[cfg(unix)]
fn restrict(path: &Path, tightened: &mut Vec<PathBuf>) -> Result<(), DataDirError> {
    use std::os::unix::fs::PermissionsExt;
    let err = |source| DataDirError {
        path: path.to_owned(),
        source,
    };
    // Not following links: a link inside the directory is not ours to change.
    let meta = std::fs::symlink_metadata(path).map_err(err)?;
    let want = if meta.is_dir() {
        0o700
    } else if meta.is_file() {
        0o600
    } else {
        return Ok(());
    };
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & want))
            .map_err(err)?;
        tracing::warn!(
            path = %path.display(),
            was = format!("{mode:o}"),
            now = format!("{:o}", mode & want),
            "data directory: restricted to its owner (other users could read it)"
        );
        tightened.push(path.to_owned());
    }
    if meta.is_dir() {
        for entry in std::fs::read_dir(path).map_err(err)? {
            restrict(&entry.map_err(err)?.path(), tightened)?;
        }
    }
    Ok(())
}

#[cfg(not(unix))]
fn restrict(_path: &Path, _tightened: &mut Vec<PathBuf>) -> Result<(), DataDirError> {
    // Windows: the directory inherits the ACL of its parent (the user's profile by default).
    Ok(())
}

#[cfg(all(test, unix))]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn an_open_directory_and_its_files_become_owner_only() {
        let base = tempfile::tempdir().unwrap();
        let dir = base.path().join("data");
        std::fs::create_dir_all(dir.join("keys")).unwrap();
        for (p, m) in [(&dir, 0o755), (&dir.join("keys"), 0o775)] {
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
        }
        let db = dir.join("mscommerce.db");
        let key = dir.join("keys").join("k.p8");
        let private = dir.join("already-private");
        for (p, m) in [(&db, 0o644), (&key, 0o640), (&private, 0o600)] {
            std::fs::write(p, b"x").unwrap();
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
        }
        let mut tightened = make_private(&dir).unwrap();
        tightened.sort();
        let mut expected = vec![dir.clone(), dir.join("keys"), db.clone(), key.clone()];
        expected.sort();
        assert_eq!(tightened, expected);
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&dir.join("keys")), 0o700);
        assert_eq!(mode(&db), 0o600);
        assert_eq!(mode(&key), 0o600);
        assert_eq!(mode(&private), 0o600);
        // A second start has nothing to do.
        assert!(make_private(&dir).unwrap().is_empty());
    }

    #[test]
    fn a_missing_directory_is_created_owner_only() {
        let base = tempfile::tempdir().unwrap();
        let dir = base.path().join("a").join("b");
        assert!(make_private(&dir).unwrap().is_empty());
        assert_eq!(mode(&dir), 0o700);
    }
}
