//! The one trait the desktop uses to reach a contact center, the domain events it emits,
//! and the errors that explain a refused operation. Narrow on purpose: a connector to a
//! real platform implements the same trait.

use crate::{Agent, AgentState, Interaction, InteractionEventType, Media};
use tokio::sync::broadcast;

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
    WrongState { operation: &'static str, id: String, state: String, expected: &'static str },
    #[error("{0}")]
    Refused(String),
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
}

/// Requests in, domain events out.
pub trait ContactCenter: Send + Sync {
    fn agent(&self) -> Agent;
    fn agent_state(&self) -> AgentState;
    fn state_list(&self) -> Vec<AgentState>;
    /// Sets every media to the state with this operation name.
    fn set_agent_state(&self, operation_name: &str) -> Result<AgentState, CcError>;
    fn media_list(&self) -> Vec<Media>;
    fn set_media_state(&self, media: &str, operation_name: &str) -> Result<Media, CcError>;
    fn interactions(&self) -> Vec<Interaction>;
    fn interaction(&self, id: &str) -> Option<Interaction>;
    fn answer(&self, id: &str) -> Result<Interaction, CcError>;
    fn release(&self, id: &str) -> Result<Interaction, CcError>;
    fn mark_done(&self, id: &str) -> Result<(), CcError>;
    /// A stream of every domain event from now on.
    fn events(&self) -> broadcast::Receiver<DomainEvent>;
}
