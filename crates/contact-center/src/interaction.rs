//! Interactions as the documents' `Interaction` type describes them, with the voice
//! states and event types this engine produces.

use serde::Serialize;
use serde_json::{Map, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum InteractionState {
    Unknown,
    Ringing,
    Dialing,
    Talking,
    Held,
    Idle,
}

impl InteractionState {
    pub fn as_str(self) -> &'static str {
        match self {
            InteractionState::Unknown => "UNKNOWN",
            InteractionState::Ringing => "RINGING",
            InteractionState::Dialing => "DIALING",
            InteractionState::Talking => "TALKING",
            InteractionState::Held => "HELD",
            InteractionState::Idle => "IDLE",
        }
    }
}

/// The `eventType` of an `interaction` event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum InteractionEventType {
    Added,
    Removed,
    AttachedDataChanged,
    Ringing,
    Dialing,
    Established,
    Held,
    Released,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Direction {
    In,
    Out,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Party {
    pub name: String,
}

/// One interaction, serialized with the documented field names.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Interaction {
    pub interaction_id: String,
    pub media: String,
    pub state: InteractionState,
    pub previous_state: InteractionState,
    pub case_id: String,
    pub is_main_case_interaction: bool,
    pub is_consultation: bool,
    pub direction: Direction,
    pub call_type: String,
    pub ani: String,
    pub dnis: String,
    pub call_uuid: String,
    pub user_data: Map<String, Value>,
    pub parties: Vec<Party>,
    pub capabilities: Vec<String>,
}

impl Interaction {
    /// Moves to `state`, remembering where it came from.
    pub(crate) fn enter(&mut self, state: InteractionState) {
        self.previous_state = self.state;
        self.state = state;
        self.capabilities = voice_capabilities(state);
    }
}

/// What an agent may do with a voice interaction in each state.
pub(crate) fn voice_capabilities(state: InteractionState) -> Vec<String> {
    let names: &[&str] = match state {
        InteractionState::Ringing => &["answer", "reject", "set-attached-data"],
        InteractionState::Dialing => &["release", "set-attached-data"],
        InteractionState::Talking => &["release", "hold", "set-attached-data"],
        InteractionState::Held => &["release", "resume", "set-attached-data"],
        InteractionState::Idle => &["mark-done"],
        InteractionState::Unknown => &[],
    };
    names.iter().map(|s| s.to_string()).collect()
}
