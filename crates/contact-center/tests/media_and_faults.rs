//! Chat, email, cases and the real-time connection faults.

mod common;

use std::time::Duration;

use common::{data, drain, event_types};
use contact_center::InteractionEventType::*;
use contact_center::{
    CaseEventType, CcError, ChatSender, ConnectionState, ContactCenter, DomainEvent, InteractionState as State, Simulator,
};
use serde_json::Map;

#[test]
fn chat_is_invited_accepted_carries_messages_both_ways_and_ends() {
    let sim = Simulator::new();
    let mut rx = sim.events();
    let id = sim.customer_start_chat("Grace", data(&[("Subject", "Order")])).interaction_id;
    sim.customer_send_message(&id, "Hello").unwrap();
    assert_eq!(sim.send_chat_message(&id, "Hi").unwrap_err().to_string(), "sendMessage: interaction 1 is INVITED, not ACCEPTED");
    assert_eq!(sim.accept(&id).unwrap().state, State::Accepted);
    sim.send_chat_message(&id, "Hi Grace, how can I help?").unwrap();
    sim.advance(Duration::from_secs(5));
    sim.customer_send_message(&id, "Where is my order?").unwrap();
    let ended = sim.end_chat(&id).unwrap();
    assert_eq!(ended.state, State::Idle);
    let transcript = sim.transcript(&id).unwrap();
    let lines: Vec<_> = transcript.iter().map(|m| (m.from, m.text.as_str())).collect();
    assert_eq!(
        lines,
        [(ChatSender::Customer, "Hello"), (ChatSender::Agent, "Hi Grace, how can I help?"), (ChatSender::Customer, "Where is my order?")]
    );
    assert_eq!(transcript[2].at_ms, 5000);
    sim.mark_done(&id).unwrap();
    assert_eq!(
        event_types(&drain(&mut rx)),
        [Added, Invited, NewMessage, JoinPending, Accepted, NewMessage, NewMessage, Ended, Removed]
    );
}

#[test]
fn a_failed_join_leaves_the_chat_in_join_failed() {
    let sim = Simulator::new();
    sim.set_chat_join_fails(true);
    let id = sim.customer_start_chat("Linus", Map::new()).interaction_id;
    let mut rx = sim.events();
    assert_eq!(sim.accept(&id).unwrap().state, State::JoinFailed);
    assert_eq!(event_types(&drain(&mut rx)), [JoinPending, JoinFailed]);
    sim.mark_done(&id).unwrap();
}

#[test]
fn the_customer_can_end_the_chat() {
    let sim = Simulator::new();
    let id = sim.customer_start_chat("Grace", Map::new()).interaction_id;
    sim.accept(&id).unwrap();
    assert_eq!(sim.customer_end_chat(&id).unwrap().state, State::Idle);
    assert!(sim.customer_send_message(&id, "hello?").unwrap_err().to_string().contains("is IDLE"));
}

#[test]
fn email_create_composes_then_sends_or_cancels() {
    let sim = Simulator::new();
    let mut rx = sim.events();
    let sent = sim.create_email("ada@example.com", data(&[("Case", "1")])).unwrap();
    assert_eq!((sent.state, sent.parties[0].name.as_str()), (State::Created, "ada@example.com"));
    assert_eq!(sim.send_email(&sent.interaction_id).unwrap().state, State::Sent);
    assert_eq!(sim.send_email(&sent.interaction_id).unwrap_err().to_string(), "sendEmail: interaction 1 is SENT, not CREATED");
    let cancelled = sim.create_email("bob@example.com", Map::new()).unwrap();
    assert_eq!(sim.cancel_email(&cancelled.interaction_id).unwrap().state, State::Cancelled);
    assert_eq!(event_types(&drain(&mut rx)), [Added, Composing, Sent, Added, Composing, Cancelled]);
    assert!(sim.create_email("not an address", Map::new()).is_err());
}

#[test]
fn inbound_email_is_invited_then_accepted() {
    let sim = Simulator::new();
    let email = sim.inbound_email("alan@example.com", "Invoice", Map::new());
    assert_eq!(email.state, State::Invited);
    let mut rx = sim.events();
    assert_eq!(sim.accept(&email.interaction_id).unwrap().state, State::Accepted);
    assert_eq!(event_types(&drain(&mut rx)), [Accepted]);
    sim.mark_done(&email.interaction_id).unwrap();
}

