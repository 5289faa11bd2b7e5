//! Outbound campaigns and their preview records (000/001 "Outbound preview events"):
//! campaigns load, start, stop and unload; records come by Pull Preview, Regular Push
//! Preview or Direct Push Preview and go through exactly the documented event sequences
//! when accepted, rejected, called, released, marked done, rejected or cancelled.

use std::collections::VecDeque;

use serde_json::{Map, Value};

use super::{expect_state, Simulator, World};
use crate::interaction::{Kind, Party, PreviewMode, RecordingState};
use crate::{
    CampaignEventType, CcError, Direction, DomainEvent, Interaction, InteractionEventType as Event,
    InteractionState as State,
};

/// One record of a calling list: the customer's number, its fields, and the records
/// chained to it (delivered with `RECORDS_RETRIEVED`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PreviewRecord {
    pub phone: String,
    pub user_data: Map<String, Value>,
    pub chained_records: Vec<Map<String, Value>>,
}

#[derive(Debug, Default)]
pub(crate) struct Campaign {
    name: String,
    started_mode: Option<String>,
    pull_records: VecDeque<PreviewRecord>,
    /// Mark done on a direct push preview is "Done and Stop" (002).
    direct_push_stopped: bool,
}

impl Simulator {
    /// Loads campaign `name` (`CampaignLoaded`).
    pub fn load_campaign(&self, name: &str) -> Result<(), CcError> {
        self.with(|w| {
            if w.campaigns.iter().any(|c| c.name == name) {
                return Err(CcError::Refused(format!("campaign `{name}` is already loaded")));
            }
            w.campaigns.push(Campaign { name: name.to_owned(), ..Campaign::default() });
            w.emit_campaign(CampaignEventType::CampaignLoaded, name, None);
            Ok(())
        })
    }

    /// Unloads stopped campaign `name` (`CampaignUnloaded`).
    pub fn unload_campaign(&self, name: &str) -> Result<(), CcError> {
        self.with(|w| {
            if w.campaign(name)?.started_mode.is_some() {
                return Err(CcError::Refused(format!("campaign `{name}` is started; stop it before unloading")));
            }
            w.campaigns.retain(|c| c.name != name);
            w.emit_campaign(CampaignEventType::CampaignUnloaded, name, None);
            Ok(())
        })
    }

    /// Starts loaded campaign `name` in `mode` (`CampaignStarted` with `mode`).
    pub fn start_campaign(&self, name: &str, mode: &str) -> Result<(), CcError> {
        self.with(|w| {
            let campaign = w.campaign_mut(name)?;
            if let Some(current) = &campaign.started_mode {
                return Err(CcError::Refused(format!("campaign `{name}` is already started in mode `{current}`")));
            }
            campaign.started_mode = Some(mode.to_owned());
            campaign.direct_push_stopped = false;
            w.emit_campaign(CampaignEventType::CampaignStarted, name, Some(mode));
            Ok(())
        })
    }

    /// Stops started campaign `name` (`CampaignStopped`).
    pub fn stop_campaign(&self, name: &str) -> Result<(), CcError> {
        self.with(|w| {
            let campaign = w.campaign_mut(name)?;
            if campaign.started_mode.take().is_none() {
                return Err(CcError::Refused(format!("campaign `{name}` is not started")));
            }
            w.emit_campaign(CampaignEventType::CampaignStopped, name, None);
            Ok(())
        })
    }

    /// Queues records the agent will fetch by Pull Preview from campaign `name`.
    pub fn add_pull_records(&self, name: &str, records: Vec<PreviewRecord>) -> Result<(), CcError> {
        self.with(|w| {
            w.campaign_mut(name)?.pull_records.extend(records);
            Ok(())
        })
    }

    /// The campaign pushes `record` to the agent (Regular or Direct Push Preview).
    pub fn push_preview_record(&self, name: &str, mode: PreviewMode, record: PreviewRecord) -> Result<Interaction, CcError> {
        self.with(|w| {
            let campaign = w.started_campaign("push preview", name)?;
            match mode {
                PreviewMode::Pull => {
                    return Err(CcError::Refused("push preview: Pull Preview records are fetched by the agent".into()))
                }
                PreviewMode::DirectPush if campaign.direct_push_stopped => {
                    return Err(CcError::Refused(format!(
                        "push preview: the agent stopped direct push preview records of campaign `{name}` (mark done)"
                    )))
                }
                _ => {}
            }
            Ok(w.add_record(name, mode, record, State::Invited, Event::Invited))
        })
    }
}

impl World {
    fn emit_campaign(&mut self, event_type: CampaignEventType, campaign: &str, mode: Option<&str>) {
        self.emit(DomainEvent::Campaign { event_type, campaign: campaign.to_owned(), mode: mode.map(str::to_owned) });
    }

    fn campaign(&self, name: &str) -> Result<&Campaign, CcError> {
        self.campaigns
            .iter()
            .find(|c| c.name == name)
            .ok_or_else(|| CcError::Refused(format!("campaign `{name}` is not loaded")))
    }

