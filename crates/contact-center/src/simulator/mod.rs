//! The embedded contact center: a real engine holding the agent's states and every
//! interaction, moving them through their documented state machines and emitting the
//! documented events as they change. The desktop, the sandbox and the tests run on it, so
//! AgentDeck needs no infrastructure. Each media's lifecycle lives in its own module; this
//! one holds the shared world, the event plumbing, the clock and the trait wiring.

mod cases;
mod chat;
mod connection;
mod email;
mod lifecycle;
mod outbound;
mod transfer;
mod voice;

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde_json::{Map, Value};
use tokio::sync::broadcast;

use crate::clock::{Clock, Timer};
use crate::{
    Agent, AgentState, CcError, ConnectionState, ContactCenter, Device, Direction, Directory, DomainEvent, Interaction,
    InteractionEventType, InteractionState, Kind, Media, StateType, TargetQuery,
};

pub use outbound::PreviewRecord;
pub use voice::InboundCall;

/// How long things take in the simulated world.
#[derive(Debug, Clone, PartialEq)]
pub struct Timings {
    /// How long an inbound call rings before RONA.
    pub rona_after: Duration,
    /// How long the far end of a dialled call or consultation takes to pick up.
    pub remote_answer_after: Duration,
    /// How long a dropped link stays DISCONNECTED before it is declared DOWN.
    pub down_after: Duration,
}

impl Default for Timings {
    fn default() -> Self {
        Timings {
            rona_after: Duration::from_secs(15),
            remote_answer_after: Duration::from_secs(3),
            down_after: Duration::from_secs(60),
        }
    }
}

/// The embedded contact center.
pub struct Simulator {
    inner: Mutex<World>,
    events: broadcast::Sender<DomainEvent>,
}

/// Everything the engine knows, behind one lock.
pub(crate) struct World {
    agent: Agent,
    state_list: Vec<AgentState>,
    agent_state: AgentState,
    media: Vec<Media>,
    interactions: Vec<Interaction>,
    next_interaction: u64,
    clock: Clock,
    timings: Timings,
    directory: Directory,
    microphone_muted: bool,
    speaker_muted: bool,
    chat_join_fails: bool,
    connection: ConnectionState,
    selected_case: Option<String>,
    campaigns: Vec<outbound::Campaign>,
    /// What RONA does to each inbound call.
    rona_outcomes: Vec<(String, crate::RonaCallState)>,
    /// Events to send once the lock is released.
    pending: Vec<DomainEvent>,
    /// Events that happened while the link was down, delivered on reconnection.
    held_back: Vec<DomainEvent>,
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
        let (events, _) = broadcast::channel(4096);
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
                clock: Clock::default(),
                timings: Timings::default(),
                directory: Directory::default(),
                microphone_muted: false,
                speaker_muted: false,
                chat_join_fails: false,
                connection: ConnectionState::Connected,
                selected_case: None,
                campaigns: Vec::new(),
                rona_outcomes: Vec::new(),
                pending: Vec::new(),
                held_back: Vec::new(),
            }),
            events,
        }
    }

    fn world(&self) -> MutexGuard<'_, World> {
        // A panic while holding the lock leaves plain data behind; keep serving it.
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `change` on the world, then sends the events it produced (outside the lock).
    pub(crate) fn with<T>(&self, change: impl FnOnce(&mut World) -> Result<T, CcError>) -> Result<T, CcError> {
        let (result, events) = {
            let mut world = self.world();
            let result = change(&mut world);
            (result, std::mem::take(&mut world.pending))
        };
        for event in events {
            // No receiver is not an error: nobody is listening yet.
            let _ = self.events.send(event);
        }
        result
    }

    /// Like [`Simulator::with`] for a request the agent's side sends: refused while the
    /// real-time link is not up, so nothing a page writes is silently lost.
    fn write<T>(
        &self,
        operation: &'static str,
        change: impl FnOnce(&mut World) -> Result<T, CcError>,
    ) -> Result<T, CcError> {
        self.with(|world| {
            if !world.is_connected() {
                return Err(CcError::Disconnected { operation, state: world.connection });
            }
            change(world)
        })
    }

    /// Engine time since the simulator was created.
    pub fn now(&self) -> Duration {
        self.world().clock.now()
    }

    /// Moves engine time forward by `by`, firing every timer that comes due (RONA, far
    /// ends answering, the link coming back or going DOWN) at its own time.
    pub fn advance(&self, by: Duration) {
        let until = self.now() + by;
        self.advance_to(until);
    }

    /// Moves engine time forward to `until` (never backwards).
    pub fn advance_to(&self, until: Duration) {
        loop {
            let fired = self.with(|world| {
                let Some(timer) = world.clock.pop_due(until) else {
                    world.clock.settle(until);
                    return Ok(false);
                };
                world.fire(timer);
                Ok(true)
            });
            if fired != Ok(true) {
                break;
            }
        }
    }

    /// Drives engine time from the wall clock, every `tick`, until the simulator is dropped.
    pub async fn run_in_real_time(self: Arc<Self>, tick: Duration) {
        let weak = Arc::downgrade(&self);
        drop(self);
        let mut interval = tokio::time::interval(tick);
        loop {
            interval.tick().await;
            match weak.upgrade() {
                Some(simulator) => simulator.advance(tick),
                None => return,
            }
        }
    }

    /// Replaces how long things take.
    pub fn set_timings(&self, timings: Timings) {
        self.world().timings = timings;
    }

    /// Replaces the names consultations and transfers may target.
    pub fn set_directory(&self, directory: Directory) {
        self.world().directory = directory;
    }
}

