//! A function: as it is defined, checked as Lambda checks a deployment,
//! and what it is once registered: its versions, aliases, tenancy and
//! limits.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::Semaphore;

use crate::error::LocalError;
use crate::model::account::{REGION, function_arn};
use crate::model::handler::{Environment, HostedService};
use crate::model::settings::{
    MAX_TIMEOUT, MEMORY_MB, RESERVED_VARIABLES, is_alias, is_function_name, is_version,
};

/// Makes one execution environment's service: what a tenant-isolated
/// function runs once per tenant, as Lambda runs its init code once per
/// execution environment.
pub(crate) type Init = Arc<dyn Fn() -> HostedService + Send + Sync>;

/// A function as it is defined, before it is checked.
pub(crate) struct Definition {
    pub(crate) name: String,
    pub(crate) latest: HostedService,
    pub(crate) versions: Vec<(String, HostedService)>,
    pub(crate) aliases: Vec<(String, String)>,
    pub(crate) environment: Vec<(String, String)>,
    pub(crate) timeout: Duration,
    pub(crate) memory_mb: u32,
    pub(crate) reserved_concurrency: Option<usize>,
    /// Tenant isolation: the `init` of each tenant's own `$LATEST`, when the
    /// function has it.
    pub(crate) per_tenant: Option<Init>,
    pub(crate) durable: bool,
}

impl Definition {
    /// Function `name` running `latest` as `$LATEST`, with Lambda's
    /// defaults: a 3-second timeout, 128 MB, no reserved concurrency, an
    /// empty environment.
    pub(crate) fn new(name: String, latest: HostedService) -> Self {
        Definition {
            name,
            latest,
            versions: Vec::new(),
            aliases: Vec::new(),
            environment: Vec::new(),
            timeout: Duration::from_secs(3),
            memory_mb: 128,
            reserved_concurrency: None,
            per_tenant: None,
            durable: false,
        }
    }

    /// Checks the definition as Lambda checks a deployment, and registers
    /// the function.
    pub(crate) fn register(self) -> Result<Hosted, LocalError> {
        let Definition {
            name,
            latest,
            versions,
            aliases,
            per_tenant,
            durable,
            environment,
            timeout,
            memory_mb,
            reserved_concurrency,
        } = self;
        if !is_function_name(&name) {
            return Err(LocalError::InvalidName { name });
        }
        let refuse = |setting: &'static str, value: String, allowed: &'static str| {
            Err(LocalError::InvalidSetting {
                function: name.clone(),
                setting,
                value,
                allowed,
            })
        };
        if timeout.is_zero() || timeout > MAX_TIMEOUT {
            return refuse("timeout", format!("{timeout:?}"), "from 1 ms to 900 s");
        }
        if !MEMORY_MB.contains(&memory_mb) {
            return refuse(
                "memory size",
                format!("{memory_mb} MB"),
                "from 128 to 10,240 MB",
            );
        }
        if reserved_concurrency.is_some_and(|limit| limit > Semaphore::MAX_PERMITS) {
            return refuse(
                "reserved concurrency",
                format!("{}", reserved_concurrency.unwrap_or_default()),
                "at most usize::MAX >> 3",
            );
        }
        if let Some((key, _)) = environment
            .iter()
            .find(|(key, _)| RESERVED_VARIABLES.contains(&key.as_str()))
        {
            return Err(LocalError::ReservedVariable {
                function: name,
                key: key.clone(),
            });
        }
        let mut hosted_versions = HashMap::new();
        for (version, service) in std::iter::once(("$LATEST".to_owned(), latest)).chain(versions) {
            if !is_version(&version) || hosted_versions.contains_key(&version) {
                return Err(LocalError::InvalidVersion {
                    function: name,
                    version,
                });
            }
            let hosted = Version::new(&name, &version, service, &environment, memory_mb);
            hosted_versions.insert(version, hosted);
        }
        let mut hosted_aliases = HashMap::new();
        for (alias, version) in aliases {
            let valid = is_alias(&alias) && !hosted_aliases.contains_key(&alias);
            if !valid || !hosted_versions.contains_key(&version) {
                return Err(LocalError::InvalidAlias {
                    function: name,
                    alias,
                    version,
                });
            }
            hosted_aliases.insert(alias, version);
        }
        Ok(Hosted {
            arn: function_arn(&name),
            name,
            versions: hosted_versions,
            aliases: hosted_aliases,
            timeout,
            memory_mb,
            concurrency: reserved_concurrency.map(|limit| Arc::new(Semaphore::new(limit))),
            tenancy: per_tenant.map(Tenancy::new),
            durable,
        })
    }
}

/// A function once registered: what the server hosts.
pub(crate) struct Hosted {
    pub(crate) name: String,
    pub(crate) arn: String,
    /// `$LATEST` and every published version.
    pub(crate) versions: HashMap<String, Version>,
    /// Alias name to version.
    pub(crate) aliases: HashMap<String, String>,
    pub(crate) timeout: Duration,
    pub(crate) memory_mb: u32,
    pub(crate) concurrency: Option<Arc<Semaphore>>,
    /// Tenant isolation mode: each tenant's own `$LATEST`.
    pub(crate) tenancy: Option<Tenancy>,
    /// A durable function: invoked only qualified, each invocation a named
    /// execution.
    pub(crate) durable: bool,
}

/// A tenant-isolated function's execution environments, one a tenant.
pub(crate) struct Tenancy {
    init: Init,
    environments: Mutex<HashMap<String, HostedService>>,
}

impl Tenancy {
    pub(crate) fn new(init: Init) -> Self {
        Tenancy {
            init,
            environments: Mutex::default(),
        }
    }

    /// Tenant `tenant`'s `$LATEST`, made on its first call.
    pub(crate) fn service(&self, tenant: &str) -> HostedService {
        let mut environments = self
            .environments
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        Arc::clone(
            environments
                .entry(tenant.to_owned())
                .or_insert_with(|| (self.init)()),
        )
    }
}

/// One version of a hosted function.
pub(crate) struct Version {
    pub(crate) service: HostedService,
    pub(crate) environment: Environment,
    pub(crate) config: Arc<lambda_runtime::Config>,
}

impl Version {
    /// A version's service, with the environment and `Config` it runs with.
    fn new(
        name: &str,
        version: &str,
        service: HostedService,
        environment: &[(String, String)],
        memory_mb: u32,
    ) -> Self {
        let log_group = format!("/aws/lambda/{name}");
        let mut variables: HashMap<String, String> = environment.iter().cloned().collect();
        for (key, value) in [
            ("AWS_LAMBDA_FUNCTION_NAME", name),
            ("AWS_LAMBDA_FUNCTION_VERSION", version),
            ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", &memory_mb.to_string()),
            ("AWS_LAMBDA_LOG_GROUP_NAME", &log_group),
            ("AWS_REGION", REGION),
            ("AWS_DEFAULT_REGION", REGION),
        ] {
            variables.insert(key.to_owned(), value.to_owned());
        }
        Version {
            service,
            environment: Arc::new(variables),
            config: Arc::new(lambda_runtime::Config {
                function_name: name.to_owned(),
                memory: i32::try_from(memory_mb).unwrap_or(i32::MAX),
                version: version.to_owned(),
                log_stream: "local".to_owned(),
                log_group,
            }),
        }
    }
}
