//! Files the operator changes while the server runs (the signing key ring, the TLS certificate):
//! looked at on a timer, for as long as what reads them is alive.

use std::sync::Weak;
use std::time::Duration;

/// Calls `check` on `target` every `period` until the last `Arc` of `target` is gone (the
/// server stopped).
pub(crate) async fn every<T>(target: Weak<T>, period: Duration, check: impl Fn(&T)) {
    let mut tick = tokio::time::interval(period);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let Some(target) = target.upgrade() else {
            return;
        };
        check(&target);
    }
}