impl World {
    fn is_connected(&self) -> bool {
        matches!(self.connection, ConnectionState::Connected | ConnectionState::Reconnected)
    }

    /// Queues an event for the desktop, or holds it back while the link is down.
    pub(crate) fn emit(&mut self, event: DomainEvent) {
        if self.is_connected() {
            self.pending.push(event);
        } else {
            self.held_back.push(event);
        }
    }

    pub(crate) fn emit_interaction(&mut self, event_type: InteractionEventType, interaction: &Interaction) {
        self.emit(DomainEvent::Interaction { event_type, interaction: interaction.clone() });
    }

    /// Emits `event_type` with the current snapshot of interaction `id`.
    pub(crate) fn emit_about(&mut self, event_type: InteractionEventType, id: &str) -> Interaction {
        let snapshot = self.interactions.iter().find(|i| i.interaction_id == id).cloned().expect("interaction exists");
        self.emit_interaction(event_type, &snapshot);
        snapshot
    }

    pub(crate) fn get(&self, id: &str) -> Result<&Interaction, CcError> {
        self.interactions.iter().find(|i| i.interaction_id == id).ok_or_else(|| CcError::UnknownInteraction(id.to_owned()))
    }

    pub(crate) fn get_mut(&mut self, id: &str) -> Result<&mut Interaction, CcError> {
        self.interactions
            .iter_mut()
            .find(|i| i.interaction_id == id)
            .ok_or_else(|| CcError::UnknownInteraction(id.to_owned()))
    }

    /// Moves interaction `id` to `state` and emits `event_type` with its new snapshot.
    pub(crate) fn transition(
        &mut self,
        id: &str,
        state: InteractionState,
        event_type: InteractionEventType,
    ) -> Result<Interaction, CcError> {
        self.get_mut(id)?.enter(state);
        Ok(self.emit_about(event_type, id))
    }

    /// A fresh interaction of `kind` on `media`, in a case of its own unless `user_data`
    /// names one (`IW_CaseUid`), not yet in the list.
    pub(crate) fn blank(&mut self, kind: Kind, media: &str, user_data: Map<String, Value>) -> Interaction {
        let n = self.next_interaction;
        self.next_interaction += 1;
        let mut user_data = user_data;
        let case_id = match user_data.get("IW_CaseUid").and_then(Value::as_str) {
            Some(case) => case.to_owned(),
            None => format!("{n:08x}-5ca5-4e00-a000-{n:012x}"),
        };
        user_data.entry("IW_CaseUid").or_insert_with(|| case_id.clone().into());
        user_data.entry("IW_BundleUid").or_insert_with(|| format!("{n:08x}-b0d1-4e00-a000-{n:012x}").into());
        let is_main_case_interaction = !self.interactions.iter().any(|i| i.case_id == case_id);
        let call_uuid = if media == "voice" { format!("SIMCALL{n:025}") } else { String::new() };
        Interaction {
            interaction_id: n.to_string(),
            parent_interaction_id: None,
            media: media.to_owned(),
            state: InteractionState::Unknown,
            previous_state: InteractionState::Unknown,
            case_id,
            is_main_case_interaction,
            is_case_selected: false,
            is_case_expanded: false,
            is_consultation: false,
            direction: Direction::Unknown,
            call_type: String::new(),
            ani: String::new(),
            dnis: String::new(),
            interaction_uuid: if media == "voice" { call_uuid.clone() } else { format!("SIMITX{n:010}") },
            call_uuid,
            conn_id: format!("{:016x}", 0x0066_0000_0000_0000u64 + n),
            recording_state: None,
            rona_call_state: None,
            user_data,
            parties: Vec::new(),
            capabilities: Vec::new(),
            contact: None,
            chained_records: Vec::new(),
            transcript: Vec::new(),
            extensions: Map::new(),
            kind,
            markdone_blocked: None,
        }
    }

