//! Voice consultations, transfers and conferences (002): consult holds the main call and
//! dials a consultation linked to it; completing merges or hands the call over; the
//! single-step forms go straight to the target. Targets resolve against the directory.

use serde_json::{Map, Value};

use super::voice::expect_call;
use super::{expect_state, World};
use crate::interaction::{Kind, Party, RecordingState};
use crate::{CcError, Direction, Interaction, InteractionEventType as Event, InteractionState as State, TargetQuery};

impl World {
    /// Checks the target for `operation` and returns the party it becomes.
    fn resolve_voice_target(&self, operation: &'static str, target: &TargetQuery) -> Result<String, CcError> {
        if let Some(media) = target.media.as_deref().filter(|m| *m != "voice") {
            return Err(CcError::Refused(format!("{operation}: only voice targets are supported, not `{media}`")));
        }
        self.directory.resolve(target).map_err(|e| CcError::Refused(format!("{operation}: {e}")))
    }

    pub(crate) fn consult(
        &mut self,
        id: &str,
        target: &TargetQuery,
        user_data: Map<String, Value>,
        extensions: Map<String, Value>,
    ) -> Result<Interaction, CcError> {
        let parent = self.get(id)?;
        expect_call(parent, "consult", &[State::Talking])?;
        if parent.is_consultation {
            return Err(CcError::Refused(format!("consult: interaction {id} is itself a consultation")));
        }
        if let Some(open) = self.interactions.iter().find(|i| i.parent_interaction_id.as_deref() == Some(id)) {
            return Err(CcError::Refused(format!(
                "consult: interaction {id} already has consultation {}",
                open.interaction_id
            )));
        }
        let party = self.resolve_voice_target("consult", target)?;
        let mut data = parent.user_data.clone();
        data.extend(user_data);
        self.transition(id, State::Held, Event::Held)?;
        let mut consultation = self.blank(Kind::Call, "voice", data);
        consultation.parent_interaction_id = Some(id.to_owned());
        consultation.is_consultation = true;
        consultation.direction = Direction::Out;
        consultation.call_type = "CONSULT".into();
        consultation.ani = self.device_number();
        consultation.dnis = party.clone();
        consultation.parties = vec![Party { name: party }];
        consultation.recording_state = Some(RecordingState::Stopped);
        consultation.extensions = extensions;
        Ok(self.add_dialing(consultation))
    }

    /// The consultation `consult_id` (TALKING) and its held main call.
    fn consultation_pair(&self, operation: &'static str, consult_id: &str) -> Result<String, CcError> {
        let consultation = self.get(consult_id)?;
        let Some(parent_id) = consultation.parent_interaction_id.clone().filter(|_| consultation.is_consultation) else {
            return Err(CcError::Refused(format!("{operation}: interaction {consult_id} is not a consultation")));
        };
        expect_state(consultation, operation, &[State::Talking])?;
        let parent = self.get(&parent_id).map_err(|_| {
            CcError::Refused(format!("{operation}: the main call {parent_id} of consultation {consult_id} is gone"))
        })?;
        expect_state(parent, operation, &[State::Held])?;
        Ok(parent_id)
    }

    /// Ends the consultation leg once it has served its purpose.
    fn close_consultation(&mut self, consult_id: &str) -> Result<Party, CcError> {
        let consultation = self.transition(consult_id, State::Idle, Event::Released)?;
        self.remove(consult_id)?;
        Ok(consultation.parties.into_iter().next().unwrap_or(Party { name: consultation.dnis }))
    }

    pub(crate) fn complete_transfer(&mut self, consult_id: &str) -> Result<Interaction, CcError> {
        let parent_id = self.consultation_pair("completeTransfer", consult_id)?;
        self.close_consultation(consult_id)?;
        self.transition(&parent_id, State::Idle, Event::Released)
    }

    pub(crate) fn complete_conference(&mut self, consult_id: &str) -> Result<Interaction, CcError> {
        let parent_id = self.consultation_pair("completeConference", consult_id)?;
        let party = self.close_consultation(consult_id)?;
        self.get_mut(&parent_id)?.parties.push(party);
        self.emit_about(Event::PartyChanged, &parent_id);
        self.transition(&parent_id, State::Talking, Event::Established)
    }

    pub(crate) fn single_step_transfer(
        &mut self,
        id: &str,
        target: &TargetQuery,
        user_data: Map<String, Value>,
    ) -> Result<Interaction, CcError> {
        expect_call(self.get(id)?, "singleStepTransfer", &[State::Talking, State::Held])?;
        self.resolve_voice_target("singleStepTransfer", target)?;
        self.get_mut(id)?.user_data.extend(user_data);
        self.transition(id, State::Idle, Event::Released)
    }

    pub(crate) fn single_step_conference(
        &mut self,
        id: &str,
        target: &TargetQuery,
        user_data: Map<String, Value>,
    ) -> Result<Interaction, CcError> {
        expect_call(self.get(id)?, "singleStepConference", &[State::Talking])?;
        let party = self.resolve_voice_target("singleStepConference", target)?;
        let call = self.get_mut(id)?;
        call.user_data.extend(user_data);
        call.parties.push(Party { name: party });
        Ok(self.emit_about(Event::PartyChanged, id))
    }
}
