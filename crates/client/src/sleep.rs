//! Waiting, behind a trait so tests of polling and retries run instantly and see every wait.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

/// Something that waits.
pub trait Sleeper: Send + Sync + std::fmt::Debug {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>>;
}

/// Waits for real (tokio's timer).
#[derive(Debug, Default, Clone, Copy)]
pub struct TokioSleeper;

impl Sleeper for TokioSleeper {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        Box::pin(tokio::time::sleep(duration))
    }
}

#[cfg(test)]
pub(crate) mod testing {
    use std::sync::{Arc, Mutex};

    use mscommerce_domain::ManualClock;

    use super::*;

    /// Records every wait and moves a manual clock instead of waiting.
    #[derive(Debug)]
    pub(crate) struct RecordingSleeper {
        pub(crate) waits: Mutex<Vec<Duration>>,
        pub(crate) clock: Arc<ManualClock>,
    }

    impl RecordingSleeper {
        pub(crate) fn new(clock: Arc<ManualClock>) -> Self {
            RecordingSleeper {
                waits: Mutex::new(Vec::new()),
                clock,
            }
        }
        pub(crate) fn seconds(&self) -> Vec<u64> {
            self.waits
                .lock()
                .unwrap()
                .iter()
                .map(|d| d.as_secs())
                .collect()
        }
    }

    impl Sleeper for RecordingSleeper {
        fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
            self.waits.lock().unwrap().push(duration);
            self.clock
                .advance(time::Duration::try_from(duration).unwrap_or(time::Duration::ZERO));
            Box::pin(async {})
        }
    }
}