    /// Puts a new interaction in `state` into the list (selecting its case if none is)
    /// and emits `ADDED` then `event_type`.
    pub(crate) fn add(
        &mut self,
        mut interaction: Interaction,
        state: InteractionState,
        event_type: InteractionEventType,
    ) -> Interaction {
        interaction.enter(state);
        interaction.previous_state = InteractionState::Unknown;
        let id = interaction.interaction_id.clone();
        let case_id = interaction.case_id.clone();
        self.interactions.push(interaction);
        if self.selected_case.is_none() {
            self.mark_case_selected(&case_id);
        } else {
            self.refresh_case_flags();
        }
        self.emit_about(InteractionEventType::Added, &id);
        self.emit_about(event_type, &id)
    }

    /// Takes interaction `id` out of the list and emits `REMOVED` (with no capabilities).
    pub(crate) fn remove(&mut self, id: &str) -> Result<Interaction, CcError> {
        let at = self
            .interactions
            .iter()
            .position(|i| i.interaction_id == id)
            .ok_or_else(|| CcError::UnknownInteraction(id.to_owned()))?;
        let mut removed = self.interactions.remove(at);
        removed.capabilities.clear();
        self.clock.disarm(&Timer::Rona { id: id.to_owned() });
        self.clock.disarm(&Timer::RemoteAnswer { id: id.to_owned() });
        if self.selected_case.as_deref() == Some(removed.case_id.as_str())
            && !self.interactions.iter().any(|i| i.case_id == removed.case_id)
        {
            self.selected_case = None;
        }
        self.emit_interaction(InteractionEventType::Removed, &removed);
        Ok(removed)
    }

    fn fire(&mut self, timer: Timer) {
        match timer {
            Timer::Rona { id } => self.rona(&id),
            Timer::RemoteAnswer { id } => self.remote_answer_if_dialing(&id),
            Timer::ConnectionRestore => self.restore_connection(),
            Timer::ConnectionDown => self.declare_down(),
        }
    }

    fn set_agent_state(&mut self, operation_name: &str) -> Result<AgentState, CcError> {
        let state = find_settable(&self.state_list, operation_name)?;
        self.agent_state = state.clone();
        for m in self.media.iter_mut() {
            m.state = state.clone();
        }
        self.emit(DomainEvent::AgentStateChanged { state: state.clone() });
        for m in self.media.clone() {
            self.emit(DomainEvent::MediaStateChanged { media: m });
        }
        Ok(state)
    }

    fn set_media_state(&mut self, media: &str, operation_name: &str) -> Result<Media, CcError> {
        let state = find_settable(&self.state_list, operation_name)?;
        let m = self.media.iter_mut().find(|m| m.name == media).ok_or_else(|| CcError::UnknownMedia(media.to_owned()))?;
        m.state = state;
        let changed = m.clone();
        self.emit(DomainEvent::MediaStateChanged { media: changed.clone() });
        Ok(changed)
    }

    /// The agent's own number, the DNIS of calls to them and the ANI of calls they make.
    fn device_number(&self) -> String {
        self.media.iter().find_map(|m| m.device.as_ref()).map(|d| d.number.clone()).unwrap_or_default()
    }
}

/// Refuses an operation that `interaction`'s state does not allow, naming what would.
pub(crate) fn expect_state(
    interaction: &Interaction,
    operation: &'static str,
    allowed: &[InteractionState],
) -> Result<(), CcError> {
    if allowed.contains(&interaction.state) {
        return Ok(());
    }
    let names: Vec<&str> = allowed.iter().map(|s| s.as_str()).collect();
    let expected = match names.as_slice() {
        [] => "in any state that allows it".to_owned(),
        [only] => only.to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    };
    Err(CcError::WrongState {
        operation,
        id: interaction.interaction_id.clone(),
        state: interaction.state.as_str().to_owned(),
        expected,
    })
}