#[test]
fn cases_are_selected_expanded_collapsed_and_renamed() {
    let sim = Simulator::new();
    let first = sim.inbound_call("100", Map::new());
    let second = sim.inbound_call("200", data(&[("IW_CaseUid", "shared-case")]));
    let consult_like = sim.inbound_email("a@b.c", "same case", data(&[("IW_CaseUid", "shared-case")]));
    assert!(first.is_case_selected && first.is_case_expanded && first.is_main_case_interaction);
    assert!(!sim.interaction(&second.interaction_id).unwrap().is_case_selected);
    assert!(second.is_main_case_interaction && !consult_like.is_main_case_interaction);
    let mut rx = sim.events();
    sim.select_case_by_case_id("shared-case").unwrap();
    let case = |event_type, id: &str| DomainEvent::Case { event_type, selected_case_id: id.into() };
    assert_eq!(
        drain(&mut rx),
        [
            case(CaseEventType::CaseCollapsed, &first.case_id),
            case(CaseEventType::CaseSelected, "shared-case"),
            case(CaseEventType::CaseExpanded, "shared-case"),
        ]
    );
    assert!(sim.interaction(&second.interaction_id).unwrap().is_case_selected);
    assert!(!sim.interaction(&first.interaction_id).unwrap().is_case_selected);
    assert!(sim.select_case_by_case_id("nope").unwrap_err().to_string().contains("no interaction is in case `nope`"));
    sim.change_case_id("shared-case", "renamed").unwrap();
    assert_eq!(drain(&mut rx), [DomainEvent::CaseIdChanged { case_id: "renamed".into(), previous_case_id: "shared-case".into() }]);
    let renamed = sim.interaction(&second.interaction_id).unwrap();
    assert_eq!((renamed.case_id.as_str(), renamed.user_data["IW_CaseUid"].as_str()), ("renamed", Some("renamed")));
    assert_eq!(sim.selected_case().as_deref(), Some("renamed"));
}

fn connection_events(events: &[DomainEvent]) -> Vec<ConnectionState> {
    events
        .iter()
        .filter_map(|e| match e {
            DomainEvent::RealtimeConnection { state } => Some(*state),
            _ => None,
        })
        .collect()
}

#[test]
fn writes_are_refused_while_disconnected_and_events_are_delivered_on_reconnection() {
    let sim = Simulator::new();
    let id = sim.inbound_call("100", Map::new()).interaction_id;
    let mut rx = sim.events();
    sim.drop_connection(Some(Duration::from_secs(10))).unwrap();
    let refused = sim.answer(&id).unwrap_err();
    assert!(matches!(refused, CcError::Disconnected { .. }));
    assert_eq!(
        refused.to_string(),
        "answer: the real-time connection to the contact center is DISCONNECTED; the request was not sent, retry once it is RECONNECTED"
    );
    assert!(sim.set_user_data(&id, data(&[("k", "v")])).is_err());
    assert_eq!(sim.interaction(&id).unwrap().user_data.get("k"), None, "nothing applied behind the page's back");
    sim.customer_hang_up(&id).unwrap();
    assert_eq!(connection_events(&drain(&mut rx)), [ConnectionState::Disconnected], "the hang-up is held back");
    sim.advance(Duration::from_secs(10));
    let events = drain(&mut rx);
    assert_eq!(connection_events(&events), [ConnectionState::Reconnected]);
    assert_eq!(event_types(&events), [Released], "held-back events arrive after RECONNECTED");
    assert!(matches!(events[0], DomainEvent::RealtimeConnection { state: ConnectionState::Reconnected }));
    sim.mark_done(&id).unwrap();
}

#[test]
fn a_lost_connection_goes_down_after_a_minute_and_can_still_come_back() {
    let sim = Simulator::new();
    let mut rx = sim.events();
    sim.drop_connection(None).unwrap();
    sim.advance(Duration::from_secs(59));
    assert_eq!(sim.connection_state(), ConnectionState::Disconnected);
    sim.advance(Duration::from_secs(1));
    assert_eq!(sim.connection_state(), ConnectionState::Down);
    assert!(sim.set_agent_state("Ready").unwrap_err().to_string().contains("is DOWN"));
    sim.restore_connection().unwrap();
    sim.set_agent_state("Ready").unwrap();
    assert_eq!(
        connection_events(&drain(&mut rx)),
        [ConnectionState::Disconnected, ConnectionState::Down, ConnectionState::Reconnected]
    );
}
