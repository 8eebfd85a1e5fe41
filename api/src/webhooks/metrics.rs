//! What `/metrics` says of webhooks: attempts by outcome (this process), and how many
//! deliveries wait and how long the oldest has waited (the whole database, measured by the
//! worker each round).

use prometheus::core::Collector;
use prometheus::{IntCounterVec, IntGauge, Opts};

#[derive(Clone)]
pub struct WebhookMetrics {
    attempts: IntCounterVec,
    pending: IntGauge,
    oldest_pending_seconds: IntGauge,
}

/// What an attempt came to, as the `outcome` label names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttemptOutcome {
    Delivered,
    /// Failed; will be tried again.
    Retrying,
    /// Failed for the last time: the delivery is given up and its endpoint disabled.
    GaveUp,
    /// The endpoint answered `410 Gone` and was disabled.
    Gone,
}

impl AttemptOutcome {
    fn label(self) -> &'static str {
        match self {
            AttemptOutcome::Delivered => "delivered",
            AttemptOutcome::Retrying => "retrying",
            AttemptOutcome::GaveUp => "gave_up",
            AttemptOutcome::Gone => "gone",
        }
    }
}

impl WebhookMetrics {
    pub fn new() -> prometheus::Result<Self> {
        Ok(Self {
            attempts: IntCounterVec::new(
                Opts::new("webhook_attempts_total", "Webhook delivery attempts, by outcome"),
                &["outcome"],
            )?,
            pending: IntGauge::new(
                "webhook_deliveries_pending",
                "Webhook deliveries waiting to be sent to endpoints that are on",
            )?,
            oldest_pending_seconds: IntGauge::new(
                "webhook_oldest_pending_seconds",
                "Age of the oldest webhook delivery still waiting, in seconds",
            )?,
        })
    }

    /// Everything to register with the server's registry.
    pub fn collectors(&self) -> Vec<Box<dyn Collector>> {
        vec![
            Box::new(self.attempts.clone()),
            Box::new(self.pending.clone()),
            Box::new(self.oldest_pending_seconds.clone()),
        ]
    }

    pub fn count(&self, outcome: AttemptOutcome) {
        self.attempts.with_label_values(&[outcome.label()]).inc();
    }

    pub fn set_pending(&self, pending: i64, oldest_seconds: i64) {
        self.pending.set(pending);
        self.oldest_pending_seconds.set(oldest_seconds);
    }
}
