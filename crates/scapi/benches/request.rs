//! What one request costs in the broker: decode, policy (origin list, filter, rate limit),
//! dispatch to the simulator, user-data filtering and encode — with 1 and with 1,000
//! origin rules. `cargo bench -p scapi`.

use std::sync::Arc;

use agentdeck_config::Config;
use contact_center::Simulator;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use scapi::{Broker, Origin, Policy};
use serde_json::{Map, Value};

fn broker_with_rules(rules: usize) -> (Broker, Origin) {
    let mut origins: Vec<String> = (0..rules.saturating_sub(1)).map(|i| format!("http://host{i}.example:8080 (agent.*, voice.dial)")).collect();
    origins.push("http://crm.example (*)".into());
    let text = format!(
        "[interaction-workspace]\n\"service-client-api.accepted-web-content-origins\" = \"{}\"\n\"service-client-api.user-data.read-allowed\" = \"Key1,Key2\"\n\"service-client-api.rate-limit\" = 0\n",
        origins.join(", ")
    );
    let config = Config::parse(&text, "bench.toml", std::path::Path::new(".")).expect("bench configuration");
    let sim = Arc::new(Simulator::new());
    let mut user_data = Map::new();
    for key in ["Key1", "Key2", "Secret1", "Secret2"] {
        user_data.insert(key.into(), Value::from("value"));
    }
    sim.inbound_call("+15550100", user_data);
    let broker = Broker::new(Policy::from_config(&config).expect("bench policy"), sim, config);
    (broker, Origin::parse("http://crm.example").expect("origin"))
}

fn one_request(c: &mut Criterion) {
    let mut group = c.benchmark_group("request");
    for rules in [1usize, 1000] {
        for (name, wire) in [
            ("agent.get", r#"{"request":"agent.get","referenceId":"7","userAgent":"WWE Client","protocolVersion":2}"#),
            (
                "interaction.getInteractions",
                r#"{"request":"interaction.getInteractions","referenceId":"8","userAgent":"WWE Client","protocolVersion":2}"#,
            ),
        ] {
            let (mut broker, origin) = broker_with_rules(rules);
            let frame = broker.open_frame();
            group.bench_with_input(BenchmarkId::new(name, format!("{rules} rules")), &wire, |b, wire| {
                b.iter(|| {
                    let message: Value = serde_json::from_str(wire).expect("valid request");
                    let handled = broker.handle(frame, Some(&origin), &message);
                    serde_json::to_string(&handled.answers[0]).expect("encodes")
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, one_request);
criterion_main!(benches);
