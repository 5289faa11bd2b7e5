//! The three "Outbound preview events" tables of 000/001, row by row (event type, state,
//! call type, capabilities), the campaign events, chained records and mark done (002).

mod common;

use common::drain;
use contact_center::InteractionEventType::{self as E};
use contact_center::InteractionState::{self as S};
use contact_center::{CampaignEventType, ContactCenter, DomainEvent, PreviewMode, PreviewRecord, Simulator};
use serde_json::Map;

type Row = (E, S, String, Vec<String>);

fn row(event: E, state: S, call_type: &str, capabilities: &[&str]) -> Row {
    (event, state, call_type.to_owned(), capabilities.iter().map(|c| c.to_string()).collect())
}

fn rows(sim_events: &mut tokio::sync::broadcast::Receiver<DomainEvent>) -> Vec<Row> {
    drain(sim_events)
        .into_iter()
        .filter_map(|e| match e {
            DomainEvent::Interaction { event_type, interaction } => {
                Some((event_type, interaction.state, interaction.call_type, interaction.capabilities))
            }
            _ => None,
        })
        .collect()
}

const CAMPAIGN: &str = "Offer of the Month";

fn campaign_with(records: usize) -> Simulator {
    let sim = Simulator::new();
    sim.load_campaign(CAMPAIGN).unwrap();
    sim.start_campaign(CAMPAIGN, "Preview").unwrap();
    let records = (0..records).map(|n| PreviewRecord { phone: format!("+3364700{n}"), ..Default::default() }).collect();
    sim.add_pull_records(CAMPAIGN, records).unwrap();
    sim
}

fn pushed(sim: &Simulator, mode: PreviewMode) -> String {
    sim.push_preview_record(CAMPAIGN, mode, PreviewRecord { phone: "+33647005".into(), ..Default::default() })
        .unwrap()
        .interaction_id
}

const PREVIEW: &[&str] = &["CALL", "REJECT_RECORD", "CANCEL_RECORD"];

#[test]
fn pull_preview_receive_call_release_and_mark_done() {
    let sim = campaign_with(1);
    let mut rx = sim.events();
    let record = sim.request_preview_record(CAMPAIGN).unwrap().interaction_id;
    assert_eq!(rows(&mut rx), [row(E::Added, S::Previewing, "OUTBOUND_PREVIEW", PREVIEW), row(E::Previewing, S::Previewing, "OUTBOUND_PREVIEW", PREVIEW)]);
    let call = sim.call_preview_record(&record).unwrap().interaction_id;
    assert_eq!(
        rows(&mut rx),
        [row(E::Added, S::Dialing, "OUTBOUND", &["HANGUP"]), row(E::Dialing, S::Dialing, "OUTBOUND", &["HANGUP"]), row(E::Removed, S::Idle, "OUTBOUND_PREVIEW", &[])]
    );
    sim.release(&call).unwrap();
    sim.mark_done(&call).unwrap();
    assert_eq!(
        rows(&mut rx),
        [row(E::Released, S::Idle, "OUTBOUND", &["MARK_DONE"]), row(E::MarkdoneApply, S::Idle, "OUTBOUND", &["MARK_DONE"]), row(E::Removed, S::Idle, "OUTBOUND", &[])]
    );
    assert!(sim.interactions().is_empty());
}

#[test]
fn pull_preview_reject_and_cancel_record() {
    let sim = campaign_with(2);
    let mut rx = sim.events();
    let first = sim.request_preview_record(CAMPAIGN).unwrap().interaction_id;
    let second = sim.request_preview_record(CAMPAIGN).unwrap().interaction_id;
    drain(&mut rx);
    sim.reject_record(&first).unwrap();
    assert_eq!(rows(&mut rx), [row(E::StateChange, S::Rejected, "OUTBOUND_PREVIEW", &["MARK_DONE"])]);
    sim.cancel_record(&second).unwrap();
    assert_eq!(rows(&mut rx), [row(E::StateChange, S::Canceled, "OUTBOUND_PREVIEW", &["MARK_DONE"])]);
    sim.mark_done(&first).unwrap();
    sim.mark_done(&second).unwrap();
    assert_eq!(rows(&mut rx), [row(E::Removed, S::Rejected, "OUTBOUND_PREVIEW", &[]), row(E::Removed, S::Canceled, "OUTBOUND_PREVIEW", &[])]);
    assert_eq!(
        sim.request_preview_record(CAMPAIGN).unwrap_err().to_string(),
        "requestPreviewRecord: campaign `Offer of the Month` has no more records"
    );
}

