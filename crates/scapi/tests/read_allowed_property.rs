//! Property: whatever the read-allowed list, the interactions and the sequence of
//! operations, no key outside `service-client-api.user-data.read-allowed` appears in any
//! `userData` of any answer or event a page receives.

use std::path::Path;
use std::sync::Arc;

use agentdeck_config::Config;
use contact_center::{ContactCenter, Simulator};
use proptest::prelude::*;
use scapi::{Broker, Origin, Policy};
use serde_json::{json, Map, Value};

const KEYS: &[&str] = &["Key1", "Key2", "Key3", "Account", "Secret", "PIN", "IW_CaseUid"];

#[derive(Debug, Clone)]
enum Step {
    Call(Vec<(usize, String)>),
    Answer(u64),
    Release(u64),
    MarkDone(u64),
    List,
    GetOne(u64),
    SetData(u64, Vec<(usize, String)>),
    DeleteData(u64, usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        prop::collection::vec((0..KEYS.len(), "[a-z]{0,6}"), 0..6).prop_map(Step::Call),
        (1u64..5).prop_map(Step::Answer),
        (1u64..5).prop_map(Step::Release),
        (1u64..5).prop_map(Step::MarkDone),
        Just(Step::List),
        (1u64..5).prop_map(Step::GetOne),
        ((1u64..5), prop::collection::vec((0..KEYS.len(), "[a-z]{0,6}"), 1..4)).prop_map(|(id, pairs)| Step::SetData(id, pairs)),
        ((1u64..5), 0..KEYS.len()).prop_map(|(id, key)| Step::DeleteData(id, key)),
    ]
}

/// Every key of every `userData` object inside `value`.
fn user_data_keys(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("userData", Value::Object(data)) => out.extend(data.keys().cloned()),
                    _ => user_data_keys(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| user_data_keys(v, out)),
        _ => {}
    }
}

proptest! {
    #[test]
    fn no_unreadable_key_ever_reaches_a_page(
        allowed in prop::collection::btree_set(0..KEYS.len(), 0..KEYS.len()),
        writable in prop::collection::btree_set(0..KEYS.len(), 0..KEYS.len()),
        steps in prop::collection::vec(step(), 1..25),
    ) {
        let allowed: Vec<&str> = allowed.into_iter().map(|i| KEYS[i]).collect();
        let writable: Vec<&str> = writable.into_iter().map(|i| KEYS[i]).collect();
        let text = format!(
            "[interaction-workspace]\n\"service-client-api.accepted-web-content-origins\" = \"*\"\n\"service-client-api.user-data.read-allowed\" = \"{}\"\n\"service-client-api.user-data.write-allowed\" = \"{}\"\n",
            allowed.join(","),
            writable.join(",")
        );
        let config = Config::parse(&text, "p.toml", Path::new(".")).unwrap();
        let sim = Arc::new(Simulator::new());
        let mut events = sim.events();
        let mut broker = Broker::new(Policy::from_config(&config).unwrap(), sim.clone(), config);
        let frame = broker.open_frame();
        let origin = Origin::parse("http://crm.example").unwrap();
        broker.handle(frame, Some(&origin), &json!({"event": "subscribe", "data": ["interaction", "agent", "media"], "referenceId": "s"}));
        let mut received: Vec<Value> = Vec::new();
        for (n, step) in steps.into_iter().enumerate() {
            let reference = n.to_string();
            let request = |name: &str, params: Value| json!({"request": name, "parameters": params, "referenceId": reference, "userAgent": "WWE Client"});
            match step {
                Step::Call(pairs) => {
                    let data: Map<String, Value> = pairs.into_iter().map(|(k, v)| (KEYS[k].to_string(), Value::from(v))).collect();
                    sim.inbound_call("+1555", data);
                }
                Step::Answer(id) => { let _ = sim.answer(&id.to_string()); }
                Step::Release(id) => { let _ = sim.release(&id.to_string()); }
                Step::MarkDone(id) => { let _ = sim.mark_done(&id.to_string()); }
                Step::List => received.extend(broker.handle(frame, Some(&origin), &request("interaction.getInteractions", json!([]))).answers),
                Step::SetData(id, pairs) => {
                    let data: Map<String, Value> = pairs.into_iter().map(|(k, v)| (KEYS[k].to_string(), Value::from(v))).collect();
                    received.extend(broker.handle(frame, Some(&origin), &request("interaction.setUserData", json!([id.to_string(), data]))).answers);
                }
                Step::DeleteData(id, key) => received.extend(
                    broker.handle(frame, Some(&origin), &request("interaction.deleteUserData", json!([id.to_string(), KEYS[key]]))).answers,
                ),
                Step::GetOne(id) => received.extend(
                    broker.handle(frame, Some(&origin), &request("interaction.getByInteractionId", json!([id.to_string()]))).answers,
                ),
            }
            while let Ok(event) = events.try_recv() {
                received.extend(broker.events_for(&event).into_iter().map(|(_, m)| m));
            }
        }
        let mut keys = Vec::new();
        for message in &received {
            user_data_keys(message, &mut keys);
        }
        for key in keys {
            prop_assert!(allowed.contains(&key.as_str()), "`{}` reached a page though only {:?} may be read", key, allowed);
        }
    }
}
