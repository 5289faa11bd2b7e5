//! Where a consultation or transfer goes: the documented `targetQuery` (a phone number, or
//! `{type|target, destination, media?}` with six target types) and the directory of
//! agents, groups, skills, queues and routing points the engine resolves it against.

use serde_json::Value;

use crate::CcError;

/// The six documented target types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetType {
    Agent,
    AgentGroup,
    Skill,
    InteractionQueue,
    RoutingPoint,
    CustomContact,
}

impl TargetType {
    pub const ALL: [TargetType; 6] = [
        TargetType::Agent,
        TargetType::AgentGroup,
        TargetType::Skill,
        TargetType::InteractionQueue,
        TargetType::RoutingPoint,
        TargetType::CustomContact,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TargetType::Agent => "AGENT",
            TargetType::AgentGroup => "AGENT_GROUP",
            TargetType::Skill => "SKILL",
            TargetType::InteractionQueue => "INTERACTION_QUEUE",
            TargetType::RoutingPoint => "ROUTING_POINT",
            TargetType::CustomContact => "CUSTOM_CONTACT",
        }
    }

    pub fn parse(name: &str) -> Result<TargetType, CcError> {
        TargetType::ALL.into_iter().find(|t| t.as_str() == name).ok_or_else(|| {
            CcError::Refused(format!(
                "unknown target type `{name}`; expected one of AGENT, AGENT_GROUP, SKILL, INTERACTION_QUEUE, ROUTING_POINT, CUSTOM_CONTACT"
            ))
        })
    }
}

/// A parsed `targetQuery`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetQuery {
    pub target_type: TargetType,
    pub destination: String,
    /// The media of the consultation; `None` means the interaction's own media.
    pub media: Option<String>,
}

impl TargetQuery {
    /// A phone number, which the documents turn into a `CUSTOM_CONTACT` target.
    pub fn phone(number: &str) -> TargetQuery {
        TargetQuery { target_type: TargetType::CustomContact, destination: number.to_owned(), media: None }
    }

    pub fn new(target_type: TargetType, destination: &str) -> TargetQuery {
        TargetQuery { target_type, destination: destination.to_owned(), media: None }
    }

    /// Reads a `targetQuery` as pages send it: a string, or an object whose type is under
    /// `type` (002) or `target` (the consult signature), with `destination` and `media`.
    pub fn from_json(value: &Value) -> Result<TargetQuery, CcError> {
        match value {
            Value::String(number) => Ok(TargetQuery::phone(number)),
            Value::Object(o) => {
                let type_name = o.get("type").or_else(|| o.get("target")).and_then(Value::as_str).ok_or_else(|| {
                    CcError::Refused("targetQuery needs a string `type` (or `target`) naming the target type".into())
                })?;
                let destination = o
                    .get("destination")
                    .and_then(Value::as_str)
                    .ok_or_else(|| CcError::Refused("targetQuery needs a string `destination`".into()))?;
                let media = o.get("media").and_then(Value::as_str).map(str::to_owned);
                Ok(TargetQuery { target_type: TargetType::parse(type_name)?, destination: destination.to_owned(), media })
            }
            other => Err(CcError::Refused(format!("targetQuery must be a phone number or an object, not {other}"))),
        }
    }
}

/// The names the engine can route to, per target type (agents by employeeId).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directory {
    pub agents: Vec<String>,
    pub agent_groups: Vec<String>,
    pub skills: Vec<String>,
    pub interaction_queues: Vec<String>,
    pub routing_points: Vec<String>,
}

impl Default for Directory {
    fn default() -> Self {
        let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
        Directory {
            agents: names(&["5002", "5003"]),
            agent_groups: names(&["Billing", "Support"]),
            skills: names(&["English", "French"]),
            interaction_queues: names(&["ChatQueue", "EmailQueue"]),
            routing_points: names(&["7000", "7001"]),
        }
    }
}

impl Directory {
    /// Checks that `target` names something that exists; the party name it becomes.
    pub fn resolve(&self, target: &TargetQuery) -> Result<String, CcError> {
        let known = match target.target_type {
            TargetType::Agent => &self.agents,
            TargetType::AgentGroup => &self.agent_groups,
            TargetType::Skill => &self.skills,
            TargetType::InteractionQueue => &self.interaction_queues,
            TargetType::RoutingPoint => &self.routing_points,
            TargetType::CustomContact => return phone_number(&target.destination),
        };
        if known.iter().any(|name| *name == target.destination) {
            Ok(target.destination.clone())
        } else {
            Err(CcError::Refused(format!(
                "no {} named `{}` (known: {})",
                target.target_type.as_str(),
                target.destination,
                known.join(", ")
            )))
        }
    }
}

/// A dialable number: digits with an optional leading `+`, spaces and dashes allowed.
pub fn phone_number(text: &str) -> Result<String, CcError> {
    let digits = text.strip_prefix('+').unwrap_or(text);
    let valid = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == ' ' || c == '-')
        && digits.chars().any(|c| c.is_ascii_digit());
    if valid {
        Ok(text.to_owned())
    } else {
        Err(CcError::Refused(format!("`{text}` is not a phone number")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_string_is_a_custom_contact_and_objects_accept_type_or_target() {
        assert_eq!(TargetQuery::from_json(&json!("+3312")).unwrap(), TargetQuery::phone("+3312"));
        let by_type = TargetQuery::from_json(&json!({"type": "AGENT", "destination": "5002"})).unwrap();
        let by_target = TargetQuery::from_json(&json!({"target": "AGENT", "destination": "5002", "media": "voice"})).unwrap();
        assert_eq!(by_type.target_type, TargetType::Agent);
        assert_eq!(by_target.media.as_deref(), Some("voice"));
        assert!(TargetQuery::from_json(&json!({"type": "PLANET", "destination": "x"}))
            .unwrap_err()
            .to_string()
            .contains("unknown target type `PLANET`"));
    }

    #[test]
    fn every_target_type_resolves_against_the_directory() {
        let directory = Directory::default();
        let known = ["5002", "Billing", "English", "ChatQueue", "7000", "+1 555-0100"];
        for (target_type, destination) in TargetType::ALL.into_iter().zip(known) {
            assert_eq!(directory.resolve(&TargetQuery::new(target_type, destination)).unwrap(), destination);
            assert!(directory.resolve(&TargetQuery::new(target_type, "nobody")).is_err(), "{target_type:?}");
        }
    }
}