#[test]
fn regular_push_preview_receive_accept_call_release_and_mark_done() {
    let sim = campaign_with(0);
    let mut rx = sim.events();
    let record = pushed(&sim, PreviewMode::RegularPush);
    assert_eq!(
        rows(&mut rx),
        [row(E::Added, S::Invited, "OUTBOUND_PUSH_PREVIEW", &["ACCEPT", "REJECT"]), row(E::Invited, S::Invited, "OUTBOUND_PUSH_PREVIEW", &["ACCEPT", "REJECT"])]
    );
    sim.accept(&record).unwrap();
    assert_eq!(rows(&mut rx), [row(E::Previewing, S::Previewing, "OUTBOUND_PUSH_PREVIEW", PREVIEW)]);
    let call = sim.call_preview_record(&record).unwrap().interaction_id;
    assert_eq!(
        rows(&mut rx),
        [
            row(E::Added, S::Dialing, "OUTBOUND", &["HANGUP"]),
            row(E::Dialing, S::Dialing, "OUTBOUND", &["HANGUP"]),
            row(E::Established, S::Talking, "OUTBOUND", &["HANGUP", "HOLD"]),
        ]
    );
    sim.release(&call).unwrap();
    sim.mark_done(&call).unwrap();
    assert_eq!(
        rows(&mut rx),
        [
            row(E::Released, S::Idle, "OUTBOUND", &["MARK_DONE"]),
            row(E::MarkdoneApply, S::Idle, "OUTBOUND", &["MARK_DONE"]),
            row(E::Removed, S::Idle, "OUTBOUND_PUSH_PREVIEW", &[]),
            row(E::Removed, S::Idle, "OUTBOUND", &[]),
        ]
    );
}

#[test]
fn push_preview_rejected_reject_record_and_cancel_record() {
    for (mode, call_type) in [(PreviewMode::RegularPush, "OUTBOUND_PUSH_PREVIEW"), (PreviewMode::DirectPush, "OUTBOUND_PREVIEW")] {
        let sim = campaign_with(0);
        let mut rx = sim.events();
        let refused = pushed(&sim, mode);
        drain(&mut rx);
        sim.reject(&refused).unwrap();
        assert_eq!(rows(&mut rx), [row(E::Removed, S::Rejected, call_type, &[])], "{mode:?}");
        let rejected = pushed(&sim, mode);
        sim.accept(&rejected).unwrap();
        drain(&mut rx);
        sim.reject_record(&rejected).unwrap();
        assert_eq!(rows(&mut rx), [row(E::StateChange, S::Rejected, call_type, &["MARK_DONE"])]);
        let cancelled = pushed(&sim, mode);
        sim.accept(&cancelled).unwrap();
        drain(&mut rx);
        sim.cancel_record(&cancelled).unwrap();
        assert_eq!(rows(&mut rx), [row(E::StateChange, S::Canceled, call_type, &["MARK_DONE"])]);
    }
}

