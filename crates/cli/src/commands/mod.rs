//! The client's commands, one file per job: the policy reads and writes (the module's cmdlets),
//! `--all` bulk updates, desired-state files, the audit log, and sign-in.

pub(crate) mod audit;
pub(crate) mod bulk;
pub(crate) mod desired;
pub(crate) mod license;
pub(crate) mod policies;
pub(crate) mod purchases;
pub(crate) mod signin;
pub(crate) mod webhooks;
