//! The scenario library parses and plays on virtual time; broken files are reported at
//! file:line:col.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{drain, event_types};
use contact_center::scenario::{Scenario, ScenarioPlayer};
use contact_center::InteractionEventType::*;
use contact_center::{ConnectionState, ContactCenter, DomainEvent, InteractionState as State, RonaCallState, Simulator};

fn library(name: &str) -> Scenario {
    Scenario::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(name)).unwrap()
}

#[test]
fn every_scenario_in_the_library_parses_and_plays_without_refusals() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut played = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let scenario = Scenario::load(&path).unwrap_or_else(|e| panic!("{e}"));
        let sim = Simulator::new();
        let mut player = ScenarioPlayer::start(scenario, &sim);
        assert_eq!(player.run_to_end(&sim), [], "{}", path.display());
        assert!(player.finished());
        played += 1;
    }
    assert!(played >= 10);
}

#[test]
fn a_call_after_2_s_and_a_hang_up_at_12_s_take_virtual_time_only() {
    let sim = Simulator::new();
    let mut rx = sim.events();
    let mut player = ScenarioPlayer::start(library("inbound_call_hang_up.toml"), &sim);
    let wall = Instant::now();
    player.advance(&sim, Duration::from_millis(1999));
    assert!(sim.interactions().is_empty());
    player.advance(&sim, Duration::from_millis(1));
    let id = player.interaction_id("call").unwrap().to_owned();
    let call = sim.interaction(&id).unwrap();
    assert_eq!((call.ani.as_str(), call.user_data["Account"].as_str()), ("+15551234", Some("8812")));
    sim.answer(&id).unwrap();
    player.advance(&sim, Duration::from_secs(9));
    assert_eq!(sim.interaction(&id).unwrap().state, State::Talking);
    player.advance(&sim, Duration::from_secs(1));
    assert_eq!(sim.interaction(&id).unwrap().state, State::Idle, "the customer hung up at 12 s");
    sim.advance(Duration::from_secs(3600));
    assert_eq!(sim.now(), Duration::from_secs(3612), "an hour of engine time");
    assert!(wall.elapsed() < Duration::from_secs(1));
    assert_eq!(event_types(&drain(&mut rx)), [Added, Ringing, Established, Released]);
}

#[test]
fn rona_scenario_redirects_and_leaves_unanswered() {
    let sim = Simulator::new();
    let mut player = ScenarioPlayer::start(library("rona.toml"), &sim);
    player.advance(&sim, Duration::from_secs(40));
    let state = |label| sim.interaction(player.interaction_id(label).unwrap()).unwrap().rona_call_state;
    assert_eq!(state("redirected"), Some(RonaCallState::Redirected));
    assert_eq!(state("unanswered"), Some(RonaCallState::NoAnswer));
}

#[test]
fn chat_scenario_delivers_three_customer_messages() {
    let sim = Simulator::new();
    let mut player = ScenarioPlayer::start(library("chat.toml"), &sim);
    player.advance(&sim, Duration::from_secs(30));
    let id = player.interaction_id("chat").unwrap().to_owned();
    assert_eq!(sim.transcript(&id).unwrap().len(), 3);
    sim.accept(&id).unwrap();
    assert!(player.run_to_end(&sim).is_empty());
    assert_eq!(sim.interaction(&id).unwrap().state, State::Idle);
}

#[test]
fn connection_scenario_drops_restores_then_goes_down() {
    let sim = Simulator::new();
    let mut rx = sim.events();
    let mut player = ScenarioPlayer::start(library("connection_drop.toml"), &sim);
    player.advance(&sim, Duration::from_secs(100));
    let states: Vec<_> = drain(&mut rx)
        .into_iter()
        .filter_map(|e| match e {
            DomainEvent::RealtimeConnection { state } => Some(state),
            _ => None,
        })
        .collect();
    use ConnectionState::*;
    assert_eq!(states, [Disconnected, Reconnected, Disconnected, Down]);
}

#[test]
fn push_preview_scenario_offers_records_to_the_agent() {
    let sim = Simulator::new();
    let mut player = ScenarioPlayer::start(library("push_preview.toml"), &sim);
    assert!(player.run_to_end(&sim).is_empty());
    let regular = sim.interaction(player.interaction_id("regular").unwrap()).unwrap();
    assert_eq!((regular.state, regular.call_type.as_str()), (State::Invited, "OUTBOUND_PUSH_PREVIEW"));
}

#[test]
fn syntax_and_type_errors_point_at_file_line_and_column() {
    let broken = "name = \"x\"\n[[step]]\nat = 1\naction = \"inbound_call\"\nani = 5\n";
    let error = Scenario::parse("broken.toml", broken).unwrap_err();
    assert!(error.to_string().starts_with("broken.toml:"), "{error}");
    assert_eq!(error.location.file, "broken.toml");
    assert!(error.location.line >= 2, "{error}");
    let unclosed = "name = \"x\"\n[[step]\n";
    let error = Scenario::parse("unclosed.toml", unclosed).unwrap_err();
    assert_eq!((error.location.line, error.location.column), (2, 7), "{error}");
}

#[test]
fn unknown_labels_and_unordered_steps_are_reported_where_they_are_written() {
    let unknown = "name = \"x\"\n[[step]]\nat = 1\naction = \"customer_hang_up\"\ninteraction = \"ghost\"\n";
    let error = Scenario::parse("s.toml", unknown).unwrap_err();
    assert_eq!(error.to_string(), "s.toml:5:15: no earlier step is labelled `ghost` (known: )");
    let backwards = "name = \"x\"\n[[step]]\nat = 5\naction = \"connection_restore\"\n[[step]]\nat = 1\naction = \"connection_restore\"\n";
    let error = Scenario::parse("s.toml", backwards).unwrap_err();
    assert_eq!((error.location.line, error.location.column), (6, 6), "{error}");
    let unknown_action = "name = \"x\"\n[[step]]\nat = 1\naction = \"dance\"\n";
    let error = Scenario::parse("s.toml", unknown_action).unwrap_err();
    assert!(error.to_string().contains("dance"), "{error}");
}

#[test]
fn steps_the_engine_refuses_are_reported_with_their_location() {
    let source = "name = \"x\"\n[[step]]\nat = 1\naction = \"stop_campaign\"\ncampaign = \"Nope\"\n";
    let sim = Simulator::new();
    let mut player = ScenarioPlayer::start(Scenario::parse("s.toml", source).unwrap(), &sim);
    let refused = player.run_to_end(&sim);
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].to_string(), format!("{}: campaign `Nope` is not loaded", refused[0].location));
    assert_eq!(refused[0].location.line, 2);
}