#[test]
fn direct_push_preview_receive_accept_call_release_and_mark_done_then_stop() {
    let sim = campaign_with(0);
    let mut rx = sim.events();
    let record = pushed(&sim, PreviewMode::DirectPush);
    assert_eq!(
        rows(&mut rx),
        [row(E::Added, S::Invited, "OUTBOUND_PREVIEW", &["ACCEPT", "REJECT"]), row(E::Invited, S::Invited, "OUTBOUND_PREVIEW", &["ACCEPT", "REJECT"])]
    );
    sim.accept(&record).unwrap();
    assert_eq!(rows(&mut rx), [row(E::Previewing, S::Previewing, "OUTBOUND_PREVIEW", PREVIEW)]);
    let call = sim.call_preview_record(&record).unwrap().interaction_id;
    assert_eq!(
        rows(&mut rx),
        [
            row(E::Added, S::Dialing, "OUTBOUND", &["HANGUP"]),
            row(E::Dialing, S::Dialing, "OUTBOUND", &["HANGUP"]),
            row(E::Established, S::Talking, "OUTBOUND", &["HANGUP"]),
            row(E::Removed, S::Idle, "OUTBOUND_PREVIEW", &[]),
        ]
    );
    assert!(sim.hold(&call).unwrap_err().to_string().contains("cannot be held"));
    sim.release(&call).unwrap();
    sim.mark_done(&call).unwrap();
    assert_eq!(
        rows(&mut rx),
        [row(E::Released, S::Idle, "OUTBOUND", &["MARK_DONE"]), row(E::MarkdoneApply, S::Idle, "OUTBOUND", &["MARK_DONE"]), row(E::Removed, S::Idle, "OUTBOUND", &[])]
    );
    let stopped = sim.push_preview_record(CAMPAIGN, PreviewMode::DirectPush, PreviewRecord::default()).unwrap_err();
    assert!(stopped.to_string().contains("stopped direct push preview records"), "002: mark done is Done and Stop");
    assert!(sim.push_preview_record(CAMPAIGN, PreviewMode::RegularPush, PreviewRecord { phone: "+1".into(), ..Default::default() }).is_ok());
}

#[test]
fn chained_records_arrive_with_records_retrieved() {
    let sim = campaign_with(0);
    let mut chained = Map::new();
    chained.insert("GSW_PHONE".into(), "+33647004".into());
    let record = PreviewRecord { phone: "+33647005".into(), chained_records: vec![chained.clone()], ..Default::default() };
    sim.add_pull_records(CAMPAIGN, vec![record]).unwrap();
    let mut rx = sim.events();
    let interaction = sim.request_preview_record(CAMPAIGN).unwrap();
    assert_eq!(interaction.chained_records, [chained]);
    let types: Vec<_> = rows(&mut rx).into_iter().map(|r| r.0).collect();
    assert_eq!(types, [E::Added, E::Previewing, E::RecordsRetrieved]);
    let json = serde_json::to_value(&interaction).unwrap();
    assert_eq!(json["chainedRecords"][0]["GSW_PHONE"], "+33647004");
    assert_eq!(json["userData"]["GSW_PHONE"], "+33647005");
}

#[test]
fn campaigns_load_start_with_mode_stop_and_unload() {
    let sim = Simulator::new();
    let mut rx = sim.events();
    assert_eq!(sim.start_campaign(CAMPAIGN, "Predictive GVP").unwrap_err().to_string(), "campaign `Offer of the Month` is not loaded");
    sim.load_campaign(CAMPAIGN).unwrap();
    assert!(sim.request_preview_record(CAMPAIGN).unwrap_err().to_string().contains("is not started"));
    sim.start_campaign(CAMPAIGN, "Predictive GVP").unwrap();
    assert!(sim.unload_campaign(CAMPAIGN).unwrap_err().to_string().contains("stop it before unloading"));
    sim.stop_campaign(CAMPAIGN).unwrap();
    sim.unload_campaign(CAMPAIGN).unwrap();
    let campaign = |event_type, mode: Option<&str>| DomainEvent::Campaign { event_type, campaign: CAMPAIGN.into(), mode: mode.map(Into::into) };
    assert_eq!(
        drain(&mut rx),
        [
            campaign(CampaignEventType::CampaignLoaded, None),
            campaign(CampaignEventType::CampaignStarted, Some("Predictive GVP")),
            campaign(CampaignEventType::CampaignStopped, None),
            campaign(CampaignEventType::CampaignUnloaded, None),
        ]
    );
}
