//! The whole run: load every configured model, lower it, name it, emit it, render it.
//! Pure: returns the generated tree; `files` decides what to do with it.

use std::path::{Path, PathBuf};

use proc_macro2::{Ident, Span};

use crate::emit::crate_root::{self, CrateSpec, ServiceInfo};
use crate::emit::{self, Context, Counts, ServiceFile};
use crate::error::Result;
use crate::files::Tree;
use crate::ir::{self, Service};
use crate::naming::ServiceNames;
use crate::render::{render_rust, render_rustfmt_style};
use crate::{config, model};

/// What one service contributed.
#[derive(Debug, Clone)]
pub struct ServiceSummary {
    pub name: String,
    pub module: String,
    pub shapes: usize,
    pub counts: Counts,
    /// The service's warnings (see `ir::Service::warnings`).
    pub warnings: Vec<String>,
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

/// Loads the model of every service in `models/services.toml` into the IR.
pub fn load_services(
    models: &Path,
) -> Result<(config::Config, Vec<(config::ServiceEntry, Service)>)> {
    let config = config::load(models)?;
    let services = load_entries(models, &config.services)?;
    Ok((config, services))
}

/// Loads `entries` (on worker threads), each with its entry, in order.
fn load_entries(
    models: &Path,
    entries: &[config::ServiceEntry],
) -> Result<Vec<(config::ServiceEntry, Service)>> {
    let loaded = crate::parallel::map(entries, |entry| load_entry(models, entry));
    let mut services = Vec::new();
    for (entry, service) in entries.iter().zip(loaded) {
        services.push((entry.clone(), service?));
    }
    Ok(services)
}

/// Loads one configured service: its model, with the facts of its Smithy model laid over it
/// where `services.toml` names a facts file (see `ir::facts`).
pub fn load_entry(models: &Path, entry: &config::ServiceEntry) -> Result<Service> {
    let mut service = load_model(&entry.model_file(models))?;
    if let Some(facts) = &entry.facts {
        let file = models.join(facts);
        let model = model::smithy::load(&file)?;
        ir::facts::apply_facts(&file, &mut service, &model)?;
    }
    Ok(service)
}

/// The text of `entry`'s facts file, drawn from `smithy_file` (the service's Smithy JSON
/// AST) for the service's own model without facts (see `ir::facts`).
pub fn smithy_facts(
    models: &Path,
    entry: &config::ServiceEntry,
    smithy_file: &Path,
) -> Result<String> {
    let service = load_model(&entry.model_file(models))?;
    let smithy = model::smithy::load(smithy_file)?;
    let facts = ir::facts::extract_facts(&smithy, &service);
    let mut text = serde_json::to_string_pretty(&facts).unwrap_or_default();
    text.push('\n');
    Ok(text)
}

/// Loads and lowers one model file of either format, detected from its content: a Smithy
/// JSON AST has a top-level `"smithy"` version; anything else is read as botocore.
pub fn load_model(file: &Path) -> Result<Service> {
    let text = crate::error::read_file(file)?;
    let document: serde_json::Value =
        serde_json::from_str(&text).map_err(|error| crate::Error::Model {
            file: file.to_path_buf(),
            location: format!("line {}, column {}", error.line(), error.column()),
            message: error.to_string(),
        })?;
    let service = if model::smithy::is_smithy(&document) {
        let model = model::smithy::load(file)?;
        ir::lower_smithy(file, &model)?
    } else {
        load_botocore_file(file)?
    };
    checked(service)
}

/// Loads and lowers one botocore service directory (`service-2.json`, and beside it
/// `paginators-1.json`, `waiters-2.json` and `endpoint-rule-set-1.json` where present).
pub fn load_botocore(dir: &Path) -> Result<Service> {
    checked(load_botocore_file(&dir.join("service-2.json"))?)
}

/// The checks every lowered model goes through, whatever its format: the validity rules,
/// then every pattern compiled (an unreadable one is marked unchecked, with a warning), and
/// the waiters checked and their expressions translated to wire names.
fn checked(mut service: Service) -> Result<Service> {
    ir::validity::check_validity(&service)?;
    ir::resolve_waiters(&mut service)?;
    ir::check_patterns(&mut service);
    Ok(service)
}

fn load_botocore_file(file: &Path) -> Result<Service> {
    let dir = file.parent().unwrap_or(Path::new("."));
    let model = model::botocore::load(file)?;
    let paginators = model::botocore::load_paginators(&dir.join("paginators-1.json"))?;
    let waiters_file = dir.join("waiters-2.json");
    let waiters = model::botocore::load_waiters(&waiters_file)?;
    let mut service = ir::lower_botocore(file, &model, &paginators, (&waiters_file, &waiters))?;
    let rules = dir.join("endpoint-rule-set-1.json");
    if rules.exists() {
        let text = crate::error::read_file(&rules)?;
        service.endpoint_rule_set =
            Some(
                serde_json::from_str(&text).map_err(|error| crate::Error::Model {
                    file: rules.clone(),
                    location: format!("line {}", error.line()),
                    message: error.to_string(),
                })?,
            );
    }
    Ok(service)
}

/// The model file of a fixture directory: `smithy.json` (Smithy JSON AST) or
/// `service-2.json` (botocore).
fn fixture_model(dir: &Path) -> PathBuf {
    let smithy = dir.join("smithy.json");
    if smithy.exists() {
        smithy
    } else {
        dir.join("service-2.json")
    }
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

/// Generates the identity crate (`identity/`): the `[[identity]]` services of
/// `services.toml` (STS, SSO, SSO-OIDC), whose clients the credential chain calls.
pub fn generate_identity(models: &Path) -> Result<Generated> {
    let config = config::load(models)?;
    let services = load_entries(models, &config.identity)?;
    let modules: Vec<(String, &Service)> = services
        .iter()
        .map(|(entry, service)| (entry.module.clone(), service))
        .collect();
    let spec = CrateSpec {
        name: "awsgen-identity".to_owned(),
        description: "The AWS STS, SSO and SSO-OIDC clients the credential chain calls, generated by awsgen from botocore's models.".to_owned(),
        runtime_path: "../runtime".to_owned(),
    };
    generate_crate(&spec, &config.botocore, &modules)
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
        services.push((module, load_model(&fixture_model(dir))?));
    }
    let modules: Vec<(String, &Service)> = services.iter().map(|(m, s)| (m.clone(), s)).collect();
    let spec = CrateSpec {
        name: "awsgen-fixtures".to_owned(),
        description: "Code generated from the hand-written fixture models in tests/fixtures/models, one module per construct.".to_owned(),
        runtime_path: "../../../runtime".to_owned(),
    };
    generate_crate(&spec, "(fixtures)", &modules)
}

/// Generates the crate for already lowered services, each with its module name. The files
/// of all services are emitted and printed on worker threads, largest first (the work is
/// independent, and it is most of the generator's time); the files are collected in a
/// sorted tree, so the output does not depend on which thread finishes first.
pub fn generate_crate(
    spec: &CrateSpec,
    botocore: &str,
    services: &[(String, &Service)],
) -> Result<Generated> {
    let crate_name = spec.name.replace('-', "_");
    let names = crate::parallel::map(services, |(_, service)| ServiceNames::new(service));
    let plans: Vec<_> = services
        .iter()
        .map(|(_, service)| emit::plan_service(service))
        .collect();
    let mut jobs: Vec<(usize, ServiceFile)> = plans
        .iter()
        .enumerate()
        .flat_map(|(index, (files, _))| files.iter().map(move |&file| (index, file)))
        .collect();
    jobs.sort_by_key(|&(index, file)| std::cmp::Reverse(file.estimated_lines(plans[index].1)));
    let texts = crate::parallel::map(&jobs, |&(index, file)| {
        let (files, counts) = &plans[index];
        let (module, service) = &services[index];
        let cx = Context {
            service,
            names: &names[index],
            module: Ident::new(module, Span::call_site()),
            crate_name: crate_name.clone(),
        };
        render_rust(emit::emit_file(&cx, file, files, *counts))
    });
    let mut tree = Tree::new();
    for (&(index, file), text) in jobs.iter().zip(texts) {
        let path: PathBuf = ["src", &services[index].0, file.file_name()]
            .iter()
            .collect();
        tree.insert(path, text);
    }
    let mut summaries = Vec::new();
    let mut infos = Vec::new();
    for ((module, service), (_, counts)) in services.iter().zip(&plans) {
        infos.push(ServiceInfo::new(service, module, *counts));
        summaries.push(ServiceSummary {
            name: service.name.clone(),
            module: module.clone(),
            shapes: service.shapes.len(),
            counts: *counts,
            warnings: service.warnings.clone(),
        });
    }
    tree.insert(
        PathBuf::from("src/lib.rs"),
        render_rustfmt_style("lib.rs", crate_root::lib_rs(spec, botocore, &infos)?)?,
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
