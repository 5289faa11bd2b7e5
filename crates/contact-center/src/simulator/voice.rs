//! Voice: inbound calls that ring and RONA, dialled calls the far end picks up, answer,
//! hold, resume, hang up and reject, call recording, and the SIP endpoint's mute state.

use std::time::Duration;

use serde_json::{Map, Value};

use super::{expect_state, Simulator, World};
use crate::clock::Timer;
use crate::interaction::{Kind, Party, RecordingState, RonaCallState};
use crate::target::phone_number;
use crate::{CcError, Direction, Interaction, InteractionEventType as Event, InteractionState as State};

/// A customer's call to the agent, as a scenario or test describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct InboundCall {
    pub ani: String,
    pub user_data: Map<String, Value>,
    /// What happens when nobody answers before RONA: the call is redirected elsewhere, or
    /// just stops ringing.
    pub rona: RonaCallState,
}

impl InboundCall {
    pub fn from(ani: &str) -> InboundCall {
        InboundCall { ani: ani.to_owned(), user_data: Map::new(), rona: RonaCallState::Redirected }
    }
}

/// The four recording requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RecordingOperation {
    Start,
    Stop,
    Pause,
    Resume,
}

impl RecordingOperation {
    fn name(self) -> &'static str {
        match self {
            RecordingOperation::Start => "startCallRecording",
            RecordingOperation::Stop => "stopCallRecording",
            RecordingOperation::Pause => "pauseCallRecording",
            RecordingOperation::Resume => "resumeCallRecording",
        }
    }

    /// The recording states it applies to, in words, and the state it leads to.
    fn transition(self) -> (&'static [RecordingState], &'static str, RecordingState) {
        use RecordingState::*;
        match self {
            RecordingOperation::Start => (&[Stopped], "STOPPED", Recording),
            RecordingOperation::Stop => (&[Recording, Paused], "RECORDING or PAUSED", Stopped),
            RecordingOperation::Pause => (&[Recording], "RECORDING", Paused),
            RecordingOperation::Resume => (&[Paused], "PAUSED", Recording),
        }
    }
}

/// Names the state voice operations need, refusing anything that is not a call.
pub(super) fn expect_call(interaction: &Interaction, operation: &'static str, allowed: &[State]) -> Result<(), CcError> {
    if !interaction.is_call() {
        return Err(CcError::Refused(format!(
            "{operation}: interaction {} is a {} interaction, not a voice call",
            interaction.interaction_id, interaction.media
        )));
    }
    expect_state(interaction, operation, allowed)
}

impl Simulator {
    /// A customer calls in: a new voice interaction rings at the agent's desk.
    pub fn inbound_call(&self, ani: &str, user_data: Map<String, Value>) -> Interaction {
        self.inbound_call_with(InboundCall { user_data, ..InboundCall::from(ani) })
    }

    /// A customer calls in, with the RONA outcome spelled out.
    pub fn inbound_call_with(&self, call: InboundCall) -> Interaction {
        self.with(|w| Ok(w.inbound_call(call))).expect("an inbound call always rings")
    }

    /// The far end of a dialled call or consultation picks up: DIALING becomes TALKING.
    pub fn remote_answer(&self, id: &str) -> Result<Interaction, CcError> {
        self.with(|w| {
            expect_call(w.get(id)?, "remote answer", &[State::Dialing])?;
            w.clock.disarm(&Timer::RemoteAnswer { id: id.to_owned() });
            w.transition(id, State::Talking, Event::Established)
        })
    }

    /// The customer hangs up: a ringing, dialing, talking or held call is RELEASED.
    pub fn customer_hang_up(&self, id: &str) -> Result<Interaction, CcError> {
        self.with(|w| {
            expect_call(w.get(id)?, "customer hang-up", &[State::Ringing, State::Dialing, State::Talking, State::Held])?;
            w.clock.disarm(&Timer::Rona { id: id.to_owned() });
            w.transition(id, State::Idle, Event::Released)
        })
    }
}

impl World {
    pub(crate) fn inbound_call(&mut self, call: InboundCall) -> Interaction {
        let mut interaction = self.blank(Kind::Call, "voice", call.user_data);
        interaction.direction = Direction::In;
        interaction.call_type = "INBOUND".into();
        interaction.dnis = self.device_number();
        interaction.ani = call.ani.clone();
        interaction.parties = vec![Party { name: call.ani }];
        interaction.recording_state = Some(RecordingState::Stopped);
        interaction.rona_call_state = None;
        self.rona_outcomes.push((interaction.interaction_id.clone(), call.rona));
        let rona_after = self.timings.rona_after;
        self.clock.arm(rona_after, Timer::Rona { id: interaction.interaction_id.clone() });
        self.add(interaction, State::Ringing, Event::Ringing)
    }

    /// The ringing time is over: the call is RELEASED with its `ronaCallState`.
    pub(crate) fn rona(&mut self, id: &str) {
        let outcome = self
            .rona_outcomes
            .iter()
            .find(|(call, _)| call == id)
            .map(|(_, outcome)| *outcome)
            .unwrap_or(RonaCallState::NoAnswer);
        let Ok(call) = self.get_mut(id) else { return };
        if call.state != State::Ringing {
            return;
        }
        call.rona_call_state = Some(outcome);
        call.enter(State::Idle);
        self.emit_about(Event::Released, id);
    }

