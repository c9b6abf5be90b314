//! Everything that can go wrong while generating, each naming where: the model file and
//! the shape or member, or the output file.

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: malformed model at `{location}`: {message}", file.display())]
    Model {
        file: PathBuf,
        location: String,
        message: String,
    },
    #[error("{}: shape `{shape}`: {message}", file.display())]
    Shape {
        file: PathBuf,
        shape: String,
        message: String,
    },
    #[error("{}: {message}", file.display())]
    Config { file: PathBuf, message: String },
    #[error("generated code for `{item}` does not parse as Rust: {message}")]
    Render { item: String, message: String },
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A problem with one shape (or member) of the model in `file`.
    pub fn shape(file: &Path, shape: &str, message: impl Into<String>) -> Error {
        Error::Shape {
            file: file.to_path_buf(),
            shape: shape.to_owned(),
            message: message.into(),
        }
    }
}

/// Reads a UTF-8 text file, naming it in the error.
pub fn read_file(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })
}
