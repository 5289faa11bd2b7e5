//! Interactions as the documents' `Interaction` type describes them: every state, every
//! event type, and the capabilities each kind of interaction offers in each state.

use serde::Serialize;
use serde_json::{Map, Value};

/// The documented interaction states (the `state` / `previousState` fields).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum InteractionState {
    Unknown,
    Ringing,
    Dialing,
    Talking,
    Held,
    Idle,
    Previewing,
    Invited,
    Accepted,
    Created,
    Completed,
    JoinPending,
    JoinFailed,
    Cancelled,
    Sent,
    Ready,
    Canceled,
    Rejected,
}

impl InteractionState {
    pub fn as_str(self) -> &'static str {
        use InteractionState::*;
        match self {
            Unknown => "UNKNOWN",
            Ringing => "RINGING",
            Dialing => "DIALING",
            Talking => "TALKING",
            Held => "HELD",
            Idle => "IDLE",
            Previewing => "PREVIEWING",
            Invited => "INVITED",
            Accepted => "ACCEPTED",
            Created => "CREATED",
            Completed => "COMPLETED",
            JoinPending => "JOIN_PENDING",
            JoinFailed => "JOIN_FAILED",
            Cancelled => "CANCELLED",
            Sent => "SENT",
            Ready => "READY",
            Canceled => "CANCELED",
            Rejected => "REJECTED",
        }
    }
}

impl std::fmt::Display for InteractionState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
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
    CallRecordingStateChanged,
    PartyChanged,
    NewMessage,
    Previewing,
    Invited,
    Accepted,
    Composing,
    Ended,
    JoinPending,
    JoinFailed,
    Sent,
    Cancelled,
    StateChange,
    MarkdoneApply,
    RecordsRetrieved,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Direction {
    In,
    Out,
    Unknown,
}

/// `recordingState` of a voice interaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum RecordingState {
    Stopped,
    Recording,
    Paused,
}

impl std::fmt::Display for RecordingState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            RecordingState::Stopped => "STOPPED",
            RecordingState::Recording => "RECORDING",
            RecordingState::Paused => "PAUSED",
        })
    }
}

/// `ronaCallState` on the `RELEASED` event of an inbound call nobody answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RonaCallState {
    Redirected,
    NoAnswer,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Party {
    pub name: String,
}

/// The documented `interaction.Contact` type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    pub display_name: String,
    pub first_name: String,
    pub last_name: String,
}

/// Who wrote a chat message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChatSender {
    Agent,
    Customer,
}

/// One line of a chat transcript; `at_ms` is engine time in milliseconds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChatMessage {
    pub from: ChatSender,
    pub nickname: String,
    pub text: String,
    pub at_ms: u64,
}

/// How an outbound preview record reached the agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PreviewMode {
    Pull,
    RegularPush,
    DirectPush,
}

impl PreviewMode {
    /// The documented `callType` of a preview record in this mode.
    pub fn record_call_type(self) -> &'static str {
        match self {
            PreviewMode::RegularPush => "OUTBOUND_PUSH_PREVIEW",
            PreviewMode::Pull | PreviewMode::DirectPush => "OUTBOUND_PREVIEW",
        }
    }
}

/// What an interaction is, which decides its capabilities and lifecycle. Not serialized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// An ordinary call, inbound, dialled or consultation.
    Call,
    /// A call made from preview record `record_id`.
    PreviewCall { mode: PreviewMode, record_id: String, campaign: String },
    /// An outbound preview record.
    PreviewRecord { mode: PreviewMode, campaign: String },
    Chat,
    Email,
}

/// One interaction, serialized with the documented field names.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Interaction {
    pub interaction_id: String,
    pub parent_interaction_id: Option<String>,
    pub media: String,
    pub state: InteractionState,
    pub previous_state: InteractionState,
    pub case_id: String,
    pub is_main_case_interaction: bool,
    pub is_case_selected: bool,
    pub is_case_expanded: bool,
    pub is_consultation: bool,
    pub direction: Direction,
    pub call_type: String,
    pub ani: String,
    pub dnis: String,
    pub call_uuid: String,
    #[serde(rename = "interactionUUID")]
    pub interaction_uuid: String,
    pub conn_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recording_state: Option<RecordingState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rona_call_state: Option<RonaCallState>,
    pub user_data: Map<String, Value>,
    pub parties: Vec<Party>,
    pub capabilities: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub chained_records: Vec<Map<String, Value>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub transcript: Vec<ChatMessage>,
    #[serde(skip)]
    pub extensions: Map<String, Value>,
    #[serde(skip)]
    pub kind: Kind,
    /// The warning `markdone` answers with while a page blocks it.
    #[serde(skip)]
    pub markdone_blocked: Option<String>,
}

impl Interaction {
    /// Moves to `state`, remembering where it came from, and refreshes the capabilities.
    pub(crate) fn enter(&mut self, state: InteractionState) {
        self.previous_state = self.state;
        self.state = state;
        self.capabilities = self.capability_names().iter().map(|s| s.to_string()).collect();
    }

    /// Whether this is a voice interaction (a call, or a call made from a preview).
    pub fn is_call(&self) -> bool {
        matches!(self.kind, Kind::Call | Kind::PreviewCall { .. })
    }

    /// The states in which `markdone` may close this interaction.
    pub(crate) fn done_states(&self) -> &'static [InteractionState] {
        use InteractionState::*;
        match self.kind {
            Kind::Call | Kind::PreviewCall { .. } => &[Idle],
            Kind::PreviewRecord { .. } => &[Rejected, Canceled],
            Kind::Chat => &[Idle, JoinFailed],
            Kind::Email => &[Accepted, Sent, Cancelled],
        }
    }

    /// What the agent may do in the current state (the documented upper-case names).
    fn capability_names(&self) -> &'static [&'static str] {
        use InteractionState::*;
        match (&self.kind, self.state) {
            (Kind::Call | Kind::PreviewCall { .. }, Ringing) => &["ANSWER", "REJECT"],
            (Kind::Call | Kind::PreviewCall { .. }, Dialing) => &["HANGUP"],
            (Kind::PreviewCall { mode: PreviewMode::DirectPush, .. }, Talking) => &["HANGUP"],
            (Kind::Call | Kind::PreviewCall { .. }, Talking) => &["HANGUP", "HOLD"],
            (Kind::Call | Kind::PreviewCall { .. }, Held) => &["HANGUP", "RESUME"],
            (Kind::Call | Kind::PreviewCall { .. }, Idle) => &["MARK_DONE"],
            (Kind::PreviewRecord { .. }, Invited) => &["ACCEPT", "REJECT"],
            (Kind::PreviewRecord { .. }, Previewing) => &["CALL", "REJECT_RECORD", "CANCEL_RECORD"],
            (Kind::PreviewRecord { .. }, Rejected | Canceled) => &["MARK_DONE"],
            (Kind::Chat | Kind::Email, Invited) => &["ACCEPT", "REJECT"],
            (Kind::Chat, Accepted) => &["SEND_MESSAGE", "END"],
            (Kind::Chat, Idle | JoinFailed) => &["MARK_DONE"],
            (Kind::Email, Created) => &["SEND", "CANCEL"],
            (Kind::Email, Accepted | Sent | Cancelled) => &["MARK_DONE"],
            _ => &[],
        }
    }
}
