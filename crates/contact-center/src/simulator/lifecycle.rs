//! What every interaction shares whatever its media: accept and reject dispatched to the
//! media's own lifecycle, mark done (and pages blocking it), and attached data.

use serde_json::{Map, Value};

use super::{expect_state, World};
use crate::interaction::{Kind, PreviewMode};
use crate::{CcError, DomainEvent, Interaction, InteractionEventType as Event, InteractionState as State};

impl World {
    pub(crate) fn accept(&mut self, id: &str) -> Result<Interaction, CcError> {
        match self.get(id)?.kind {
            Kind::Call | Kind::PreviewCall { .. } => self.answer(id),
            Kind::PreviewRecord { .. } => self.accept_record(id),
            Kind::Chat => self.accept_chat(id),
            Kind::Email => self.accept_email(id),
        }
    }

    pub(crate) fn reject(&mut self, id: &str) -> Result<Interaction, CcError> {
        match self.get(id)?.kind {
            Kind::Call | Kind::PreviewCall { .. } => self.reject_call(id),
            Kind::PreviewRecord { .. } => self.reject_pushed_record(id),
            Kind::Chat | Kind::Email => {
                expect_state(self.get(id)?, "reject", &[State::Invited])?;
                self.get_mut(id)?.enter(State::Idle);
                self.remove(id)
            }
        }
    }

    /// Closes a finished interaction. A page's block refuses with its warning and emits
    /// the `markdone` event; outbound calls also emit `MARKDONE_APPLY` and take their
    /// preview record along (002: on direct push this also stops further records).
    pub(crate) fn mark_done(&mut self, id: &str) -> Result<(), CcError> {
        let interaction = self.get(id)?;
        if let Some(warning) = interaction.markdone_blocked.clone() {
            self.emit(DomainEvent::MarkDoneBlocked { interaction_id: id.to_owned(), warning_message: warning.clone() });
            return Err(CcError::MarkDoneBlocked { id: id.to_owned(), warning });
        }
        expect_state(interaction, "markdone", interaction.done_states())?;
        if let Kind::PreviewCall { mode, record_id, campaign } = interaction.kind.clone() {
            self.emit_about(Event::MarkdoneApply, id);
            if self.get(&record_id).is_ok() {
                self.remove(&record_id)?;
            }
            if mode == PreviewMode::DirectPush {
                self.stop_direct_push(&campaign);
            }
        }
        self.remove(id)?;
        Ok(())
    }

    pub(crate) fn block_mark_done(&mut self, id: &str, warning: Option<&str>) -> Result<(), CcError> {
        self.get_mut(id)?.markdone_blocked = warning.map(str::to_owned);
        Ok(())
    }

    /// Attached data only changes on a live interaction (for voice: not IDLE).
    fn expect_live(&self, id: &str, operation: &'static str) -> Result<(), CcError> {
        let interaction = self.get(id)?;
        let finished = interaction.state == State::Idle || interaction.done_states().contains(&interaction.state);
        if finished {
            return Err(CcError::Refused(format!(
                "{operation}: interaction {id} is {}; attached data only changes on a live interaction",
                interaction.state
            )));
        }
        Ok(())
    }

    pub(crate) fn set_user_data(&mut self, id: &str, key_values: Map<String, Value>) -> Result<Interaction, CcError> {
        self.expect_live(id, "setUserData")?;
        let interaction = self.get_mut(id)?;
        for (key, value) in key_values {
            interaction.user_data.insert(key, value);
        }
        Ok(self.emit_about(Event::AttachedDataChanged, id))
    }

    pub(crate) fn delete_user_data(&mut self, id: &str, key: &str) -> Result<Interaction, CcError> {
        self.expect_live(id, "deleteUserData")?;
        if self.get_mut(id)?.user_data.shift_remove(key).is_none() {
            return Err(CcError::Refused(format!("deleteUserData: interaction {id} has no attached data key `{key}`")));
        }
        Ok(self.emit_about(Event::AttachedDataChanged, id))
    }
}
