//! Email: `email.create` opens an outbound email in composing that is SENT or CANCELLED;
//! an inbound email is INVITED until the agent accepts it.

use serde_json::{Map, Value};

use super::{expect_state, Simulator, World};
use crate::interaction::{Kind, Party};
use crate::{CcError, Direction, Interaction, InteractionEventType as Event, InteractionState as State};

impl Simulator {
    /// A customer's email arrives for the agent (INVITED).
    pub fn inbound_email(&self, from: &str, subject: &str, user_data: Map<String, Value>) -> Interaction {
        self.with(|w| {
            let mut email = w.blank(Kind::Email, "email", user_data);
            email.direction = Direction::In;
            email.user_data.insert("Subject".into(), subject.into());
            email.parties = vec![Party { name: from.to_owned() }];
            Ok(w.add(email, State::Invited, Event::Invited))
        })
        .expect("an inbound email always arrives")
    }
}

impl World {
    fn expect_email(&self, id: &str, operation: &'static str, allowed: &[State]) -> Result<(), CcError> {
        let email = self.get(id)?;
        if email.kind != Kind::Email {
            return Err(CcError::Refused(format!("{operation}: interaction {id} is not an email")));
        }
        expect_state(email, operation, allowed)
    }

    pub(crate) fn create_email(&mut self, destination: &str, user_data: Map<String, Value>) -> Result<Interaction, CcError> {
        if !destination.contains('@') {
            return Err(CcError::Refused(format!("email.create: `{destination}` is not an email address")));
        }
        let mut email = self.blank(Kind::Email, "email", user_data);
        email.direction = Direction::Out;
        email.parties = vec![Party { name: destination.to_owned() }];
        Ok(self.add(email, State::Created, Event::Composing))
    }

    /// Sends (`sent`) or cancels an email being composed.
    pub(crate) fn finish_email(&mut self, id: &str, sent: bool) -> Result<Interaction, CcError> {
        let (operation, state, event) =
            if sent { ("sendEmail", State::Sent, Event::Sent) } else { ("cancelEmail", State::Cancelled, Event::Cancelled) };
        self.expect_email(id, operation, &[State::Created])?;
        self.transition(id, state, event)
    }

    pub(crate) fn accept_email(&mut self, id: &str) -> Result<Interaction, CcError> {
        self.expect_email(id, "accept", &[State::Invited])?;
        self.transition(id, State::Accepted, Event::Accepted)
    }
}
