//! The agent and their states, shaped as the documents' `agent.Agent`, `media.State`,
//! `media.Media` and `media.Device` types so the SCAPI layer can serialize them directly.

use serde::Serialize;

/// Who is logged in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Agent {
    pub employee_id: String,
    pub firstname: String,
    pub lastname: String,
    pub username: String,
}

/// The documented state types. The last four are reported by events and can never be set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StateType {
    Logout,
    Ready,
    NotReady,
    NotReadyActionCode,
    NotReadyAfterCallwork,
    NotReadyAfterCallworkActionCode,
    DndOn,
    PartialReady,
    OutOfService,
    LogoutDndOn,
    Unknown,
}

impl StateType {
    /// Every documented state type, settable ones first.
    pub const ALL: [StateType; 11] = [
        StateType::Logout,
        StateType::Ready,
        StateType::NotReady,
        StateType::NotReadyActionCode,
        StateType::NotReadyAfterCallwork,
        StateType::NotReadyAfterCallworkActionCode,
        StateType::DndOn,
        StateType::PartialReady,
        StateType::OutOfService,
        StateType::LogoutDndOn,
        StateType::Unknown,
    ];

    /// Whether `agent.setState` / `media.setState` may ask for this state.
    pub fn is_settable(self) -> bool {
        !matches!(self, StateType::PartialReady | StateType::OutOfService | StateType::LogoutDndOn | StateType::Unknown)
    }
}

/// One entry of the agent's state list (`media.State`), with the reason of a
/// `NOT_READY_ACTION_CODE` state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentState {
    #[serde(rename = "type")]
    pub state_type: StateType,
    pub display_name: String,
    pub operation_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<String>,
}

impl AgentState {
    pub fn new(state_type: StateType, display_name: &str, operation_name: &str) -> AgentState {
        AgentState {
            state_type,
            display_name: display_name.to_owned(),
            operation_name: operation_name.to_owned(),
            reason: None,
            reason_code: None,
        }
    }

    pub fn with_reason(mut self, reason: &str, code: &str) -> AgentState {
        self.reason = Some(reason.to_owned());
        self.reason_code = Some(code.to_owned());
        self
    }
}

/// The voice channel's device (`media.Device`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Device {
    pub number: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dynamic_phone_number: Option<String>,
}

/// A media channel the agent is logged in to (`media.Media`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Media {
    pub name: String,
    pub state: AgentState,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device: Option<Device>,
}
