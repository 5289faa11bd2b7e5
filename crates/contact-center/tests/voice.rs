//! The voice lifecycle, recording, mute, attached data, mark done blocking and RONA.

mod common;

use std::time::Duration;

use common::{data, drain, event_types};
use contact_center::InteractionEventType::*;
use contact_center::{
    CcError, ContactCenter, Direction, DomainEvent, InboundCall, InteractionState as State, RecordingState,
    RonaCallState, Simulator,
};
use serde_json::Map;

#[test]
fn inbound_call_rings_is_answered_held_resumed_released_and_marked_done() {
    let sim = Simulator::new();
    let mut rx = sim.events();
    let call = sim.inbound_call("+15551234", data(&[("Account", "8812")]));
    assert_eq!((call.direction, call.call_type.as_str(), call.ani.as_str(), call.dnis.as_str()), (Direction::In, "INBOUND", "+15551234", "5001"));
    assert_eq!(call.capabilities, ["ANSWER", "REJECT"]);
    assert_eq!(call.recording_state, Some(RecordingState::Stopped));
    assert!(!call.call_uuid.is_empty() && call.interaction_uuid == call.call_uuid && !call.conn_id.is_empty());
    assert_eq!(call.user_data["Account"], "8812");
    let id = call.interaction_id.as_str();
    assert_eq!(sim.answer(id).unwrap().state, State::Talking);
    let held = sim.hold(id).unwrap();
    assert_eq!((held.state, held.previous_state, held.capabilities.clone()), (State::Held, State::Talking, vec!["HANGUP".to_string(), "RESUME".into()]));
    assert_eq!(sim.resume(id).unwrap().state, State::Talking);
    assert_eq!(sim.release(id).unwrap().capabilities, ["MARK_DONE"]);
    sim.mark_done(id).unwrap();
    assert_eq!(event_types(&drain(&mut rx)), [Added, Ringing, Established, Held, Established, Released, Removed]);
}

#[test]
fn accept_answers_a_ringing_call_and_reject_releases_and_removes_it() {
    let sim = Simulator::new();
    let first = sim.inbound_call("100", Map::new());
    assert_eq!(sim.accept(&first.interaction_id).unwrap().state, State::Talking);
    let second = sim.inbound_call("200", Map::new());
    let mut rx = sim.events();
    sim.reject(&second.interaction_id).unwrap();
    assert_eq!(event_types(&drain(&mut rx)), [Released, Removed]);
    assert!(sim.interaction(&second.interaction_id).is_none());
}

#[test]
fn dial_and_dial_ex_go_dialing_then_established_when_the_far_end_answers() {
    let sim = Simulator::new();
    let mut rx = sim.events();
    let call = sim.dial("+15550100", data(&[("Origin", "crm")])).unwrap();
    assert_eq!((call.state, call.direction, call.call_type.as_str(), call.dnis.as_str()), (State::Dialing, Direction::Out, "OUTBOUND", "+15550100"));
    let mut extensions = Map::new();
    extensions.insert("AccountCode".into(), "42".into());
    let internal = sim.dial_ex("5002", Map::new(), extensions.clone()).unwrap();
    assert_eq!((internal.call_type.as_str(), internal.extensions.clone()), ("INTERNAL", extensions));
    sim.advance(Duration::from_secs(2));
    assert_eq!(sim.interaction(&call.interaction_id).unwrap().state, State::Dialing, "not answered before 3 s");
    sim.advance(Duration::from_secs(1));
    assert_eq!(sim.interaction(&call.interaction_id).unwrap().state, State::Talking);
    assert_eq!(event_types(&drain(&mut rx)), [Added, Dialing, Added, Dialing, Established, Established]);
    assert!(sim.dial("call me", Map::new()).unwrap_err().to_string().contains("not a phone number"));
}

#[test]
fn recording_moves_between_stopped_recording_and_paused_and_refuses_the_rest() {
    let sim = Simulator::new();
    let id = sim.inbound_call("100", Map::new()).interaction_id;
    assert_eq!(
        sim.start_call_recording(&id).unwrap_err().to_string(),
        "startCallRecording: interaction 1 is RINGING, not TALKING or HELD"
    );
    sim.answer(&id).unwrap();
    assert_eq!(
        sim.pause_call_recording(&id).unwrap_err().to_string(),
        "pauseCallRecording: interaction 1 recording is STOPPED, not RECORDING"
    );
    let mut rx = sim.events();
    assert_eq!(sim.start_call_recording(&id).unwrap().recording_state, Some(RecordingState::Recording));
    assert_eq!(sim.pause_call_recording(&id).unwrap().recording_state, Some(RecordingState::Paused));
    assert!(sim.start_call_recording(&id).unwrap_err().to_string().contains("recording is PAUSED, not STOPPED"));
    assert_eq!(sim.resume_call_recording(&id).unwrap().recording_state, Some(RecordingState::Recording));
    assert_eq!(sim.stop_call_recording(&id).unwrap().recording_state, Some(RecordingState::Stopped));
    assert!(sim.stop_call_recording(&id).unwrap_err().to_string().contains("recording is STOPPED, not RECORDING or PAUSED"));
    assert_eq!(event_types(&drain(&mut rx)), [CallRecordingStateChanged; 4]);
}

