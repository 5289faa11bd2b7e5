//! Faults of the real-time link: it can drop (DISCONNECTED), come back (RECONNECTED) or
//! stay away until it is declared DOWN after a minute. While it is not up the agent's
//! requests are refused (see `Simulator::write`) and the events that happen meanwhile
//! are held back and delivered, in order, on reconnection.

use std::time::Duration;

use super::{Simulator, World};
use crate::clock::Timer;
use crate::{CcError, ConnectionState, DomainEvent};

impl Simulator {
    /// The link drops; it comes back after `restore_after`, or never (`None`), in which
    /// case it is declared DOWN once the down delay has passed.
    pub fn drop_connection(&self, restore_after: Option<Duration>) -> Result<(), CcError> {
        self.with(|w| {
            if !w.is_connected() {
                return Err(CcError::Refused(format!("the real-time connection is already {}", w.connection)));
            }
            w.connection = ConnectionState::Disconnected;
            w.pending.push(DomainEvent::RealtimeConnection { state: ConnectionState::Disconnected });
            let down_after = w.timings.down_after;
            w.clock.arm(down_after, Timer::ConnectionDown);
            if let Some(after) = restore_after {
                w.clock.arm(after, Timer::ConnectionRestore);
            }
            Ok(())
        })
    }

    /// The link comes back now.
    pub fn restore_connection(&self) -> Result<(), CcError> {
        self.with(|w| {
            if w.is_connected() {
                return Err(CcError::Refused("the real-time connection is not down".into()));
            }
            w.restore_connection();
            Ok(())
        })
    }

    /// The state of the real-time link as the last `REALTIME_CONNECTION` event told it.
    pub fn connection_state(&self) -> ConnectionState {
        self.world().connection
    }
}

impl World {
    pub(crate) fn restore_connection(&mut self) {
        if self.is_connected() {
            return;
        }
        self.clock.disarm(&Timer::ConnectionDown);
        self.clock.disarm(&Timer::ConnectionRestore);
        self.connection = ConnectionState::Reconnected;
        self.pending.push(DomainEvent::RealtimeConnection { state: ConnectionState::Reconnected });
        let held_back = std::mem::take(&mut self.held_back);
        self.pending.extend(held_back);
    }

    pub(crate) fn declare_down(&mut self) {
        if self.connection == ConnectionState::Disconnected {
            self.connection = ConnectionState::Down;
            self.pending.push(DomainEvent::RealtimeConnection { state: ConnectionState::Down });
        }
    }
}
