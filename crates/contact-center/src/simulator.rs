//! The embedded contact center: a real engine holding the agent's states and the voice
//! interactions, emitting the documented events as they change. The desktop, the sandbox
//! and the tests run on it, so AgentDeck needs no infrastructure.

use std::sync::{Mutex, MutexGuard};

use serde_json::{Map, Value};
use tokio::sync::broadcast;

use crate::interaction::voice_capabilities;
use crate::{
    Agent, AgentState, CcError, ContactCenter, Device, Direction, DomainEvent, Interaction, InteractionEventType,
    InteractionState, Media, Party, StateType,
};

/// The embedded contact center.
pub struct Simulator {
    inner: Mutex<World>,
    events: broadcast::Sender<DomainEvent>,
}

struct World {
    agent: Agent,
    state_list: Vec<AgentState>,
    agent_state: AgentState,
    media: Vec<Media>,
    interactions: Vec<Interaction>,
    next_interaction: u64,
}

impl Default for Simulator {
    fn default() -> Self {
        Simulator::new()
    }
}

impl Simulator {
    /// A simulator with the demo agent logged in, Not Ready, on voice, chat and email.
    pub fn new() -> Simulator {
        let state_list = default_state_list();
        let not_ready = state_list[1].clone();
        let media = ["voice", "chat", "email"]
            .iter()
            .map(|name| Media {
                name: name.to_string(),
                state: not_ready.clone(),
                device: (*name == "voice").then(|| Device { number: "5001".into(), dynamic_phone_number: None }),
            })
            .collect();
        let (events, _) = broadcast::channel(1024);
        Simulator {
            inner: Mutex::new(World {
                agent: Agent {
                    employee_id: "5001".into(),
                    firstname: "Kristi".into(),
                    lastname: "Sippola".into(),
                    username: "ksippola".into(),
                },
                state_list,
                agent_state: not_ready,
                media,
                interactions: Vec::new(),
                next_interaction: 1,
            }),
            events,
        }
    }

    fn world(&self) -> MutexGuard<'_, World> {
        // A panic while holding the lock leaves plain data behind; keep serving it.
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn emit(&self, event: DomainEvent) {
        // No receiver is not an error: nobody is listening yet.
        let _ = self.events.send(event);
    }

    fn emit_interaction(&self, event_type: InteractionEventType, interaction: &Interaction) {
        self.emit(DomainEvent::Interaction { event_type, interaction: interaction.clone() });
    }

    /// A customer calls in: a new voice interaction rings at the agent's desk.
    pub fn inbound_call(&self, ani: &str, user_data: Map<String, Value>) -> Interaction {
        let interaction = {
            let mut world = self.world();
            let n = world.next_interaction;
            world.next_interaction += 1;
            let dnis = world.media.iter().find_map(|m| m.device.as_ref()).map(|d| d.number.clone()).unwrap_or_default();
            let interaction = Interaction {
                interaction_id: n.to_string(),
                media: "voice".into(),
                state: InteractionState::Ringing,
                previous_state: InteractionState::Unknown,
                case_id: format!("case-{n:04}"),
                is_main_case_interaction: true,
                is_consultation: false,
                direction: Direction::In,
                call_type: "Inbound".into(),
                ani: ani.to_owned(),
                dnis,
                call_uuid: format!("SIMCALL{n:025}"),
                user_data,
                parties: vec![Party { name: ani.to_owned() }],
                capabilities: voice_capabilities(InteractionState::Ringing),
            };
            world.interactions.push(interaction.clone());
            interaction
        };
        self.emit_interaction(InteractionEventType::Added, &interaction);
        self.emit_interaction(InteractionEventType::Ringing, &interaction);
        interaction
    }

    /// Applies `change` to interaction `id` under the lock and returns it.
    fn update<F>(&self, id: &str, change: F) -> Result<Interaction, CcError>
    where
        F: FnOnce(&mut Interaction) -> Result<(), CcError>,
    {
        let mut world = self.world();
        let interaction = world
            .interactions
            .iter_mut()
            .find(|i| i.interaction_id == id)
            .ok_or_else(|| CcError::UnknownInteraction(id.to_owned()))?;
        change(interaction)?;
        Ok(interaction.clone())
    }
}

