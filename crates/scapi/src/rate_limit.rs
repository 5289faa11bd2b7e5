//! Rate limits with quarantine, as the documents describe them:
//! `service-client-api.rate-limit` (every request type), `service-client-api.rate-limit.<request>`
//! (one type), `service-client-api.rate-limit-quarantine-delay`. Requests are counted in fixed
//! one-minute windows, per frame and request type (one extension's flood never quarantines
//! another's). Past the limit, the first request gets the documented error and the rest are
//! ignored, unanswered, until the quarantine ends. A limit of 0 is no limit; a delay of 0
//! is a quarantine that never ends.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use agentdeck_config::{Config, ConfigError, DEFAULT_SECTION};

use crate::broker::FrameId;

pub const RATE_LIMIT_OPTION: &str = "service-client-api.rate-limit";
pub const QUARANTINE_DELAY_OPTION: &str = "service-client-api.rate-limit-quarantine-delay";
const WINDOW: Duration = Duration::from_secs(60);
/// The delay the documents' example uses, when the option is absent.
const DEFAULT_QUARANTINE_SECONDS: u64 = 30;

/// The configured limits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RateLimits {
    /// Requests per minute for every type; 0 = unlimited.
    pub default_limit: u64,
    /// Per-type limits, by canonical request name.
    pub per_request: HashMap<String, u64>,
    /// Seconds of quarantine; 0 = forever.
    pub quarantine_seconds: u64,
}

impl RateLimits {
    pub fn from_config(config: &Config) -> Result<RateLimits, ConfigError> {
        let non_negative = |name: &str| -> Result<Option<u64>, ConfigError> {
            let Some(value) = config.integer(DEFAULT_SECTION, name)? else { return Ok(None) };
            u64::try_from(value).map(Some).map_err(|_| {
                let entry = config.option(DEFAULT_SECTION, name).expect("integer() found it");
                config.error_at(entry, format!("option `{name}`: expected 0 or more, found {value}"))
            })
        };
        let mut per_request = HashMap::new();
        if let Some(section) = config.section(DEFAULT_SECTION) {
            let prefix = format!("{RATE_LIMIT_OPTION}.");
            for entry in &section.options {
                if let Some(request) = entry.name.strip_prefix(&prefix) {
                    let limit = non_negative(&entry.name)?.unwrap_or(0);
                    per_request.insert(request.to_owned(), limit);
                }
            }
        }
        Ok(RateLimits {
            default_limit: non_negative(RATE_LIMIT_OPTION)?.unwrap_or(0),
            per_request,
            quarantine_seconds: non_negative(QUARANTINE_DELAY_OPTION)?.unwrap_or(DEFAULT_QUARANTINE_SECONDS),
        })
    }

    fn limit_for(&self, request: &str) -> u64 {
        self.per_request.get(request).copied().unwrap_or(self.default_limit)
    }
}

/// What the limiter says of one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RateVerdict {
    /// Within the limit.
    Allowed,
    /// The first request past the limit: answer it with this error.
    LimitReached(String),
    /// In quarantine: no answer at all.
    Ignored,
}

#[derive(Debug, Clone)]
struct Counter {
    window_start: Instant,
    count: u64,
    /// `Some(None)`: quarantined forever.
    quarantined_until: Option<Option<Instant>>,
}

/// The live counters.
#[derive(Debug, Default)]
pub struct RateLimiter {
    limits: RateLimits,
    counters: HashMap<(FrameId, String), Counter>,
}

impl RateLimiter {
    pub fn new(limits: RateLimits) -> RateLimiter {
        RateLimiter { limits, counters: HashMap::new() }
    }

    /// The rule in force for `request`, for explanations.
    pub fn rule_for(&self, request: &str) -> String {
        match self.limits.limit_for(request) {
            0 => "no rate limit".into(),
            n => format!("rate limit {n} per minute"),
        }
    }

    /// Counts one `request` from `frame` at `now`.
    pub fn check(&mut self, frame: FrameId, request: &str, now: Instant) -> RateVerdict {
        let limit = self.limits.limit_for(request);
        if limit == 0 {
            return RateVerdict::Allowed;
        }
        let counter = self
            .counters
            .entry((frame, request.to_owned()))
            .or_insert(Counter { window_start: now, count: 0, quarantined_until: None });
        match counter.quarantined_until {
            Some(None) => return RateVerdict::Ignored,
            Some(Some(until)) if now < until => return RateVerdict::Ignored,
            Some(Some(_)) => {
                counter.quarantined_until = None;
                counter.window_start = now;
                counter.count = 0;
            }
            None => {}
        }
        if now.duration_since(counter.window_start) >= WINDOW {
            counter.window_start = now;
            counter.count = 0;
        }
        counter.count += 1;
        if counter.count <= limit {
            return RateVerdict::Allowed;
        }
        let seconds = self.limits.quarantine_seconds;
        counter.quarantined_until = Some((seconds > 0).then(|| now + Duration::from_secs(seconds)));
        let ignored_for = if seconds == 0 { "until the desktop restarts".to_owned() } else { format!("for {seconds} seconds") };
        RateVerdict::LimitReached(format!(
            "The rate limit for the request '{request}' has been reached.\nFurther requests of the same type will be ignored {ignored_for}."
        ))
    }

