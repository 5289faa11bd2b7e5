//! The one trait the desktop uses to reach a contact center, the domain events it emits,
//! and the errors that explain a refused operation. Narrow on purpose: a connector to a
//! real platform implements the same trait. Each method maps one-to-one to a documented
//! Service Client API request (named in its doc line) or to an agent action of the desktop.

use serde::Serialize;
use serde_json::{Map, Value};
use tokio::sync::broadcast;

use crate::{Agent, AgentState, Interaction, InteractionEventType, Media, TargetQuery};

/// Why the contact center refused an operation; the text is meant for the person or page
/// that asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CcError {
    #[error("unknown state operation name `{0}`")]
    UnknownState(String),
    #[error("state `{0}` is reported by the contact center and cannot be set")]
    StateNotSettable(String),
    #[error("unknown media `{0}`")]
    UnknownMedia(String),
    #[error("unknown interaction `{0}`")]
    UnknownInteraction(String),
    /// An operation the interaction's current state does not allow.
    #[error("{operation}: interaction {id} is {state}, not {expected}")]
    WrongState { operation: &'static str, id: String, state: String, expected: String },
    /// A page blocked mark done with this warning (`blockMarkdone`).
    #[error("{warning}")]
    MarkDoneBlocked { id: String, warning: String },
    /// The real-time link is not up, so the request was not sent (and will not be).
    #[error("{operation}: the real-time connection to the contact center is {state}; the request was not sent, retry once it is RECONNECTED")]
    Disconnected { operation: &'static str, state: ConnectionState },
    #[error("{0}")]
    Refused(String),
}

/// The `state` of the `REALTIME_CONNECTION` system event (`Connected` is never sent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum ConnectionState {
    Connected,
    Disconnected,
    Reconnected,
    Down,
}

impl std::fmt::Display for ConnectionState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ConnectionState::Connected => "CONNECTED",
            ConnectionState::Disconnected => "DISCONNECTED",
            ConnectionState::Reconnected => "RECONNECTED",
            ConnectionState::Down => "DOWN",
        })
    }
}

/// The case events of `selectCaseByCaseId`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CaseEventType {
    CaseSelected,
    CaseExpanded,
    CaseCollapsed,
}

/// The `outbound` campaign events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CampaignEventType {
    CampaignLoaded,
    CampaignUnloaded,
    CampaignStarted,
    CampaignStopped,
}

/// Something that happened in the contact center.
#[derive(Debug, Clone, PartialEq)]
pub enum DomainEvent {
    /// The agent's global state changed.
    AgentStateChanged { state: AgentState },
    /// One media's state changed.
    MediaStateChanged { media: Media },
    /// Something happened to an interaction; `interaction` is its state after the event.
    Interaction { event_type: InteractionEventType, interaction: Interaction },
    /// `CASE_SELECTED`, `CASE_EXPANDED` or `CASE_COLLAPSED` with `selectedCaseId`.
    Case { event_type: CaseEventType, selected_case_id: String },
    /// `CASE_ID_CHANGED` with `caseId` and `previousCaseId`.
    CaseIdChanged { case_id: String, previous_case_id: String },
    /// The `markdone` event: mark done was asked for while a page blocks it.
    MarkDoneBlocked { interaction_id: String, warning_message: String },
    /// An `outbound` campaign event; `mode` only on `CampaignStarted`.
    Campaign { event_type: CampaignEventType, campaign: String, mode: Option<String> },
    /// The `REALTIME_CONNECTION` system event.
    RealtimeConnection { state: ConnectionState },
}

/// Requests in, domain events out.
pub trait ContactCenter: Send + Sync {
    /// `agent.get`.
    fn agent(&self) -> Agent;
    /// `agent.getState`.
    fn agent_state(&self) -> AgentState;
    /// `agent.getStateList`: the states an agent may choose (never the event-only ones).
    fn state_list(&self) -> Vec<AgentState>;
    /// `agent.setState`: sets every media to the state with this operation name.
    fn set_agent_state(&self, operation_name: &str) -> Result<AgentState, CcError>;
    /// `media.getMediaList`.
    fn media_list(&self) -> Vec<Media>;
    /// `media.setState`.
    fn set_media_state(&self, media: &str, operation_name: &str) -> Result<Media, CcError>;
    /// `interaction.getInteractions`.
    fn interactions(&self) -> Vec<Interaction>;
    /// `interaction.getByInteractionId`.
    fn interaction(&self, id: &str) -> Option<Interaction>;
    /// `voice.answer`: a ringing call becomes TALKING.
    fn answer(&self, id: &str) -> Result<Interaction, CcError>;
    /// `voice.hangUp`: a dialing, talking or held call becomes IDLE.
    fn release(&self, id: &str) -> Result<Interaction, CcError>;
    /// `interaction.markdone`: closes a finished interaction (refused while blocked).
    fn mark_done(&self, id: &str) -> Result<(), CcError>;
    /// A stream of every domain event from now on.
    fn events(&self) -> broadcast::Receiver<DomainEvent>;

