//! The region chain: `AWS_REGION`, `AWS_DEFAULT_REGION`, the selected profile's `region`,
//! then the region IMDS reports.
//!
//! botocore 1.44.5 reads only `AWS_DEFAULT_REGION` and the profile's `region`. This chain
//! reads `AWS_REGION` first, as the other AWS SDKs (and this project's
//! `Config::from_env`) do, and asks IMDS last, as aws-sdk-rust and the Java and Go SDKs
//! do, so that a client on EC2 needs no region setting. IMDS's `placement/region` is used,
//! not botocore's availability zone minus its last letter (wrong in Local Zones).

use awsgen_runtime::client::ini::Properties;

use crate::env::Env;
use crate::files::ProfileFiles;
use crate::imds::{ImdsSettings, ImdsSource};

/// Where a region came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionSource {
    AwsRegion,
    AwsDefaultRegion,
    Profile,
    Imds,
}

/// A region and its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    pub name: String,
    pub source: RegionSource,
}

/// The region chain. See the [module documentation](self).
#[derive(Debug, Clone)]
pub struct DefaultRegion {
    env: Env,
    imds: ImdsSource,
}

impl DefaultRegion {
    pub fn new(env: Env) -> DefaultRegion {
        DefaultRegion {
            imds: ImdsSource::new(env.clone()),
            env,
        }
    }

    /// Asks this IMDS source (sharing its token) instead of a new one.
    pub fn with_imds(mut self, imds: ImdsSource) -> DefaultRegion {
        self.imds = imds;
        self
    }

    /// The region from the environment and the files, without asking IMDS.
    pub fn configured(&self) -> Option<Region> {
        self.configured_with(&self.profile())
    }

    /// The region from the whole chain.
    pub async fn resolve(&self) -> Option<Region> {
        let profile = self.profile();
        if let Some(region) = self.configured_with(&profile) {
            return Some(region);
        }
        let settings = ImdsSettings::resolve(&self.env, &profile).ok()?;
        let name = self.imds.region(&settings).await?;
        Some(Region {
            name,
            source: RegionSource::Imds,
        })
    }

    /// The selected profile; none when the files do not load (the credentials chain says
    /// why).
    fn profile(&self) -> Properties {
        ProfileFiles::load(&self.env)
            .map(|files| files.selected())
            .unwrap_or_default()
    }

    fn configured_with(&self, profile: &Properties) -> Option<Region> {
        let found = |name: String, source| {
            Some(Region {
                name: name.trim().to_owned(),
                source,
            })
        };
        if let Some(name) = self.env.get("AWS_REGION") {
            return found(name, RegionSource::AwsRegion);
        }
        if let Some(name) = self.env.get("AWS_DEFAULT_REGION") {
            return found(name, RegionSource::AwsDefaultRegion);
        }
        let name = profile.get("region").filter(|r| !r.trim().is_empty())?;
        found(name.clone(), RegionSource::Profile)
    }
}
