//! Helpers the integration tests share: reading the event stream as the desktop would.
#![allow(dead_code)]

use contact_center::{DomainEvent, InteractionEventType, InteractionState};
use serde_json::{Map, Value};
use tokio::sync::broadcast;

pub fn drain(rx: &mut broadcast::Receiver<DomainEvent>) -> Vec<DomainEvent> {
    std::iter::from_fn(|| rx.try_recv().ok()).collect()
}

/// The interaction events as (event type, interaction id, state).
pub fn interaction_events(events: &[DomainEvent]) -> Vec<(InteractionEventType, String, InteractionState)> {
    events
        .iter()
        .filter_map(|e| match e {
            DomainEvent::Interaction { event_type, interaction } => {
                Some((*event_type, interaction.interaction_id.clone(), interaction.state))
            }
            _ => None,
        })
        .collect()
}

pub fn event_types(events: &[DomainEvent]) -> Vec<InteractionEventType> {
    interaction_events(events).into_iter().map(|(t, _, _)| t).collect()
}

pub fn data(pairs: &[(&str, &str)]) -> Map<String, Value> {
    pairs.iter().map(|(k, v)| (k.to_string(), Value::from(*v))).collect()
}