    /// `voice.hold`: TALKING becomes HELD.
    fn hold(&self, id: &str) -> Result<Interaction, CcError>;
    /// `voice.resume`: HELD becomes TALKING.
    fn resume(&self, id: &str) -> Result<Interaction, CcError>;
    /// `voice.dial(destination, userData)`: a new outbound call, DIALING.
    fn dial(&self, destination: &str, user_data: Map<String, Value>) -> Result<Interaction, CcError>;
    /// `voice.dialEx(destination, userData, extensions)`.
    fn dial_ex(
        &self,
        destination: &str,
        user_data: Map<String, Value>,
        extensions: Map<String, Value>,
    ) -> Result<Interaction, CcError>;
    /// `voice.startCallRecording`: STOPPED becomes RECORDING.
    fn start_call_recording(&self, id: &str) -> Result<Interaction, CcError>;
    /// `voice.stopCallRecording`: RECORDING or PAUSED becomes STOPPED.
    fn stop_call_recording(&self, id: &str) -> Result<Interaction, CcError>;
    /// `voice.pauseCallRecording`: RECORDING becomes PAUSED.
    fn pause_call_recording(&self, id: &str) -> Result<Interaction, CcError>;
    /// `voice.resumeCallRecording`: PAUSED becomes RECORDING.
    fn resume_call_recording(&self, id: &str) -> Result<Interaction, CcError>;
    /// `voice.isMicrophoneMute`.
    fn is_microphone_mute(&self) -> bool;
    /// `voice.muteMicrophone`.
    fn mute_microphone(&self) -> Result<(), CcError>;
    /// `voice.unmuteMicrophone`.
    fn unmute_microphone(&self) -> Result<(), CcError>;
    /// `voice.isSpeakerMute`.
    fn is_speaker_mute(&self) -> bool;
    /// `voice.muteSpeaker`.
    fn mute_speaker(&self) -> Result<(), CcError>;
    /// `voice.unmuteSpeaker`.
    fn unmute_speaker(&self) -> Result<(), CcError>;
    /// `interaction.accept`: a ringing call, an invited chat, email or push preview.
    fn accept(&self, id: &str) -> Result<Interaction, CcError>;
    /// `interaction.reject`: a ringing call, an invited chat, email or push preview.
    fn reject(&self, id: &str) -> Result<Interaction, CcError>;
    /// `interaction.blockMarkdone(interactionId, warningMessage)`.
    fn block_mark_done(&self, id: &str, warning_message: &str) -> Result<(), CcError>;
    /// `interaction.unblockMarkdone`.
    fn unblock_mark_done(&self, id: &str) -> Result<(), CcError>;
    /// `interaction.setUserData(interactionId, keyValues)`: live interactions only.
    fn set_user_data(&self, id: &str, key_values: Map<String, Value>) -> Result<Interaction, CcError>;
    /// `interaction.deleteUserData(interactionId, key)`: live interactions only.
    fn delete_user_data(&self, id: &str, key: &str) -> Result<Interaction, CcError>;
    /// `interaction.selectCaseByCaseId`.
    fn select_case_by_case_id(&self, case_id: &str) -> Result<(), CcError>;
    /// `interaction.consult`: holds the call and dials a consultation; returns the consultation.
    fn consult(
        &self,
        id: &str,
        target: &TargetQuery,
        user_data: Map<String, Value>,
        extensions: Map<String, Value>,
    ) -> Result<Interaction, CcError>;
    /// `interaction.singleStepTransfer`: hands the call to the target and releases it.
    fn single_step_transfer(
        &self,
        id: &str,
        target: &TargetQuery,
        user_data: Map<String, Value>,
        extensions: Map<String, Value>,
    ) -> Result<Interaction, CcError>;
    /// `interaction.singleStepConference`: adds the target to the call.
    fn single_step_conference(
        &self,
        id: &str,
        target: &TargetQuery,
        user_data: Map<String, Value>,
        extensions: Map<String, Value>,
    ) -> Result<Interaction, CcError>;
    /// `interaction.completeTransfer(consultInteractionId)`: returns the released main call.
    fn complete_transfer(&self, consult_id: &str) -> Result<Interaction, CcError>;
    /// `interaction.completeConference(consultInteractionId)`: returns the conferenced main call.
    fn complete_conference(&self, consult_id: &str) -> Result<Interaction, CcError>;
    /// `email.create(destination, userData)`: a new outbound email being composed.
    fn create_email(&self, destination: &str, user_data: Map<String, Value>) -> Result<Interaction, CcError>;
    /// The agent sends an outbound email being composed.
    fn send_email(&self, id: &str) -> Result<Interaction, CcError>;
    /// The agent discards an outbound email being composed.
    fn cancel_email(&self, id: &str) -> Result<Interaction, CcError>;
    /// The agent writes in an accepted chat.
    fn send_chat_message(&self, id: &str, text: &str) -> Result<Interaction, CcError>;
    /// The agent ends an accepted chat.
    fn end_chat(&self, id: &str) -> Result<Interaction, CcError>;
    /// Pull Preview: fetches the next record of a started campaign.
    fn request_preview_record(&self, campaign: &str) -> Result<Interaction, CcError>;
    /// Calls the customer of a previewed record; returns the new call.
    fn call_preview_record(&self, id: &str) -> Result<Interaction, CcError>;
    /// Rejects a previewed record (`REJECT_RECORD`).
    fn reject_record(&self, id: &str) -> Result<Interaction, CcError>;
    /// Cancels a previewed record (`CANCEL_RECORD`).
    fn cancel_record(&self, id: &str) -> Result<Interaction, CcError>;
}
