//! `models/services.toml`: the services to generate, in one place.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The botocore release the models come from.
    pub botocore: String,
    #[serde(rename = "service")]
    pub services: Vec<ServiceEntry>,
    /// The `[[identity]]` tables: STS, SSO and SSO-OIDC, generated into their own crate
    /// (`identity/`) for the credential chain to call.
    #[serde(rename = "identity", default)]
    pub identity: Vec<ServiceEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceEntry {
    /// botocore's name for the service, e.g. `partnercentral-selling`.
    pub name: String,
    /// The API version, e.g. `2022-07-26`.
    pub version: String,
    /// The Rust module and cargo feature in the generated crate.
    pub module: String,
    /// A model file to read instead of the botocore one, relative to `models/`: either
    /// format (botocore `service-2.json` or Smithy JSON AST), detected from its content.
    #[serde(default)]
    pub model: Option<PathBuf>,
    /// Facts drawn from the service's Smithy model (see `ir::facts`), relative to `models/`:
    /// a Smithy JSON AST of `apply` statements written by `cargo xtask smithy-facts`.
    #[serde(default)]
    pub facts: Option<PathBuf>,
}

impl ServiceEntry {
    /// The model file of the service: `model` if set, else botocore's
    /// `<name>/<version>/service-2.json`.
    pub fn model_file(&self, models: &Path) -> PathBuf {
        match &self.model {
            Some(model) => models.join(model),
            None => models
                .join(&self.name)
                .join(&self.version)
                .join("service-2.json"),
        }
    }
}

/// Reads `services.toml` from the models directory.
pub fn load(models: &Path) -> Result<Config> {
    let file = models.join("services.toml");
    let text = crate::error::read_file(&file)?;
    let config: Config = toml::from_str(&text).map_err(|error| Error::Config {
        file: file.clone(),
        message: error.to_string(),
    })?;
    let reserved = crate::emit::SERVICE_SUBMODULES;
    // Each crate has its own module names.
    for crate_services in [&config.services, &config.identity] {
        let mut modules = std::collections::BTreeSet::new();
        for service in crate_services {
            // `s3`, `ec2`, `route53`, `elbv2`: digits are fine after the first character.
            let valid = service
            .module
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && service.module.starts_with(|c: char| c.is_ascii_lowercase())
            // Not a keyword (`type`, `match`): it must be a plain identifier.
            && syn::parse_str::<syn::Ident>(&service.module).is_ok();
            if !valid
                || reserved.contains(&service.module.as_str())
                || !modules.insert(service.module.clone())
            {
                return Err(Error::Config {
                    file,
                    message: format!(
                        "service `{}`: module `{}` must be unique, lowercase ASCII letters, digits and `_` starting with a letter, not a Rust keyword, and not one of {reserved:?}",
                        service.name, service.module
                    ),
                });
            }
        }
    }
    Ok(config)
}
