//! Chat: a customer's invitation, the agent joining (JOIN_PENDING, then ACCEPTED or
//! JOIN_FAILED), messages both ways kept in the transcript, and either side ending it.
//! The customer-side methods are what WebChatService will drive.

use serde_json::{Map, Value};

use super::{expect_state, Simulator, World};
use crate::interaction::{ChatMessage, ChatSender, Kind, Party};
use crate::{CcError, Direction, Interaction, InteractionEventType as Event, InteractionState as State};

impl Simulator {
    /// A customer opens a chat: it is offered to the agent (INVITED).
    pub fn customer_start_chat(&self, nickname: &str, user_data: Map<String, Value>) -> Interaction {
        self.with(|w| {
            let mut chat = w.blank(Kind::Chat, "chat", user_data);
            chat.direction = Direction::In;
            chat.parties = vec![Party { name: nickname.to_owned() }];
            Ok(w.add(chat, State::Invited, Event::Invited))
        })
        .expect("a chat invitation always arrives")
    }

    /// The customer writes in chat `id`.
    pub fn customer_send_message(&self, id: &str, text: &str) -> Result<Interaction, CcError> {
        self.with(|w| {
            let chat = w.expect_chat(id, "customer message", &[State::Invited, State::JoinPending, State::Accepted])?;
            let nickname = chat.parties.first().map(|p| p.name.clone()).unwrap_or_default();
            w.append_message(id, ChatSender::Customer, nickname, text)
        })
    }

    /// The customer leaves chat `id`.
    pub fn customer_end_chat(&self, id: &str) -> Result<Interaction, CcError> {
        self.with(|w| {
            w.expect_chat(id, "customer end chat", &[State::Invited, State::JoinPending, State::Accepted])?;
            w.transition(id, State::Idle, Event::Ended)
        })
    }

    /// Everything written in chat `id` so far.
    pub fn transcript(&self, id: &str) -> Result<Vec<ChatMessage>, CcError> {
        self.with(|w| Ok(w.expect_chat(id, "transcript", &[])?.transcript.clone()))
    }

    /// Makes the next chat the agent accepts fail to join (JOIN_FAILED), or not.
    pub fn set_chat_join_fails(&self, fails: bool) {
        let _ = self.with(|w| {
            w.chat_join_fails = fails;
            Ok(())
        });
    }
}

impl World {
    /// Chat `id`, refusing anything else; an empty `allowed` accepts every state.
    fn expect_chat(&self, id: &str, operation: &'static str, allowed: &[State]) -> Result<&Interaction, CcError> {
        let chat = self.get(id)?;
        if chat.kind != Kind::Chat {
            return Err(CcError::Refused(format!("{operation}: interaction {id} is not a chat")));
        }
        if !allowed.is_empty() {
            expect_state(chat, operation, allowed)?;
        }
        Ok(chat)
    }

    pub(crate) fn accept_chat(&mut self, id: &str) -> Result<Interaction, CcError> {
        self.expect_chat(id, "accept", &[State::Invited])?;
        self.transition(id, State::JoinPending, Event::JoinPending)?;
        if self.chat_join_fails {
            self.transition(id, State::JoinFailed, Event::JoinFailed)
        } else {
            self.transition(id, State::Accepted, Event::Accepted)
        }
    }

    pub(crate) fn agent_chat_message(&mut self, id: &str, text: &str) -> Result<Interaction, CcError> {
        self.expect_chat(id, "sendMessage", &[State::Accepted])?;
        let nickname = self.agent.firstname.clone();
        self.append_message(id, ChatSender::Agent, nickname, text)
    }

    pub(crate) fn end_chat(&mut self, id: &str) -> Result<Interaction, CcError> {
        self.expect_chat(id, "endChat", &[State::Accepted])?;
        self.transition(id, State::Idle, Event::Ended)
    }

    fn append_message(&mut self, id: &str, from: ChatSender, nickname: String, text: &str) -> Result<Interaction, CcError> {
        let at_ms = self.clock.now().as_millis() as u64;
        self.get_mut(id)?.transcript.push(ChatMessage { from, nickname, text: text.to_owned(), at_ms });
        Ok(self.emit_about(Event::NewMessage, id))
    }
}