    pub(crate) fn remote_answer_if_dialing(&mut self, id: &str) {
        if self.get(id).is_ok_and(|call| call.state == State::Dialing) {
            let _ = self.transition(id, State::Talking, Event::Established);
        }
    }

    pub(crate) fn answer(&mut self, id: &str) -> Result<Interaction, CcError> {
        expect_call(self.get(id)?, "answer", &[State::Ringing])?;
        self.clock.disarm(&Timer::Rona { id: id.to_owned() });
        self.transition(id, State::Talking, Event::Established)
    }

    pub(crate) fn release(&mut self, id: &str) -> Result<Interaction, CcError> {
        expect_call(self.get(id)?, "release", &[State::Talking, State::Held, State::Dialing])?;
        self.clock.disarm(&Timer::RemoteAnswer { id: id.to_owned() });
        // A released call records nothing: a running or paused recording stops with it.
        let call = self.get_mut(id)?;
        if call.recording_state.is_some_and(|r| r != RecordingState::Stopped) {
            call.recording_state = Some(RecordingState::Stopped);
            self.emit_about(Event::CallRecordingStateChanged, id);
        }
        self.transition(id, State::Idle, Event::Released)
    }

    /// The agent turns a ringing call down: it is released and leaves the desk.
    pub(crate) fn reject_call(&mut self, id: &str) -> Result<Interaction, CcError> {
        expect_call(self.get(id)?, "reject", &[State::Ringing])?;
        self.transition(id, State::Idle, Event::Released)?;
        self.remove(id)
    }

    pub(crate) fn hold(&mut self, id: &str) -> Result<Interaction, CcError> {
        let call = self.get(id)?;
        expect_call(call, "hold", &[State::Talking])?;
        if !call.capabilities.iter().any(|c| c == "HOLD") {
            return Err(CcError::Refused(format!("hold: interaction {id} is a direct push preview call, which cannot be held")));
        }
        self.transition(id, State::Held, Event::Held)
    }

    pub(crate) fn resume(&mut self, id: &str) -> Result<Interaction, CcError> {
        expect_call(self.get(id)?, "resume", &[State::Held])?;
        self.transition(id, State::Talking, Event::Established)
    }

    /// `dial` and `dialEx`: a new outbound call the far end answers after a while.
    pub(crate) fn dial(
        &mut self,
        destination: &str,
        user_data: Map<String, Value>,
        extensions: Map<String, Value>,
    ) -> Result<Interaction, CcError> {
        let destination = phone_number(destination).map_err(|e| CcError::Refused(format!("dial: {e}")))?;
        let internal = self.directory.agents.contains(&destination);
        let mut call = self.blank(Kind::Call, "voice", user_data);
        call.direction = Direction::Out;
        call.call_type = if internal { "INTERNAL" } else { "OUTBOUND" }.into();
        call.ani = self.device_number();
        call.dnis = destination.clone();
        call.parties = vec![Party { name: destination }];
        call.recording_state = Some(RecordingState::Stopped);
        call.extensions = extensions;
        Ok(self.add_dialing(call))
    }

    /// Adds a call in DIALING and arms the far end's answer.
    pub(crate) fn add_dialing(&mut self, call: Interaction) -> Interaction {
        let after: Duration = self.timings.remote_answer_after;
        self.clock.arm(after, Timer::RemoteAnswer { id: call.interaction_id.clone() });
        self.add(call, State::Dialing, Event::Dialing)
    }

    pub(crate) fn recording(&mut self, id: &str, operation: RecordingOperation) -> Result<Interaction, CcError> {
        let name = operation.name();
        let call = self.get_mut(id)?;
        expect_call(call, name, &[State::Talking, State::Held])?;
        let (from, from_words, to) = operation.transition();
        let current = call.recording_state.unwrap_or(RecordingState::Stopped);
        if !from.contains(&current) {
            return Err(CcError::Refused(format!("{name}: interaction {id} recording is {current}, not {from_words}")));
        }
        call.recording_state = Some(to);
        Ok(self.emit_about(Event::CallRecordingStateChanged, id))
    }

    pub(crate) fn set_microphone_muted(&mut self, muted: bool) -> Result<(), CcError> {
        self.voice_device("muteMicrophone")?;
        self.microphone_muted = muted;
        Ok(())
    }

    pub(crate) fn set_speaker_muted(&mut self, muted: bool) -> Result<(), CcError> {
        self.voice_device("muteSpeaker")?;
        self.speaker_muted = muted;
        Ok(())
    }

    /// Mute acts on the SIP endpoint, so the agent needs a voice device.
    fn voice_device(&self, operation: &str) -> Result<(), CcError> {
        if self.media.iter().any(|m| m.name == "voice" && m.device.is_some()) {
            Ok(())
        } else {
            Err(CcError::Refused(format!("{operation}: the agent has no voice device")))
        }
    }
}
