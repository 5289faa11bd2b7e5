//! Every transition the current state does not allow is refused with an explanation, and
//! a refused request changes nothing.

use contact_center::{ContactCenter, Simulator, TargetQuery};
use serde_json::Map;

type Operation = fn(&Simulator, &str) -> Result<(), String>;

fn ok<T>(r: Result<T, contact_center::CcError>) -> Result<(), String> {
    r.map(|_| ()).map_err(|e| e.to_string())
}

#[test]
fn every_refused_transition_says_why() {
    let sim = Simulator::new();
    let ringing = sim.inbound_call("100", Map::new()).interaction_id;
    let idle = sim.inbound_call("200", Map::new()).interaction_id;
    sim.answer(&idle).unwrap();
    sim.release(&idle).unwrap();
    let chat = sim.customer_start_chat("Grace", Map::new()).interaction_id;
    let cases: Vec<(&str, Operation, &str, String)> = vec![
        ("answer idle", |s, id| ok(s.answer(id)), &idle, "answer: interaction 2 is IDLE, not RINGING".into()),
        ("hold ringing", |s, id| ok(s.hold(id)), &ringing, "hold: interaction 1 is RINGING, not TALKING".into()),
        ("resume ringing", |s, id| ok(s.resume(id)), &ringing, "resume: interaction 1 is RINGING, not HELD".into()),
        ("release ringing", |s, id| ok(s.release(id)), &ringing, "release: interaction 1 is RINGING, not TALKING, HELD or DIALING".into()),
        ("reject idle", |s, id| ok(s.reject(id)), &idle, "reject: interaction 2 is IDLE, not RINGING".into()),
        ("markdone ringing", |s, id| ok(s.mark_done(id)), &ringing, "markdone: interaction 1 is RINGING, not IDLE".into()),
        ("record ringing", |s, id| ok(s.start_call_recording(id)), &ringing, "startCallRecording: interaction 1 is RINGING, not TALKING or HELD".into()),
        ("consult ringing", |s, id| ok(s.consult(id, &TargetQuery::phone("+1"), Map::new(), Map::new())), &ringing, "consult: interaction 1 is RINGING, not TALKING".into()),
        ("transfer idle", |s, id| ok(s.single_step_transfer(id, &TargetQuery::phone("+1"), Map::new(), Map::new())), &idle, "singleStepTransfer: interaction 2 is IDLE, not TALKING or HELD".into()),
        ("conference idle", |s, id| ok(s.single_step_conference(id, &TargetQuery::phone("+1"), Map::new(), Map::new())), &idle, "singleStepConference: interaction 2 is IDLE, not TALKING".into()),
        ("hold a chat", |s, id| ok(s.hold(id)), &chat, "hold: interaction 3 is a chat interaction, not a voice call".into()),
        ("end an invited chat", |s, id| ok(s.end_chat(id)), &chat, "endChat: interaction 3 is INVITED, not ACCEPTED".into()),
        ("send a chat as email", |s, id| ok(s.send_email(id)), &chat, "sendEmail: interaction 3 is not an email".into()),
        ("call a call", |s, id| ok(s.call_preview_record(id)), &ringing, "callPreviewRecord: interaction 1 is not an outbound preview record".into()),
        ("reject record of a call", |s, id| ok(s.reject_record(id)), &ringing, "rejectRecord: interaction 1 is not an outbound preview record".into()),
        ("complete a call", |s, id| ok(s.complete_transfer(id)), &ringing, "completeTransfer: interaction 1 is not a consultation".into()),
        ("unknown", |s, _| ok(s.answer("99")), "", "unknown interaction `99`".into()),
        ("event-only state", |s, _| ok(s.set_agent_state("OutOfService")), "", "state `OutOfService` is reported by the contact center and cannot be set".into()),
        ("unknown media", |s, _| ok(s.set_media_state("fax", "Ready")), "", "unknown media `fax`".into()),
    ];
    for (name, operation, id, expected) in cases {
        let before = sim.interactions();
        assert_eq!(operation(&sim, id).unwrap_err(), expected, "{name}");
        assert_eq!(sim.interactions(), before, "{name}: a refused request changes nothing");
    }
}

#[test]
fn the_state_list_offers_every_settable_type_and_event_only_states_are_refused() {
    let sim = Simulator::new();
    for state in sim.state_list() {
        assert!(sim.set_agent_state(&state.operation_name).is_ok(), "{}", state.operation_name);
    }
    let types: Vec<_> = sim.state_list().iter().map(|s| s.state_type).collect();
    for documented in contact_center::StateType::ALL {
        assert_eq!(types.contains(&documented), documented.is_settable(), "{documented:?}");
    }
    for event_only in ["PartialReady", "OutOfService", "LogoutDndOn", "Unknown"] {
        assert_eq!(
            sim.set_agent_state(event_only).unwrap_err().to_string(),
            format!("state `{event_only}` is reported by the contact center and cannot be set")
        );
    }
}
