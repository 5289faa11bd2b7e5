//! The messages on the wire, exactly as the vendor's client library sends and expects
//! them (see `docs/scapi-wire-protocol.md`): requests, subscriptions and
//! unsubscriptions in; answers, events and the frame-id assignment out.

use serde_json::{json, Map, Value};

/// What the host puts in `userAgent`; the client accepts messages containing `WWE`.
pub const HOST_USER_AGENT: &str = "WWE Server";
/// What the client library puts in `userAgent`.
pub const CLIENT_USER_AGENT_MARK: &str = "WWE Client";
pub const PROTOCOL_VERSION: u32 = 2;

/// A message from a page, decoded.
#[derive(Debug, Clone, PartialEq)]
pub enum ClientMessage {
    Request { name: String, parameters: Vec<Value>, reference_id: Value },
    Subscribe { categories: Vec<String>, reference_id: Value },
    Unsubscribe { subscription_id: Value },
}

/// Why a message could not be decoded; `reference_id` is there when the page can be told.
#[derive(Debug, Clone, PartialEq)]
pub struct Malformed {
    pub reference_id: Option<Value>,
    pub request: Option<String>,
    pub reason: String,
}

impl ClientMessage {
    pub fn decode(message: &Value) -> Result<ClientMessage, Malformed> {
        let object = message.as_object().ok_or_else(|| Malformed {
            reference_id: None,
            request: None,
            reason: "a message must be a JSON object".into(),
        })?;
        let reference_id = object.get("referenceId").filter(|v| !v.is_null()).cloned();
        let malformed = |request: Option<String>, reason: String| Malformed { reference_id: reference_id.clone(), request, reason };
        if let Some(name) = object.get("request") {
            let name = name
                .as_str()
                .ok_or_else(|| malformed(None, "`request` must be a string such as \"agent.get\"".into()))?
                .to_owned();
            let reference_id = reference_id
                .clone()
                .ok_or_else(|| malformed(Some(name.clone()), "the request has no referenceId".into()))?;
            let parameters = match object.get("parameters") {
                None | Some(Value::Null) => Vec::new(),
                Some(Value::Array(items)) => items.clone(),
                Some(_) => return Err(malformed(Some(name), "`parameters` must be an array".into())),
            };
            return Ok(ClientMessage::Request { name, parameters, reference_id });
        }
        match object.get("event").and_then(Value::as_str) {
            Some("subscribe") => {
                let reference_id =
                    reference_id.clone().ok_or_else(|| malformed(None, "the subscription has no referenceId".into()))?;
                let categories = match object.get("data") {
                    Some(Value::String(one)) => vec![one.clone()],
                    Some(Value::Array(many)) => many
                        .iter()
                        .map(|v| v.as_str().map(str::to_owned))
                        .collect::<Option<Vec<_>>>()
                        .ok_or_else(|| malformed(None, "subscribe: every category must be a string".into()))?,
                    _ => return Err(malformed(None, "subscribe: `data` must name a category or a list of them".into())),
                };
                Ok(ClientMessage::Subscribe { categories, reference_id })
            }
            Some("unsubscribe") => Ok(ClientMessage::Unsubscribe {
                subscription_id: object.get("data").cloned().unwrap_or(Value::Null),
            }),
            Some(other) => Err(malformed(None, format!("unknown message event `{other}`"))),
            None => Err(malformed(None, "a message needs a `request` or an `event`".into())),
        }
    }
}

fn stamp(mut body: Map<String, Value>) -> Value {
    body.insert("userAgent".into(), HOST_USER_AGENT.into());
    body.insert("protocolVersion".into(), PROTOCOL_VERSION.into());
    Value::Object(body)
}

/// A success answer. Never carries an `event` field, and echoes `referenceId` as it came.
pub fn success(reference_id: &Value, request: &str, data: Value) -> Value {
    let mut body = Map::new();
    body.insert("referenceId".into(), reference_id.clone());
    body.insert("request".into(), request.into());
    body.insert("data".into(), data);
    stamp(body)
}