/// The demo state list: one entry of each settable type (two breaks with reason codes),
/// then the states only events report.
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
        AgentState::new(StateType::NotReadyAfterCallworkActionCode, "After Call Work - Wrap-up", "AfterCallWorkWrapUp")
            .with_reason("Wrap-up", "1520"),
        AgentState::new(StateType::PartialReady, "Partially Ready", "PartialReady"),
        AgentState::new(StateType::OutOfService, "Out of Service", "OutOfService"),
        AgentState::new(StateType::LogoutDndOn, "Log Off - Do Not Disturb", "LogoutDndOn"),
        AgentState::new(StateType::Unknown, "Unknown", "Unknown"),
    ]
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

impl ContactCenter for Simulator {
    fn agent(&self) -> Agent {
        self.world().agent.clone()
    }

    fn agent_state(&self) -> AgentState {
        self.world().agent_state.clone()
    }

    fn state_list(&self) -> Vec<AgentState> {
        // The event-only states are known (events report them, setting them is refused with
        // a reason) but never offered: nobody can choose them.
        self.world().state_list.iter().filter(|s| s.state_type.is_settable()).cloned().collect()
    }

    fn set_agent_state(&self, operation_name: &str) -> Result<AgentState, CcError> {
        self.write("agent.setState", |w| w.set_agent_state(operation_name))
    }

    fn media_list(&self) -> Vec<Media> {
        self.world().media.clone()
    }

    fn set_media_state(&self, media: &str, operation_name: &str) -> Result<Media, CcError> {
        self.write("media.setState", |w| w.set_media_state(media, operation_name))
    }

    fn interactions(&self) -> Vec<Interaction> {
        self.world().interactions.clone()
    }

    fn interaction(&self, id: &str) -> Option<Interaction> {
        self.world().get(id).ok().cloned()
    }

    fn answer(&self, id: &str) -> Result<Interaction, CcError> {
        self.write("answer", |w| w.answer(id))
    }

    fn release(&self, id: &str) -> Result<Interaction, CcError> {
        self.write("release", |w| w.release(id))
    }

    fn mark_done(&self, id: &str) -> Result<(), CcError> {
        self.write("markdone", |w| w.mark_done(id))
    }

    fn events(&self) -> broadcast::Receiver<DomainEvent> {
        self.events.subscribe()
    }

    fn hold(&self, id: &str) -> Result<Interaction, CcError> {
        self.write("hold", |w| w.hold(id))
    }

    fn resume(&self, id: &str) -> Result<Interaction, CcError> {
        self.write("resume", |w| w.resume(id))
    }

    fn dial(&self, destination: &str, user_data: Map<String, Value>) -> Result<Interaction, CcError> {
        self.write("dial", |w| w.dial(destination, user_data, Map::new()))
    }

    fn dial_ex(
        &self,
        destination: &str,
        user_data: Map<String, Value>,
        extensions: Map<String, Value>,
    ) -> Result<Interaction, CcError> {
        self.write("dialEx", |w| w.dial(destination, user_data, extensions))
    }

    fn start_call_recording(&self, id: &str) -> Result<Interaction, CcError> {
        self.write("startCallRecording", |w| w.recording(id, voice::RecordingOperation::Start))
    }

    fn stop_call_recording(&self, id: &str) -> Result<Interaction, CcError> {
        self.write("stopCallRecording", |w| w.recording(id, voice::RecordingOperation::Stop))
    }

    fn pause_call_recording(&self, id: &str) -> Result<Interaction, CcError> {
        self.write("pauseCallRecording", |w| w.recording(id, voice::RecordingOperation::Pause))
    }

    fn resume_call_recording(&self, id: &str) -> Result<Interaction, CcError> {
        self.write("resumeCallRecording", |w| w.recording(id, voice::RecordingOperation::Resume))
    }

    fn is_microphone_mute(&self) -> bool {
        self.world().microphone_muted
    }

    fn mute_microphone(&self) -> Result<(), CcError> {
        self.write("muteMicrophone", |w| w.set_microphone_muted(true))
    }

    fn unmute_microphone(&self) -> Result<(), CcError> {
        self.write("unmuteMicrophone", |w| w.set_microphone_muted(false))
    }

