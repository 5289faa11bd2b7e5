//! The engine's virtual clock: time only moves when someone advances it, so a test of a
//! 60 s flow takes milliseconds and the desktop drives it from a real-time ticker.

use std::time::Duration;

/// Something the engine does on its own once its time comes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Timer {
    /// An inbound call still ringing is redirected or left unanswered (RONA).
    Rona { id: String },
    /// The far end of a dialled call or consultation picks up.
    RemoteAnswer { id: String },
    /// A dropped real-time link comes back.
    ConnectionRestore,
    /// A link still disconnected is declared DOWN.
    ConnectionDown,
}

/// The current time and the timers still to fire, in due order (ties by arming order).
#[derive(Debug, Default)]
pub(crate) struct Clock {
    now: Duration,
    armed: Vec<(Duration, u64, Timer)>,
    next_sequence: u64,
}

impl Clock {
    pub fn now(&self) -> Duration {
        self.now
    }

    pub fn arm(&mut self, after: Duration, timer: Timer) {
        self.armed.push((self.now + after, self.next_sequence, timer));
        self.next_sequence += 1;
    }

    /// Forgets every armed timer equal to `timer`.
    pub fn disarm(&mut self, timer: &Timer) {
        self.armed.retain(|(_, _, t)| t != timer);
    }

    /// Takes the earliest timer due at or before `until`, moving the clock to its due time.
    pub fn pop_due(&mut self, until: Duration) -> Option<Timer> {
        let (at, _) = self
            .armed
            .iter()
            .enumerate()
            .filter(|(_, (due, _, _))| *due <= until)
            .min_by_key(|(_, (due, seq, _))| (*due, *seq))
            .map(|(at, (due, _, _))| (at, *due))?;
        let (due, _, timer) = self.armed.remove(at);
        self.now = self.now.max(due);
        Some(timer)
    }

    /// Moves the clock to `until` once nothing is due before it.
    pub fn settle(&mut self, until: Duration) {
        self.now = self.now.max(until);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timers_fire_in_due_order_and_move_the_clock() {
        let mut clock = Clock::default();
        clock.arm(Duration::from_secs(5), Timer::ConnectionDown);
        clock.arm(Duration::from_secs(2), Timer::ConnectionRestore);
        clock.arm(Duration::from_secs(9), Timer::Rona { id: "1".into() });
        clock.disarm(&Timer::Rona { id: "1".into() });
        let until = Duration::from_secs(10);
        assert_eq!(clock.pop_due(until), Some(Timer::ConnectionRestore));
        assert_eq!(clock.now(), Duration::from_secs(2));
        assert_eq!(clock.pop_due(until), Some(Timer::ConnectionDown));
        assert_eq!(clock.pop_due(until), None);
        clock.settle(until);
        assert_eq!(clock.now(), until);
    }
}
