//! The policy: given the origin the engine reported for a frame and the request it made,
//! allowed or refused, and by which rule. Decisions are data so the sandbox and an audit
//! log can show why. Built from the `[interaction-workspace]` options.

use agentdeck_config::{Config, ConfigError, DEFAULT_SECTION};

use crate::catalog;
use crate::origin::{AcceptedOrigin, AcceptedOrigins, Origin};
use crate::rate_limit::RateLimits;
use crate::user_data::UserDataRules;

pub const ACCEPTED_ORIGINS_OPTION: &str = "service-client-api.accepted-web-content-origins";

/// What the policy decided about one request, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub allowed: bool,
    /// The rule that decided, for people: `accepted-web-content-origins entry "http://a (agent.*)"`.
    pub rule: String,
    /// The error text for the page when refused.
    pub refusal: Option<String>,
}

impl Decision {
    fn allow(rule: String) -> Decision {
        Decision { allowed: true, rule, refusal: None }
    }

    fn refuse(rule: String, refusal: String) -> Decision {
        Decision { allowed: false, rule, refusal: Some(refusal) }
    }

    /// Refused by a rule outside the origin list (a rate limit).
    pub fn refused_by(rule: String, refusal: String) -> Decision {
        Decision::refuse(rule, refusal)
    }
}

/// The security options in force.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    accepted: AcceptedOrigins,
    pub user_data: UserDataRules,
    pub rate_limits: RateLimits,
}

impl Policy {
    pub fn new(accepted: AcceptedOrigins) -> Policy {
        Policy { accepted, user_data: UserDataRules::default(), rate_limits: RateLimits::default() }
    }

    /// Reads the policy options; a bad value is reported where it stands in the file.
    pub fn from_config(config: &Config) -> Result<Policy, ConfigError> {
        let accepted = match config.option(DEFAULT_SECTION, ACCEPTED_ORIGINS_OPTION) {
            None => AcceptedOrigins::default(),
            Some(entry) => AcceptedOrigins::parse(&entry.value)
                .map_err(|e| config.error_at(entry, format!("{ACCEPTED_ORIGINS_OPTION}: {e}")))?,
        };
        Ok(Policy {
            accepted,
            user_data: UserDataRules::from_config(config),
            rate_limits: RateLimits::from_config(config)?,
        })
    }

    /// Whether a page at `origin` may use the API at all, whatever its request filter:
    /// the entry that accepts it, or the refusal.
    fn entry_for<'a>(&'a self, origin: Option<&'a Origin>) -> Result<(&'a Origin, &'a AcceptedOrigin), Decision> {
        let Some(origin) = origin else {
            return Err(Decision::refuse(
                "opaque origin".into(),
                "The page has no origin (it is not served over http or https), so it is not accepted".into(),
            ));
        };
        match self.accepted.find(origin) {
            Some(entry) => Ok((origin, entry)),
            None => Err(Decision::refuse(
                format!("{ACCEPTED_ORIGINS_OPTION} has no entry for {origin}"),
                format!("The origin '{origin}' is not accepted (it is not listed in {ACCEPTED_ORIGINS_OPTION})"),
            )),
        }
    }

    /// Whether attached data under `key` may be shown to pages (answers, events, URLs).
    /// Without the option nothing is limited: the documents say the option *limits* access.
    pub fn may_read_user_data(&self, key: &str) -> bool {
        self.user_data.read.allows(key)
    }

    /// Whether `origin` is accepted at all (subscriptions need no more than that).
    pub fn accept_origin(&self, origin: Option<&Origin>) -> Decision {
        match self.entry_for(origin) {
            Ok((_, entry)) => Decision::allow(rule_for(entry)),
            Err(refused) => refused,
        }
    }

    /// Whether a page at `origin` may make `request` (a canonical name).
    pub fn decide(&self, origin: Option<&Origin>, request: &str) -> Decision {
        let (origin, entry) = match self.entry_for(origin) {
            Ok(found) => found,
            Err(refused) => return refused,
        };
        if entry.filter.allows(request) {
            Decision::allow(rule_for(entry))
        } else if catalog::FILTER_EXEMPT.contains(&request) {
            Decision::allow(format!("{} (every accepted origin may ask {request})", rule_for(entry)))
        } else {
            Decision::refuse(
                rule_for(entry),
                format!(
                    "The request '{request}' is not allowed for the origin '{origin}' (allowed: {})",
                    entry.filter.patterns().join(", ")
                ),
            )
        }
    }

    /// The canonical names of the requests `origin` may make; `Err` with the refusal text
    /// when the origin is not accepted at all.
    pub fn allowed_services(&self, origin: Option<&Origin>) -> Result<Vec<&'static str>, String> {
        let (_, entry) = self.entry_for(origin).map_err(|d| d.refusal.unwrap_or_default())?;
        Ok(catalog::REQUESTS.iter().copied().filter(|r| entry.filter.allows(r) && !catalog::FILTER_EXEMPT.contains(r)).collect())
    }
}