    /// A frame went away: its counters go with it.
    pub fn forget_frame(&mut self, frame: FrameId) {
        self.counters.retain(|(f, _), _| *f != frame);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn limiter(text: &str) -> RateLimiter {
        let config = Config::parse(&format!("[interaction-workspace]\n{text}"), "c.toml", Path::new(".")).unwrap();
        RateLimiter::new(RateLimits::from_config(&config).unwrap())
    }

    #[test]
    fn the_documented_example_limits_dial_to_four_a_minute_and_leaves_the_rest_free() {
        let mut l = limiter(
            "\"service-client-api.rate-limit\" = 0\n\"service-client-api.rate-limit.voice.dial\" = 4\n\"service-client-api.rate-limit.email.create\" = 2\n",
        );
        let t0 = Instant::now();
        for _ in 0..4 {
            assert_eq!(l.check(1, "voice.dial", t0), RateVerdict::Allowed);
        }
        assert_eq!(
            l.check(1, "voice.dial", t0),
            RateVerdict::LimitReached(
                "The rate limit for the request 'voice.dial' has been reached.\nFurther requests of the same type will be ignored for 30 seconds."
                    .into()
            )
        );
        assert_eq!(l.check(1, "voice.dial", t0 + Duration::from_secs(10)), RateVerdict::Ignored);
        assert_eq!(l.check(2, "voice.dial", t0), RateVerdict::Allowed, "another frame is counted apart");
        for _ in 0..100 {
            assert_eq!(l.check(1, "agent.get", t0), RateVerdict::Allowed, "0 means unlimited");
        }
        assert_eq!(l.check(1, "voice.dial", t0 + Duration::from_secs(31)), RateVerdict::Allowed, "quarantine over");
    }

    #[test]
    fn windows_are_fixed_minutes() {
        let mut l = limiter("\"service-client-api.rate-limit\" = 2\n");
        let t0 = Instant::now();
        assert_eq!(l.check(1, "agent.get", t0), RateVerdict::Allowed);
        assert_eq!(l.check(1, "agent.get", t0 + Duration::from_secs(59)), RateVerdict::Allowed);
        assert_eq!(l.check(1, "agent.get", t0 + Duration::from_secs(60)), RateVerdict::Allowed, "a new minute");
        assert_eq!(l.check(1, "agent.get", t0 + Duration::from_secs(61)), RateVerdict::Allowed);
        assert!(matches!(l.check(1, "agent.get", t0 + Duration::from_secs(62)), RateVerdict::LimitReached(_)));
    }

    #[test]
    fn a_zero_delay_quarantines_forever() {
        let mut l = limiter("\"service-client-api.rate-limit\" = 1\n\"service-client-api.rate-limit-quarantine-delay\" = 0\n");
        let t0 = Instant::now();
        assert_eq!(l.check(1, "agent.get", t0), RateVerdict::Allowed);
        let RateVerdict::LimitReached(text) = l.check(1, "agent.get", t0) else { panic!("limit not reached") };
        assert!(text.ends_with("ignored until the desktop restarts."), "{text}");
        assert_eq!(l.check(1, "agent.get", t0 + Duration::from_secs(100_000)), RateVerdict::Ignored);
        l.forget_frame(1);
        assert_eq!(l.check(1, "agent.get", t0), RateVerdict::Allowed, "a closed frame's counters are gone");
    }

    #[test]
    fn negative_or_non_numeric_limits_are_refused_where_they_stand() {
        let config = Config::parse(
            "[interaction-workspace]\n\"service-client-api.rate-limit.voice.dial\" = -1\n",
            "c.toml",
            Path::new("."),
        )
        .unwrap();
        let err = RateLimits::from_config(&config).unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("expected 0 or more"), "{err}");
        let config = Config::parse("[interaction-workspace]\n\"service-client-api.rate-limit\" = \"lots\"\n", "c", Path::new(".")).unwrap();
        assert!(RateLimits::from_config(&config).unwrap_err().message.contains("whole number"));
    }
}
