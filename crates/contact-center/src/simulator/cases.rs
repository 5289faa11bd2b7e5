//! Cases: every interaction belongs to one (`caseId`, `IW_CaseUid`, `IW_BundleUid`); one
//! case at a time is selected and expanded, and a case can be renamed (CASE_ID_CHANGED).

use serde_json::Value;

use super::{Simulator, World};
use crate::{CaseEventType, CcError, DomainEvent};

impl Simulator {
    /// The contact center moves every interaction of case `from` to case `to`.
    pub fn change_case_id(&self, from: &str, to: &str) -> Result<(), CcError> {
        self.with(|w| {
            if !w.interactions.iter().any(|i| i.case_id == from) {
                return Err(CcError::Refused(format!("no interaction is in case `{from}`")));
            }
            for interaction in w.interactions.iter_mut().filter(|i| i.case_id == from) {
                interaction.case_id = to.to_owned();
                interaction.user_data.insert("IW_CaseUid".into(), Value::from(to));
            }
            if w.selected_case.as_deref() == Some(from) {
                w.selected_case = Some(to.to_owned());
            }
            w.emit(DomainEvent::CaseIdChanged { case_id: to.to_owned(), previous_case_id: from.to_owned() });
            Ok(())
        })
    }

    /// The case the agent is looking at.
    pub fn selected_case(&self) -> Option<String> {
        self.world().selected_case.clone()
    }
}

impl World {
    /// Makes `case_id` the selected (and expanded) case without emitting anything.
    pub(crate) fn mark_case_selected(&mut self, case_id: &str) {
        self.selected_case = Some(case_id.to_owned());
        self.refresh_case_flags();
    }

    /// Brings `isCaseSelected` / `isCaseExpanded` in line with the selected case.
    pub(crate) fn refresh_case_flags(&mut self) {
        let selected = self.selected_case.clone();
        for interaction in self.interactions.iter_mut() {
            let is_selected = selected.as_deref() == Some(interaction.case_id.as_str());
            interaction.is_case_selected = is_selected;
            interaction.is_case_expanded = is_selected;
        }
    }

    /// `selectCaseByCaseId`: collapses the previous case, selects and expands this one.
    pub(crate) fn select_case(&mut self, case_id: &str) -> Result<(), CcError> {
        if !self.interactions.iter().any(|i| i.case_id == case_id) {
            return Err(CcError::Refused(format!("selectCaseByCaseId: no interaction is in case `{case_id}`")));
        }
        if let Some(previous) = self.selected_case.clone().filter(|p| p != case_id) {
            self.emit(DomainEvent::Case { event_type: CaseEventType::CaseCollapsed, selected_case_id: previous });
        }
        self.mark_case_selected(case_id);
        for event_type in [CaseEventType::CaseSelected, CaseEventType::CaseExpanded] {
            self.emit(DomainEvent::Case { event_type, selected_case_id: case_id.to_owned() });
        }
        Ok(())
    }
}