    fn campaign_mut(&mut self, name: &str) -> Result<&mut Campaign, CcError> {
        self.campaigns
            .iter_mut()
            .find(|c| c.name == name)
            .ok_or_else(|| CcError::Refused(format!("campaign `{name}` is not loaded")))
    }

    fn started_campaign(&self, operation: &str, name: &str) -> Result<&Campaign, CcError> {
        let campaign = self.campaign(name)?;
        if campaign.started_mode.is_none() {
            return Err(CcError::Refused(format!("{operation}: campaign `{name}` is not started")));
        }
        Ok(campaign)
    }

    pub(crate) fn stop_direct_push(&mut self, name: &str) {
        if let Ok(campaign) = self.campaign_mut(name) {
            campaign.direct_push_stopped = true;
        }
    }

    /// Adds a preview record interaction: `ADDED`, `event_type`, then `RECORDS_RETRIEVED`
    /// if records are chained to it.
    fn add_record(
        &mut self,
        campaign: &str,
        mode: PreviewMode,
        record: PreviewRecord,
        state: State,
        event_type: Event,
    ) -> Interaction {
        let mut user_data = record.user_data;
        user_data.insert("GSW_PHONE".into(), record.phone.clone().into());
        user_data.insert("GSW_CAMPAIGN_NAME".into(), campaign.into());
        let mut interaction =
            self.blank(Kind::PreviewRecord { mode, campaign: campaign.to_owned() }, "outboundpreview", user_data);
        interaction.direction = Direction::Out;
        interaction.call_type = mode.record_call_type().into();
        interaction.dnis = record.phone.clone();
        interaction.parties = vec![Party { name: record.phone }];
        interaction.chained_records = record.chained_records;
        let added = self.add(interaction, state, event_type);
        if added.chained_records.is_empty() {
            added
        } else {
            self.emit_about(Event::RecordsRetrieved, &added.interaction_id)
        }
    }

    pub(crate) fn request_preview_record(&mut self, name: &str) -> Result<Interaction, CcError> {
        self.started_campaign("requestPreviewRecord", name)?;
        let record = self
            .campaign_mut(name)?
            .pull_records
            .pop_front()
            .ok_or_else(|| CcError::Refused(format!("requestPreviewRecord: campaign `{name}` has no more records")))?;
        Ok(self.add_record(name, PreviewMode::Pull, record, State::Previewing, Event::Previewing))
    }

    fn expect_record(&self, id: &str, operation: &'static str, allowed: &[State]) -> Result<(PreviewMode, String), CcError> {
        let record = self.get(id)?;
        let Kind::PreviewRecord { mode, campaign } = &record.kind else {
            return Err(CcError::Refused(format!("{operation}: interaction {id} is not an outbound preview record")));
        };
        expect_state(record, operation, allowed)?;
        Ok((*mode, campaign.clone()))
    }

    pub(crate) fn accept_record(&mut self, id: &str) -> Result<Interaction, CcError> {
        self.expect_record(id, "accept", &[State::Invited])?;
        self.transition(id, State::Previewing, Event::Previewing)
    }

    pub(crate) fn reject_pushed_record(&mut self, id: &str) -> Result<Interaction, CcError> {
        self.expect_record(id, "reject", &[State::Invited])?;
        self.get_mut(id)?.enter(State::Rejected);
        self.remove(id)
    }

    /// `REJECT_RECORD` / `CANCEL_RECORD`: the record waits for mark done in its new state.
    pub(crate) fn close_record(&mut self, id: &str, state: State) -> Result<Interaction, CcError> {
        let operation = if state == State::Rejected { "rejectRecord" } else { "cancelRecord" };
        self.expect_record(id, operation, &[State::Previewing])?;
        self.transition(id, state, Event::StateChange)
    }

    /// Calls the record's customer. Push previews connect at once; Pull and Direct Push
    /// remove the record now, Regular Push when the call is marked done.
    pub(crate) fn call_preview_record(&mut self, id: &str) -> Result<Interaction, CcError> {
        let (mode, campaign) = self.expect_record(id, "callPreviewRecord", &[State::Previewing])?;
        let record = self.get(id)?.clone();
        let kind = Kind::PreviewCall { mode, record_id: id.to_owned(), campaign };
        let mut call = self.blank(kind, "voice", record.user_data.clone());
        call.direction = Direction::Out;
        call.call_type = "OUTBOUND".into();
        call.ani = self.device_number();
        call.dnis = record.dnis.clone();
        call.parties = record.parties.clone();
        call.recording_state = Some(RecordingState::Stopped);
        let call_id = call.interaction_id.clone();
        self.get_mut(id)?.enter(State::Idle);
        let dialing = if mode == PreviewMode::Pull {
            self.add_dialing(call)
        } else {
            self.add(call, State::Dialing, Event::Dialing);
            self.transition(&call_id, State::Talking, Event::Established)?
        };
        if mode != PreviewMode::RegularPush {
            self.remove(id)?;
        }
        Ok(dialing)
    }
}
