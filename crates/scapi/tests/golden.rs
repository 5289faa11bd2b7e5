//! Golden wire files: each `golden/*.json` is an exchange with a fresh broker over the
//! simulator — what a page sends, and exactly what comes back to it (answers, then the
//! events it hears). They pin the wire format the vendor's client library depends on.
//! `UPDATE_GOLDEN=1 cargo test -p scapi --test golden` rewrites the expectations; read the
//! diff before committing it.

use std::path::Path;
use std::sync::Arc;

use agentdeck_config::Config;
use contact_center::{ContactCenter, Simulator};
use scapi::{Broker, Origin, Policy};
use serde_json::{json, Value};

fn run_exchange(case: &Value) -> Vec<Value> {
    let options = case["options"].as_str().unwrap_or("");
    let text = format!(
        "[interaction-workspace]\n\"service-client-api.accepted-web-content-origins\" = \"http://crm.example (*), http://dial.example (voice.dial)\"\n{options}"
    );
    let config = Config::parse(&text, "golden.toml", Path::new(".")).expect("golden configuration");
    let sim = Arc::new(Simulator::new());
    let mut events = sim.events();
    let mut broker = Broker::new(Policy::from_config(&config).expect("golden policy"), sim.clone(), config);
    let frame = broker.open_frame();
    let origin = Origin::parse(case["origin"].as_str().unwrap_or("http://crm.example")).expect("origin");
    if let Some(ani) = case["call"].as_str() {
        let user_data = case["callUserData"].as_object().cloned().unwrap_or_default();
        sim.inbound_call(ani, user_data);
    }
    let mut outcome = Vec::new();
    for step in case["exchange"].as_array().expect("an exchange") {
        while events.try_recv().is_ok() {}
        let handled = broker.handle(frame, Some(&origin), &step["send"]);
        let mut heard = Vec::new();
        while let Ok(event) = events.try_recv() {
            heard.extend(broker.events_for(&event).into_iter().filter(|(f, _)| *f == frame).map(|(_, m)| m));
        }
        outcome.push(json!({ "send": step["send"], "receive": handled.answers, "events": heard }));
    }
    let _ = sim.agent();
    outcome
}

#[test]
fn golden_exchanges_match() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut files: Vec<_> = std::fs::read_dir(&folder).expect("tests/golden").map(|e| e.expect("entry").path()).collect();
    files.sort();
    assert!(files.len() >= 8, "the golden files are missing");
    let mut failures = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("golden file");
        let mut case: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let outcome = run_exchange(&case);
        let expected: Vec<Value> = case["exchange"].as_array().cloned().unwrap_or_default();
        if update {
            case["exchange"] = Value::Array(outcome);
            std::fs::write(&file, serde_json::to_string_pretty(&case).expect("json") + "\n").expect("write golden");
        } else if outcome != expected {
            failures.push(format!(
                "{}:\nexpected {}\n     got {}",
                file.display(),
                serde_json::to_string_pretty(&expected).unwrap_or_default(),
                serde_json::to_string_pretty(&outcome).unwrap_or_default()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