fn rule_for(entry: &AcceptedOrigin) -> String {
    format!("{ACCEPTED_ORIGINS_OPTION} entry \"{}\"", entry.written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn policy(option: &str) -> Policy {
        Policy::new(AcceptedOrigins::parse(option).unwrap())
    }

    fn o(s: &str) -> Origin {
        Origin::parse(s).unwrap()
    }

    #[test]
    fn an_unlisted_origin_is_refused_and_told_so() {
        let d = policy("http://a").decide(Some(&o("http://b")), "agent.get");
        assert!(!d.allowed);
        assert!(d.refusal.unwrap().contains("'http://b' is not accepted"));
    }

    #[test]
    fn a_filtered_origin_gets_only_its_requests_and_the_rule_is_named() {
        let p = policy("http://a (voice.dial)");
        let d = p.decide(Some(&o("http://a")), "agent.get");
        assert!(!d.allowed);
        assert!(d.refusal.as_deref().unwrap().contains("'agent.get' is not allowed"));
        assert!(d.rule.contains("http://a (voice.dial)"), "{}", d.rule);
        assert!(p.decide(Some(&o("http://a")), "voice.dial").allowed);
        assert_eq!(p.allowed_services(Some(&o("http://a"))).unwrap(), ["voice.dial"]);
        assert!(p.decide(Some(&o("http://a")), "system.getAllowedServices").allowed, "exempt from the filter");
        assert!(!p.decide(Some(&o("http://z")), "system.getAllowedServices").allowed, "but not from acceptance");
    }

    #[test]
    fn allowed_services_fails_for_an_unaccepted_or_opaque_origin() {
        let p = policy("http://a (*)");
        assert!(p.allowed_services(Some(&o("http://z"))).unwrap_err().contains("not accepted"));
        assert!(p.allowed_services(None).is_err());
        assert_eq!(p.allowed_services(Some(&o("http://a"))).unwrap().len(), catalog::REQUESTS.len() - catalog::FILTER_EXEMPT.len());
    }

    #[test]
    fn read_allowed_limits_user_data_only_when_set() {
        let text = "[interaction-workspace]\n\"service-client-api.user-data.read-allowed\" = \"Key1, Key2\"\n";
        let limited = Policy::from_config(&Config::parse(text, "x", Path::new(".")).unwrap()).unwrap();
        assert!(limited.may_read_user_data("Key1") && limited.may_read_user_data("Key2"));
        assert!(!limited.may_read_user_data("Secret"));
        assert!(Policy::default().may_read_user_data("Secret"));
    }

    #[test]
    fn no_option_accepts_nobody() {
        assert!(!Policy::default().decide(Some(&o("http://a")), "agent.get").allowed);
    }

    #[test]
    fn a_bad_option_is_reported_at_its_value() {
        let config = Config::parse(
            "[interaction-workspace]\n\"service-client-api.accepted-web-content-origins\" = \"http://a (agent.get\"\n",
            "x.toml",
            Path::new("."),
        )
        .unwrap();
        let err = Policy::from_config(&config).unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("never closed"), "{err}");
    }
}