fn expect_state(
    interaction: &Interaction,
    operation: &'static str,
    allowed: &[InteractionState],
    expected: &'static str,
) -> Result<(), CcError> {
    if allowed.contains(&interaction.state) {
        Ok(())
    } else {
        Err(CcError::WrongState {
            operation,
            id: interaction.interaction_id.clone(),
            state: interaction.state.as_str().to_owned(),
            expected,
        })
    }
}

/// The demo state list: one entry of each settable type, and a break with a reason code.
fn default_state_list() -> Vec<AgentState> {
    vec![
        AgentState::new(StateType::Ready, "Ready", "Ready"),
        AgentState::new(StateType::NotReady, "Not Ready", "NotReady"),
        AgentState::new(StateType::NotReadyActionCode, "Not Ready - Break", "NotReadyBreak").with_reason("Break", "1511"),
        AgentState::new(StateType::NotReadyActionCode, "Not Ready - Meeting", "NotReadyMeeting")
            .with_reason("Meeting", "1512"),
        AgentState::new(StateType::NotReadyAfterCallwork, "After Call Work", "AfterCallWork"),
        AgentState::new(StateType::DndOn, "Do Not Disturb", "Dnd"),
        AgentState::new(StateType::Logout, "Log Off", "Logout"),
    ]
}

impl ContactCenter for Simulator {
    fn agent(&self) -> Agent {
        self.world().agent.clone()
    }

    fn agent_state(&self) -> AgentState {
        self.world().agent_state.clone()
    }

    fn state_list(&self) -> Vec<AgentState> {
        self.world().state_list.clone()
    }

    fn set_agent_state(&self, operation_name: &str) -> Result<AgentState, CcError> {
        let (state, media) = {
            let mut world = self.world();
            let state = find_settable(&world.state_list, operation_name)?;
            world.agent_state = state.clone();
            for m in world.media.iter_mut() {
                m.state = state.clone();
            }
            (state, world.media.clone())
        };
        self.emit(DomainEvent::AgentStateChanged { state: state.clone() });
        for m in media {
            self.emit(DomainEvent::MediaStateChanged { media: m });
        }
        Ok(state)
    }

    fn media_list(&self) -> Vec<Media> {
        self.world().media.clone()
    }

    fn set_media_state(&self, media: &str, operation_name: &str) -> Result<Media, CcError> {
        let changed = {
            let mut world = self.world();
            let state = find_settable(&world.state_list, operation_name)?;
            let m = world
                .media
                .iter_mut()
                .find(|m| m.name == media)
                .ok_or_else(|| CcError::UnknownMedia(media.to_owned()))?;
            m.state = state;
            m.clone()
        };
        self.emit(DomainEvent::MediaStateChanged { media: changed.clone() });
        Ok(changed)
    }

    fn interactions(&self) -> Vec<Interaction> {
        self.world().interactions.clone()
    }

    fn interaction(&self, id: &str) -> Option<Interaction> {
        self.world().interactions.iter().find(|i| i.interaction_id == id).cloned()
    }

    fn answer(&self, id: &str) -> Result<Interaction, CcError> {
        let interaction = self.update(id, |i| {
            expect_state(i, "answer", &[InteractionState::Ringing], "RINGING")?;
            i.enter(InteractionState::Talking);
            Ok(())
        })?;
        self.emit_interaction(InteractionEventType::Established, &interaction);
        Ok(interaction)
    }

    fn release(&self, id: &str) -> Result<Interaction, CcError> {
        let interaction = self.update(id, |i| {
            expect_state(
                i,
                "release",
                &[InteractionState::Talking, InteractionState::Held, InteractionState::Dialing],
                "TALKING, HELD or DIALING",
            )?;
            i.enter(InteractionState::Idle);
            Ok(())
        })?;
        self.emit_interaction(InteractionEventType::Released, &interaction);
        Ok(interaction)
    }

