//! Consult, complete transfer, complete conference and the single-step forms (002).

mod common;

use common::{data, drain, interaction_events};
use contact_center::InteractionEventType::*;
use contact_center::{ContactCenter, InteractionState as State, Simulator, TargetQuery, TargetType};
use serde_json::Map;

/// A simulator with call 1 TALKING.
fn talking() -> (Simulator, String) {
    let sim = Simulator::new();
    let id = sim.inbound_call("+15551234", data(&[("Account", "8812")])).interaction_id;
    sim.answer(&id).unwrap();
    (sim, id)
}

/// Consults agent 5002 from the call and lets them pick up.
fn consulted(sim: &Simulator, id: &str) -> String {
    let consult = sim.consult(id, &TargetQuery::new(TargetType::Agent, "5002"), data(&[("Why", "billing")]), Map::new()).unwrap();
    sim.remote_answer(&consult.interaction_id).unwrap();
    consult.interaction_id
}

#[test]
fn consult_holds_the_call_and_dials_a_linked_consultation() {
    let (sim, id) = talking();
    let mut rx = sim.events();
    let consult = sim.consult(&id, &TargetQuery::phone("+15559999"), data(&[("Why", "billing")]), Map::new()).unwrap();
    assert!(consult.is_consultation);
    assert_eq!(consult.parent_interaction_id.as_deref(), Some(id.as_str()));
    assert_eq!((consult.state, consult.call_type.as_str()), (State::Dialing, "CONSULT"));
    assert_eq!(consult.case_id, sim.interaction(&id).unwrap().case_id, "same case as the main call");
    assert!(!consult.is_main_case_interaction);
    assert_eq!((consult.user_data["Account"].as_str(), consult.user_data["Why"].as_str()), (Some("8812"), Some("billing")));
    assert_eq!(
        interaction_events(&drain(&mut rx)),
        [(Held, id.clone(), State::Held), (Added, consult.interaction_id.clone(), State::Dialing), (Dialing, consult.interaction_id.clone(), State::Dialing)]
    );
    assert_eq!(
        sim.consult(&id, &TargetQuery::phone("+1"), Map::new(), Map::new()).unwrap_err().to_string(),
        "consult: interaction 1 is HELD, not TALKING"
    );
}

#[test]
fn complete_transfer_releases_both_legs() {
    let (sim, id) = talking();
    let consult = consulted(&sim, &id);
    let mut rx = sim.events();
    let main = sim.complete_transfer(&consult).unwrap();
    assert_eq!(main.state, State::Idle);
    assert_eq!(
        interaction_events(&drain(&mut rx)),
        [(Released, consult.clone(), State::Idle), (Removed, consult.clone(), State::Idle), (Released, id.clone(), State::Idle)]
    );
    sim.mark_done(&id).unwrap();
}

#[test]
fn complete_conference_brings_the_consulted_party_into_the_call() {
    let (sim, id) = talking();
    let consult = consulted(&sim, &id);
    let mut rx = sim.events();
    let main = sim.complete_conference(&consult).unwrap();
    assert_eq!(main.state, State::Talking);
    let parties: Vec<_> = main.parties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(parties, ["+15551234", "5002"]);
    let types: Vec<_> = interaction_events(&drain(&mut rx)).into_iter().map(|(t, _, _)| t).collect();
    assert_eq!(types, [Released, Removed, PartyChanged, Established]);
}

#[test]
fn completing_needs_a_talking_consultation() {
    let (sim, id) = talking();
    assert_eq!(sim.complete_transfer(&id).unwrap_err().to_string(), "completeTransfer: interaction 1 is not a consultation");
    let consult = sim.consult(&id, &TargetQuery::phone("+15559999"), Map::new(), Map::new()).unwrap().interaction_id;
    assert_eq!(
        sim.complete_conference(&consult).unwrap_err().to_string(),
        "completeConference: interaction 2 is DIALING, not TALKING"
    );
}

#[test]
fn single_step_transfer_and_conference_reach_every_target_type() {
    let destinations = ["5002", "Billing", "English", "ChatQueue", "7000", "+1 555 0100"];
    for (target_type, destination) in TargetType::ALL.into_iter().zip(destinations) {
        let target = TargetQuery::new(target_type, destination);
        let (sim, id) = talking();
        let conferenced = sim.single_step_conference(&id, &target, Map::new(), Map::new()).unwrap();
        assert_eq!(conferenced.parties.last().unwrap().name, destination, "{target_type:?}");
        let mut rx = sim.events();
        let transferred = sim.single_step_transfer(&id, &target, data(&[("Note", "vip")]), Map::new()).unwrap();
        assert_eq!((transferred.state, transferred.user_data["Note"].as_str()), (State::Idle, Some("vip")));
        assert_eq!(interaction_events(&drain(&mut rx)), [(Released, id.clone(), State::Idle)]);
        let unknown = TargetQuery::new(target_type, "nobody");
        let (sim, id) = talking();
        let refused = sim.single_step_transfer(&id, &unknown, Map::new(), Map::new()).unwrap_err().to_string();
        assert!(refused.starts_with("singleStepTransfer: "), "{refused}");
        assert_eq!(sim.interaction(&id).unwrap().state, State::Talking);
    }
}

#[test]
fn targets_in_other_media_are_refused() {
    let (sim, id) = talking();
    let mut target = TargetQuery::new(TargetType::Agent, "5002");
    target.media = Some("chat".into());
    assert_eq!(
        sim.consult(&id, &target, Map::new(), Map::new()).unwrap_err().to_string(),
        "consult: only voice targets are supported, not `chat`"
    );
}