#[test]
fn microphone_and_speaker_mute_are_independent() {
    let sim = Simulator::new();
    assert!(!sim.is_microphone_mute() && !sim.is_speaker_mute());
    sim.mute_microphone().unwrap();
    assert!(sim.is_microphone_mute() && !sim.is_speaker_mute());
    sim.mute_speaker().unwrap();
    sim.unmute_microphone().unwrap();
    assert!(!sim.is_microphone_mute() && sim.is_speaker_mute());
    sim.unmute_speaker().unwrap();
    assert!(!sim.is_speaker_mute());
}

#[test]
fn attached_data_changes_on_live_calls_only() {
    let sim = Simulator::new();
    let id = sim.inbound_call("100", data(&[("Key1", "a")])).interaction_id;
    let mut rx = sim.events();
    let set = sim.set_user_data(&id, data(&[("Key1", "b"), ("Key2", "c")])).unwrap();
    assert_eq!((set.user_data["Key1"].as_str(), set.user_data["Key2"].as_str()), (Some("b"), Some("c")));
    assert!(!sim.delete_user_data(&id, "Key2").unwrap().user_data.contains_key("Key2"));
    assert_eq!(sim.delete_user_data(&id, "Key2").unwrap_err().to_string(), "deleteUserData: interaction 1 has no attached data key `Key2`");
    assert_eq!(event_types(&drain(&mut rx)), [AttachedDataChanged, AttachedDataChanged]);
    sim.answer(&id).unwrap();
    sim.release(&id).unwrap();
    assert_eq!(
        sim.set_user_data(&id, data(&[("Key1", "z")])).unwrap_err().to_string(),
        "setUserData: interaction 1 is IDLE; attached data only changes on a live interaction"
    );
    assert!(sim.delete_user_data(&id, "Key1").is_err());
    assert_eq!(sim.interaction(&id).unwrap().user_data["Key1"], "b", "a refused change changes nothing");
}

#[test]
fn blocked_mark_done_refuses_with_the_warning_and_emits_the_markdone_event() {
    let sim = Simulator::new();
    let id = sim.inbound_call("100", Map::new()).interaction_id;
    sim.answer(&id).unwrap();
    sim.release(&id).unwrap();
    sim.block_mark_done(&id, "Fill in the disposition first").unwrap();
    let mut rx = sim.events();
    let refused = sim.mark_done(&id).unwrap_err();
    assert_eq!(refused.to_string(), "Fill in the disposition first");
    assert!(matches!(refused, CcError::MarkDoneBlocked { .. }));
    assert_eq!(
        drain(&mut rx),
        [DomainEvent::MarkDoneBlocked { interaction_id: id.clone(), warning_message: "Fill in the disposition first".into() }]
    );
    assert!(sim.interaction(&id).is_some());
    sim.unblock_mark_done(&id).unwrap();
    sim.mark_done(&id).unwrap();
    assert!(sim.interaction(&id).is_none());
}

#[test]
fn rona_releases_an_unanswered_call_with_its_rona_call_state() {
    let sim = Simulator::new();
    let mut rx = sim.events();
    let redirected = sim.inbound_call("100", Map::new()).interaction_id;
    let unanswered = sim.inbound_call_with(InboundCall { rona: RonaCallState::NoAnswer, ..InboundCall::from("200") }).interaction_id;
    let answered = sim.inbound_call("300", Map::new()).interaction_id;
    sim.answer(&answered).unwrap();
    sim.advance(Duration::from_secs(14));
    assert_eq!(sim.interaction(&redirected).unwrap().state, State::Ringing);
    sim.advance(Duration::from_secs(1));
    let events = drain(&mut rx);
    let released: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            DomainEvent::Interaction { event_type: Released, interaction } => Some((interaction.interaction_id.clone(), interaction.rona_call_state)),
            _ => None,
        })
        .collect();
    assert_eq!(released, [(redirected.clone(), Some(RonaCallState::Redirected)), (unanswered, Some(RonaCallState::NoAnswer))]);
    assert_eq!(sim.interaction(&answered).unwrap().state, State::Talking, "an answered call has no RONA");
    let json = serde_json::to_value(sim.interaction(&redirected).unwrap()).unwrap();
    assert_eq!(json["ronaCallState"], "REDIRECTED");
}

#[test]
fn interactions_serialize_with_the_documented_field_names() {
    let sim = Simulator::new();
    let json = serde_json::to_value(sim.inbound_call("100", Map::new())).unwrap();
    for field in [
        "interactionId", "parentInteractionId", "caseId", "userData", "state", "previousState", "parties",
        "isConsultation", "isMainCaseInteraction", "callUuid", "direction", "callType", "ani", "dnis",
        "recordingState", "isCaseSelected", "isCaseExpanded", "interactionUUID", "connId", "capabilities", "media",
    ] {
        assert!(json.get(field).is_some(), "missing {field} in {json}");
    }
    assert_eq!(json["recordingState"], "STOPPED");
    assert_eq!(json["userData"]["IW_CaseUid"], json["caseId"]);
    assert!(json["userData"].get("IW_BundleUid").is_some());
}

#[test]
fn releasing_a_recorded_call_stops_the_recording_first() {
    let sim = Simulator::new();
    let id = sim.inbound_call("100", Map::new()).interaction_id;
    sim.answer(&id).unwrap();
    sim.start_call_recording(&id).unwrap();
    let mut rx = sim.events();
    let released = sim.release(&id).unwrap();
    assert_eq!(released.recording_state, Some(RecordingState::Stopped));
    assert_eq!(event_types(&drain(&mut rx)), [CallRecordingStateChanged, Released]);
}