/// A failure answer; the client tests `errorMessage !== undefined`.
pub fn failure(reference_id: &Value, request: &str, error_message: &str) -> Value {
    let mut body = Map::new();
    body.insert("referenceId".into(), reference_id.clone());
    body.insert("request".into(), request.into());
    body.insert("errorMessage".into(), error_message.into());
    stamp(body)
}

/// The answer to a subscription: the id the client will unsubscribe with.
pub fn subscribed(reference_id: &Value, subscription_id: &str) -> Value {
    let mut body = Map::new();
    body.insert("referenceId".into(), reference_id.clone());
    body.insert("subscriptionId".into(), subscription_id.into());
    stamp(body)
}

/// An event of `category` (`agent`, `interaction`, …).
pub fn event(category: &str, data: Value) -> Value {
    let mut body = Map::new();
    body.insert("event".into(), category.into());
    body.insert("data".into(), data);
    stamp(body)
}

/// Tells a frame its id: neither `event` nor `referenceId`.
pub fn frame_id(frame: u64) -> Value {
    stamp(json!({ "frameId": frame }).as_object().cloned().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_a_request_with_its_reference_id_as_sent() {
        let m = json!({"request":"interaction.setUserData","parameters":["1",{"K":"V"}],"referenceId":"7","userAgent":"WWE Client","protocolVersion":2,"frameId":3});
        assert_eq!(
            ClientMessage::decode(&m).unwrap(),
            ClientMessage::Request {
                name: "interaction.setUserData".into(),
                parameters: vec![json!("1"), json!({"K":"V"})],
                reference_id: json!("7")
            }
        );
        let no_params = json!({"request":"agent.get","referenceId":"0"});
        assert!(matches!(ClientMessage::decode(&no_params), Ok(ClientMessage::Request { parameters, .. }) if parameters.is_empty()));
    }

    #[test]
    fn decodes_subscriptions_of_one_or_many_categories() {
        let one = json!({"event":"subscribe","data":"agent","referenceId":"0"});
        let many = json!({"event":"subscribe","data":["agent","interaction"],"referenceId":"1"});
        assert!(matches!(ClientMessage::decode(&one), Ok(ClientMessage::Subscribe { categories, .. }) if categories == ["agent"]));
        assert!(matches!(ClientMessage::decode(&many), Ok(ClientMessage::Subscribe { categories, .. }) if categories.len() == 2));
        let unsub = json!({"event":"unsubscribe","data":"sub-1"});
        assert_eq!(ClientMessage::decode(&unsub).unwrap(), ClientMessage::Unsubscribe { subscription_id: json!("sub-1") });
    }

    #[test]
    fn malformed_messages_say_what_is_wrong_and_keep_the_reference() {
        let bad = json!({"request":"agent.get","parameters":"x","referenceId":"4"});
        let err = ClientMessage::decode(&bad).unwrap_err();
        assert_eq!(err.reference_id, Some(json!("4")));
        assert!(err.reason.contains("`parameters` must be an array"));
        assert!(ClientMessage::decode(&json!([1])).unwrap_err().reason.contains("JSON object"));
        assert!(ClientMessage::decode(&json!({"request":"agent.get"})).unwrap_err().reason.contains("no referenceId"));
    }

    #[test]
    fn answers_echo_the_reference_and_never_carry_event() {
        let ok = success(&json!("0"), "agent.get", json!({"username":"u"}));
        assert_eq!(ok["referenceId"], json!("0"));
        assert!(ok.get("event").is_none());
        assert_eq!(ok["userAgent"], "WWE Server");
        assert_eq!(ok["protocolVersion"], 2);
        let ko = failure(&json!("8"), "voice.dial", "nope");
        assert!(ko.get("event").is_none() && ko.get("data").is_none());
        assert_eq!(ko["errorMessage"], "nope");
        let f = frame_id(3);
        assert!(f.get("event").is_none() && f.get("referenceId").is_none());
        assert_eq!(f["frameId"], 3);
    }
}