    fn is_speaker_mute(&self) -> bool {
        self.world().speaker_muted
    }

    fn mute_speaker(&self) -> Result<(), CcError> {
        self.write("muteSpeaker", |w| w.set_speaker_muted(true))
    }

    fn unmute_speaker(&self) -> Result<(), CcError> {
        self.write("unmuteSpeaker", |w| w.set_speaker_muted(false))
    }

    fn accept(&self, id: &str) -> Result<Interaction, CcError> {
        self.write("accept", |w| w.accept(id))
    }

    fn reject(&self, id: &str) -> Result<Interaction, CcError> {
        self.write("reject", |w| w.reject(id))
    }

    fn block_mark_done(&self, id: &str, warning_message: &str) -> Result<(), CcError> {
        self.write("blockMarkdone", |w| w.block_mark_done(id, Some(warning_message)))
    }

    fn unblock_mark_done(&self, id: &str) -> Result<(), CcError> {
        self.write("unblockMarkdone", |w| w.block_mark_done(id, None))
    }

    fn set_user_data(&self, id: &str, key_values: Map<String, Value>) -> Result<Interaction, CcError> {
        self.write("setUserData", |w| w.set_user_data(id, key_values))
    }

    fn delete_user_data(&self, id: &str, key: &str) -> Result<Interaction, CcError> {
        self.write("deleteUserData", |w| w.delete_user_data(id, key))
    }

    fn select_case_by_case_id(&self, case_id: &str) -> Result<(), CcError> {
        self.write("selectCaseByCaseId", |w| w.select_case(case_id))
    }

    fn consult(
        &self,
        id: &str,
        target: &TargetQuery,
        user_data: Map<String, Value>,
        extensions: Map<String, Value>,
    ) -> Result<Interaction, CcError> {
        self.write("consult", |w| w.consult(id, target, user_data, extensions))
    }

    fn single_step_transfer(
        &self,
        id: &str,
        target: &TargetQuery,
        user_data: Map<String, Value>,
        _extensions: Map<String, Value>,
    ) -> Result<Interaction, CcError> {
        self.write("singleStepTransfer", |w| w.single_step_transfer(id, target, user_data))
    }

    fn single_step_conference(
        &self,
        id: &str,
        target: &TargetQuery,
        user_data: Map<String, Value>,
        _extensions: Map<String, Value>,
    ) -> Result<Interaction, CcError> {
        self.write("singleStepConference", |w| w.single_step_conference(id, target, user_data))
    }

    fn complete_transfer(&self, consult_id: &str) -> Result<Interaction, CcError> {
        self.write("completeTransfer", |w| w.complete_transfer(consult_id))
    }

    fn complete_conference(&self, consult_id: &str) -> Result<Interaction, CcError> {
        self.write("completeConference", |w| w.complete_conference(consult_id))
    }

    fn create_email(&self, destination: &str, user_data: Map<String, Value>) -> Result<Interaction, CcError> {
        self.write("email.create", |w| w.create_email(destination, user_data))
    }

    fn send_email(&self, id: &str) -> Result<Interaction, CcError> {
        self.write("sendEmail", |w| w.finish_email(id, true))
    }

    fn cancel_email(&self, id: &str) -> Result<Interaction, CcError> {
        self.write("cancelEmail", |w| w.finish_email(id, false))
    }

    fn send_chat_message(&self, id: &str, text: &str) -> Result<Interaction, CcError> {
        self.write("sendMessage", |w| w.agent_chat_message(id, text))
    }

    fn end_chat(&self, id: &str) -> Result<Interaction, CcError> {
        self.write("endChat", |w| w.end_chat(id))
    }

    fn request_preview_record(&self, campaign: &str) -> Result<Interaction, CcError> {
        self.write("requestPreviewRecord", |w| w.request_preview_record(campaign))
    }

    fn call_preview_record(&self, id: &str) -> Result<Interaction, CcError> {
        self.write("callPreviewRecord", |w| w.call_preview_record(id))
    }

    fn reject_record(&self, id: &str) -> Result<Interaction, CcError> {
        self.write("rejectRecord", |w| w.close_record(id, InteractionState::Rejected))
    }

    fn cancel_record(&self, id: &str) -> Result<Interaction, CcError> {
        self.write("cancelRecord", |w| w.close_record(id, InteractionState::Canceled))
    }
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
