//! The contact center AgentDeck talks to: the agent, their media and states, and the
//! interactions they handle. The desktop sees it only through the [`ContactCenter`] trait
//! (requests in, domain events out); [`Simulator`] is the embedded implementation that
//! lets AgentDeck run with no infrastructure. No Tauri, no GTK: it is tested on its own.

mod agent;
mod engine;
mod interaction;
mod simulator;

pub use agent::{Agent, AgentState, Device, Media, StateType};
pub use engine::{CcError, ContactCenter, DomainEvent};
pub use interaction::{Direction, Interaction, InteractionEventType, InteractionState, Party};
pub use simulator::Simulator;
