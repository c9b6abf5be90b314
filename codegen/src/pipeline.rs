//! The whole run: load every configured model, lower it, name it, emit it, render it.
//! Pure: returns the generated tree; `files` decides what to do with it.

use std::path::{Path, PathBuf};

use proc_macro2::{Ident, Span};

use crate::emit::crate_root::{self, CrateSpec, ServiceInfo};
use crate::emit::{self, Context, Counts};
use crate::error::Result;
use crate::files::Tree;
use crate::ir::{self, Service};
use crate::naming::ServiceNames;
use crate::render::render_rust;
use crate::{config, model};

/// What one service contributed.
#[derive(Debug, Clone)]
pub struct ServiceSummary {
    pub name: String,
    pub module: String,
    pub shapes: usize,
    pub counts: Counts,
}

/// The generated crate, in memory.
pub struct Generated {
    pub tree: Tree,
    pub services: Vec<ServiceSummary>,
}

impl Generated {
    /// Lines of generated code (all files).
    pub fn lines(&self) -> usize {
        self.tree.values().map(|text| text.lines().count()).sum()
    }
}

/// Loads the botocore model of every service in `models/services.toml` into the IR.
pub fn load_services(
    models: &Path,
) -> Result<(config::Config, Vec<(config::ServiceEntry, Service)>)> {
    let config = config::load(models)?;
    let mut services = Vec::new();
    for entry in &config.services {
        let dir = entry.model_dir(models);
        let service = load_botocore(&dir)?;
        services.push((entry.clone(), service));
    }
    Ok((config, services))
}

/// Loads and lowers one botocore service directory (`service-2.json`, `paginators-1.json`).
pub fn load_botocore(dir: &Path) -> Result<Service> {
    let file = dir.join("service-2.json");
    let model = model::botocore::load(&file)?;
    let paginators = model::botocore::load_paginators(&dir.join("paginators-1.json"))?;
    let service = ir::lower_botocore(&file, &model, &paginators)?;
    ir::check_patterns(&service)?;
    Ok(service)
}

/// Generates the crate for the services configured in `models`.
pub fn generate(models: &Path) -> Result<Generated> {
    let (config, services) = load_services(models)?;
    let modules: Vec<(String, &Service)> = services
        .iter()
        .map(|(entry, service)| (entry.module.clone(), service))
        .collect();
    generate_crate(&CrateSpec::partnercentral(), &config.botocore, &modules)
}

/// Generates the fixtures crate: one module per fixture model in `fixtures/models/<name>/`
/// (module name: the directory name with `-` as `_`), so that every construct the snapshot
/// tests cover is also compiled and exercised.
pub fn generate_fixtures(fixtures: &Path) -> Result<Generated> {
    let models = fixtures.join("models");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&models)
        .map_err(|source| crate::Error::Read {
            path: models.clone(),
            source,
        })?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    let mut services = Vec::new();
    for dir in &dirs {
        let module = dir
            .file_name()
            .map(|name| name.to_string_lossy().replace('-', "_"))
            .unwrap_or_default();
        if crate::emit::SERVICE_SUBMODULES.contains(&module.as_str()) {
            return Err(crate::Error::Config {
                file: dir.clone(),
                message: format!("a fixture may not be named like a service submodule ({module})"),
            });
        }
        services.push((module, load_botocore(dir)?));
    }
    let modules: Vec<(String, &Service)> = services.iter().map(|(m, s)| (m.clone(), s)).collect();
    let spec = CrateSpec {
        name: "awsgen-fixtures".to_owned(),
        description: "Code generated from the hand-written fixture models in tests/fixtures/models, one module per construct.".to_owned(),
        runtime_path: "../../../runtime".to_owned(),
    };
    generate_crate(&spec, "(fixtures)", &modules)
}

/// Generates the crate for already lowered services, each with its module name.
pub fn generate_crate(
    spec: &CrateSpec,
    botocore: &str,
    services: &[(String, &Service)],
) -> Result<Generated> {
    let mut tree = Tree::new();
    let mut summaries = Vec::new();
    let mut infos = Vec::new();
    for (module, service) in services {
        let names = ServiceNames::new(service);
        let cx = Context {
            service,
            names: &names,
            module: Ident::new(module, Span::call_site()),
            crate_name: spec.name.replace('-', "_"),
        };
        let code = emit::emit_service(&cx);
        for (file, tokens) in code.files {
            let path: PathBuf = ["src", module.as_str(), file].iter().collect();
            let text = render_rust(&format!("{}/{file}", service.name), tokens)?;
            tree.insert(path, text);
        }
        infos.push(ServiceInfo::new(service, module, code.counts));
        summaries.push(ServiceSummary {
            name: service.name.clone(),
            module: module.clone(),
            shapes: service.shapes.len(),
            counts: code.counts,
        });
    }
    tree.insert(
        PathBuf::from("src/lib.rs"),
        render_rust("lib.rs", crate_root::lib_rs(spec, botocore, &infos)?)?,
    );
    tree.insert(
        PathBuf::from("Cargo.toml"),
        crate_root::cargo_toml(spec, &infos)?,
    );
    Ok(Generated {
        tree,
        services: summaries,
    })
}
