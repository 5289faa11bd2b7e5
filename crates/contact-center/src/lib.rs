//! The contact center AgentDeck talks to: the agent, their media and states, and the
//! interactions they handle. The desktop sees it only through the [`ContactCenter`] trait
//! (requests in, domain events out); [`Simulator`] is the embedded implementation that
//! lets AgentDeck run with no infrastructure, scripted by [`scenario`] files on a virtual
//! clock. No Tauri, no GTK: it is tested on its own.

mod agent;
mod clock;
mod engine;
mod interaction;
pub mod scenario;
mod simulator;
mod target;

pub use agent::{Agent, AgentState, Device, Media, StateType};
pub use engine::{CampaignEventType, CaseEventType, CcError, ConnectionState, ContactCenter, DomainEvent};
pub use interaction::{
    ChatMessage, ChatSender, Contact, Direction, Interaction, InteractionEventType, InteractionState, Kind, Party,
    PreviewMode, RecordingState, RonaCallState,
};
pub use simulator::{InboundCall, PreviewRecord, Simulator, Timings};
pub use target::{phone_number, Directory, TargetQuery, TargetType};