    fn mark_done(&self, id: &str) -> Result<(), CcError> {
        let removed = {
            let mut world = self.world();
            let at = world
                .interactions
                .iter()
                .position(|i| i.interaction_id == id)
                .ok_or_else(|| CcError::UnknownInteraction(id.to_owned()))?;
            expect_state(&world.interactions[at], "markdone", &[InteractionState::Idle], "IDLE")?;
            world.interactions.remove(at)
        };
        self.emit_interaction(InteractionEventType::Removed, &removed);
        Ok(())
    }

    fn events(&self) -> broadcast::Receiver<DomainEvent> {
        self.events.subscribe()
    }
}

fn find_settable(list: &[AgentState], operation_name: &str) -> Result<AgentState, CcError> {
    let state = list
        .iter()
        .find(|s| s.operation_name == operation_name)
        .ok_or_else(|| CcError::UnknownState(operation_name.to_owned()))?;
    if !state.state_type.is_settable() {
        return Err(CcError::StateNotSettable(operation_name.to_owned()));
    }
    Ok(state.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drain(rx: &mut broadcast::Receiver<DomainEvent>) -> Vec<DomainEvent> {
        std::iter::from_fn(|| rx.try_recv().ok()).collect()
    }

    #[test]
    fn setting_the_agent_state_changes_every_media_and_emits_events() {
        let sim = Simulator::new();
        let mut rx = sim.events();
        let state = sim.set_agent_state("NotReadyBreak").unwrap();
        assert_eq!(state.state_type, StateType::NotReadyActionCode);
        assert_eq!(state.reason.as_deref(), Some("Break"));
        assert_eq!(sim.agent_state(), state);
        assert!(sim.media_list().iter().all(|m| m.state == state));
        let events = drain(&mut rx);
        assert_eq!(events[0], DomainEvent::AgentStateChanged { state: state.clone() });
        assert_eq!(events.len(), 1 + sim.media_list().len());
    }

    #[test]
    fn unknown_and_event_only_states_are_refused_with_their_name() {
        let sim = Simulator::new();
        assert_eq!(sim.set_agent_state("Dancing").unwrap_err().to_string(), "unknown state operation name `Dancing`");
        sim.world().state_list.push(AgentState::new(StateType::OutOfService, "OOS", "OutOfService"));
        assert!(matches!(sim.set_agent_state("OutOfService"), Err(CcError::StateNotSettable(_))));
        assert_eq!(sim.agent_state().operation_name, "NotReady", "a refused change changes nothing");
    }

    #[test]
    fn a_voice_call_rings_is_answered_released_and_marked_done() {
        let sim = Simulator::new();
        let mut rx = sim.events();
        let mut data = Map::new();
        data.insert("Key1".into(), "v".into());
        let call = sim.inbound_call("+15551234", data);
        assert_eq!(call.state, InteractionState::Ringing);
        assert_eq!(sim.answer(&call.interaction_id).unwrap().state, InteractionState::Talking);
        let released = sim.release(&call.interaction_id).unwrap();
        assert_eq!((released.state, released.previous_state), (InteractionState::Idle, InteractionState::Talking));
        sim.mark_done(&call.interaction_id).unwrap();
        assert!(sim.interactions().is_empty());
        let types: Vec<_> = drain(&mut rx)
            .into_iter()
            .filter_map(|e| match e {
                DomainEvent::Interaction { event_type, .. } => Some(event_type),
                _ => None,
            })
            .collect();
        use InteractionEventType::*;
        assert_eq!(types, [Added, Ringing, Established, Released, Removed]);
    }

    #[test]
    fn refused_transitions_say_why() {
        let sim = Simulator::new();
        let call = sim.inbound_call("100", Map::new());
        assert_eq!(
            sim.release(&call.interaction_id).unwrap_err().to_string(),
            "release: interaction 1 is RINGING, not TALKING, HELD or DIALING"
        );
        assert_eq!(sim.mark_done("1").unwrap_err().to_string(), "markdone: interaction 1 is RINGING, not IDLE");
        assert_eq!(sim.answer("9").unwrap_err().to_string(), "unknown interaction `9`");
    }
}
