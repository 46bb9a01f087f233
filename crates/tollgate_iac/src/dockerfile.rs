//! The Dockerfile adapter (in progress).

use crate::model::Model;

/// Whether a lowercase file name is a Dockerfile.
pub fn is_dockerfile(name: &str) -> bool {
    name == "dockerfile"
        || name == "containerfile"
        || name.starts_with("dockerfile.")
        || name.starts_with("containerfile.")
        || name.ends_with(".dockerfile")
}

/// One Dockerfile.
pub fn load_file(_path: &str, _content: &[u8]) -> Model {
    Model::default()
}
