//! The Service Client API (SCAPI) as AgentDeck serves it, with no webview in sight:
//! the messages on the wire ([`wire`]), the requests that exist and their other
//! spellings ([`catalog`]), who may call what ([`origin`], [`policy`]), and the
//! [`broker`] that takes a frame's message and produces its answers and events.

pub mod auth;
pub mod broker;
pub mod catalog;
pub mod options_query;
pub mod origin;
pub mod policy;
pub mod rate_limit;
pub mod toasts;
pub mod user_data;
pub mod wire;

pub use broker::{Broker, FrameId, Handled};
pub use origin::{AcceptedOrigins, Origin};
pub use policy::{Decision, Policy};
