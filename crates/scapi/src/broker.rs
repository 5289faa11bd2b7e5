//! The broker: every message a frame sends comes here with the origin the engine reported
//! for that frame (never one the message claims). It decodes the message, asks the policy,
//! runs the request against the contact center and returns the answers for that frame;
//! it also turns domain events into SCAPI events for every frame subscribed to them.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use agentdeck_config::Config;
use contact_center::{AgentState, CcError, ContactCenter, DomainEvent, Interaction, Media, StateType, TargetQuery};
use serde_json::Map;
use serde_json::{json, Value};

use crate::auth::TokenIssuer;
use crate::catalog;
use crate::options_query;
use crate::origin::Origin;
use crate::policy::{Decision, Policy};
use crate::rate_limit::{RateLimiter, RateVerdict};
use crate::toasts::{Toast, ToastChange, Toasts};
use crate::wire::{self, ClientMessage};

/// How many toasts one frame may have open at once.
pub const OPEN_TOASTS_PER_FRAME: usize = 5;
/// How many toasts one frame may raise in a minute.
pub const TOASTS_PER_MINUTE: usize = 20;

/// A frame: one extension document, known by the webview that hosts it.
pub type FrameId = u64;

/// What handling one message produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Handled {
    /// The canonical request (or `subscribe`/`unsubscribe`), for logs.
    pub request: String,
    /// Messages to send back to the calling frame, in order.
    pub answers: Vec<Value>,
    /// The policy's decision, when one was taken.
    pub decision: Option<Decision>,
    /// Toasts the desktop must show, change or close.
    pub toast_changes: Vec<ToastChange>,
}

impl Handled {
    fn new(request: &str, answers: Vec<Value>, decision: Option<Decision>) -> Handled {
        Handled { request: request.to_owned(), answers, decision, toast_changes: Vec::new() }
    }
}

struct Subscription {
    id: String,
    categories: Vec<String>,
}

#[derive(Default)]
struct Frame {
    subscriptions: Vec<Subscription>,
}

pub struct Broker {
    policy: Policy,
    contact_center: Arc<dyn ContactCenter>,
    configuration: Config,
    tokens: Result<TokenIssuer, String>,
    rate_limiter: RateLimiter,
    toasts: Toasts,
    frames: HashMap<FrameId, Frame>,
    next_frame: FrameId,
    next_subscription: u64,
    last_activity: Instant,
}

/// A refused request: the text for the page, without the request name.
type Refusal = String;

impl Broker {
    /// A broker enforcing `policy`, serving `contact_center`, and answering
    /// `configuration.getOption` from `configuration`.
    pub fn new(policy: Policy, contact_center: Arc<dyn ContactCenter>, configuration: Config) -> Broker {
        Broker {
            rate_limiter: RateLimiter::new(policy.rate_limits.clone()),
            policy,
            contact_center,
            configuration,
            tokens: TokenIssuer::generate(),
            toasts: Toasts::default(),
            frames: HashMap::new(),
            next_frame: 1,
            next_subscription: 1,
            last_activity: Instant::now(),
        }
    }

    /// The public keys that verify `auth.getJwtToken` tokens (a JWKS document).
    pub fn jwks(&self) -> Option<Value> {
        self.tokens.as_ref().ok().map(TokenIssuer::jwks)
    }

    /// When an extension last called `system.triggerActivity`, or the broker started.
    pub fn last_activity(&self) -> Instant {
        self.last_activity
    }

    /// The agent or a timeout closed toast `id`; returns the frame that raised it.
    pub fn toast_closed(&mut self, id: &str) -> Option<FrameId> {
        self.toasts.closed_by_desktop(id)
    }

    /// The `system` event for a click on button `index` of toast `id`, for the frame that
    /// raised it (and only it).
    pub fn toast_button_clicked(&self, id: &str, index: usize) -> Option<(FrameId, Value)> {
        let (frame, _) = self.toasts.get(id)?;
        let data = json!({ "eventType": "CUSTOM_TOAST_BUTTON_CLICK", "customToastId": id, "buttonIndex": index });
        Some((*frame, wire::event("system", data)))
    }

    /// Registers a new frame and returns its id.
    pub fn open_frame(&mut self) -> FrameId {
        let id = self.next_frame;
        self.next_frame += 1;
        self.frames.insert(id, Frame::default());
        id
    }

    /// The frame's document went away (navigation or reload): its subscriptions end.
    pub fn reset_frame(&mut self, frame: FrameId) {
        if let Some(f) = self.frames.get_mut(&frame) {
            f.subscriptions.clear();
        }
    }

    /// The frame's webview closed: its subscriptions, counters and toasts go.
    pub fn close_frame(&mut self, frame: FrameId) -> Vec<ToastChange> {
        self.frames.remove(&frame);
        self.rate_limiter.forget_frame(frame);
        self.toasts.close_all_of(frame)
    }

    /// Handles one message from `frame`, whose document the engine reports at `origin`.
    pub fn handle(&mut self, frame: FrameId, origin: Option<&Origin>, message: &Value) -> Handled {
        self.handle_at(frame, origin, message, Instant::now())
    }

    /// [`Broker::handle`] at a given time (rate limits count in time).
    pub fn handle_at(&mut self, frame: FrameId, origin: Option<&Origin>, message: &Value, now: Instant) -> Handled {
        let decoded = match ClientMessage::decode(message) {
            Ok(m) => m,
            Err(bad) => {
                let request = bad.request.clone().unwrap_or_default();
                let answers = bad
                    .reference_id
                    .iter()
                    .map(|r| wire::failure(r, &request, &format!("Invalid message: {}", bad.reason)))
                    .collect();
                return Handled::new(&request, answers, None);
            }
        };
        match decoded {
            ClientMessage::Request { name, parameters, reference_id } => {
                self.request(frame, origin, &name, &parameters, &reference_id, now)
            }
            ClientMessage::Subscribe { categories, reference_id } => {
                self.subscribe(frame, origin, categories, &reference_id)
            }
            ClientMessage::Unsubscribe { subscription_id } => {
                if let (Some(f), Some(id)) = (self.frames.get_mut(&frame), subscription_id.as_str()) {
                    f.subscriptions.retain(|s| s.id != id);
                }
                Handled::new("unsubscribe", Vec::new(), None)
            }
        }
    }

    fn request(
        &mut self,
        frame: FrameId,
        origin: Option<&Origin>,
        name: &str,
        parameters: &[Value],
        reference_id: &Value,
        now: Instant,
    ) -> Handled {
        let Some(canonical) = catalog::canonical(name) else {
            let refusal = format!("Unknown request '{name}': the Service Client API has no such request");
            return Handled::new(name, vec![wire::failure(reference_id, name, &refusal)], None);
        };
        let mut decision = self.policy.decide(origin, canonical);
        if let Some(refusal) = &decision.refusal {
            let answer = wire::failure(reference_id, name, refusal);
            return Handled::new(canonical, vec![answer], Some(decision));
        }
        match self.rate_limiter.check(frame, canonical, now) {
            RateVerdict::Allowed => {}
            RateVerdict::LimitReached(text) => {
                decision = Decision::refused_by(format!("{}: limit reached", self.rate_limiter.rule_for(canonical)), text);
                let answer = wire::failure(reference_id, name, decision.refusal.as_deref().unwrap_or_default());
                return Handled::new(canonical, vec![answer], Some(decision));
            }
            RateVerdict::Ignored => {
                let rule = format!("{}: in quarantine, ignored", self.rate_limiter.rule_for(canonical));
                return Handled::new(canonical, Vec::new(), Some(Decision::refused_by(rule, String::new())));
            }
        }
        let mut handled = Handled::new(canonical, Vec::new(), Some(decision));
        let answer = match self.dispatch(frame, origin, canonical, parameters, &mut handled.toast_changes) {
            Ok(mut data) => {
                self.policy.user_data.filter_readable(&mut data);
                wire::success(reference_id, name, data)
            }
            Err(why) => wire::failure(reference_id, name, &format!("{name}: {why}")),
        };
        handled.answers.push(answer);
        handled
    }

    fn subscribe(&mut self, frame: FrameId, origin: Option<&Origin>, categories: Vec<String>, reference_id: &Value) -> Handled {
        // Any accepted origin may subscribe, whatever its request filter.
        let decision = self.policy.accept_origin(origin);
        let answer = if let Some(refusal) = &decision.refusal {
            wire::failure(reference_id, "subscribe", refusal)
        } else if let Some(unknown) = categories.iter().find(|c| !catalog::CATEGORIES.contains(&c.as_str())) {
            wire::failure(
                reference_id,
                "subscribe",
                &format!("subscribe: unknown event category '{unknown}' (known: {})", catalog::CATEGORIES.join(", ")),
            )
        } else {
            let id = format!("subscription-{}", self.next_subscription);
            self.next_subscription += 1;
            let hears_system = categories.iter().any(|c| c == "system");
            let frame = self.frames.entry(frame).or_default();
            frame.subscriptions.push(Subscription { id: id.clone(), categories });
            let mut answers = vec![wire::subscribed(reference_id, &id)];
            if hears_system {
                // Frames learn their election state from system events. The desktop has one
                // main window, so the election is settled: every frame is in the leader.
                answers.push(wire::event("system", json!({ "frameState": "LEADING" })));
            }
            return Handled::new("subscribe", answers, Some(decision));
        };
        Handled::new("subscribe", vec![answer], Some(decision))
    }

    /// Runs an allowed request against the contact center.
    fn dispatch(
        &mut self,
        frame: FrameId,
        origin: Option<&Origin>,
        request: &str,
        p: &[Value],
        toast_changes: &mut Vec<ToastChange>,
    ) -> Result<Value, Refusal> {
        let cc = &*self.contact_center;
        match request {
            "agent.get" => to_json(&cc.agent()),
            "agent.getState" => to_json(&cc.agent_state()),
            "agent.getStateList" => to_json(&cc.state_list()),
            "agent.setState" => {
                let operation = self.state_operation(p.first(), "stateOperationName")?;
                cc.set_agent_state(&operation).map_err(|e| e.to_string())?;
                Ok(Value::Null)
            }
            "media.getMediaList" => Ok(Value::Array(cc.media_list().iter().map(media_json).collect())),
            "media.getMediaByName" => {
                let name = string_param(p, 0, "name")?;
                Ok(cc.media_list().iter().find(|m| m.name == name).map(media_json).unwrap_or(Value::Null))
            }
            "media.setState" => {
                let name = string_param(p, 0, "name")?;
                let operation = self.state_operation(p.get(1), "stateOperationName")?;
                cc.set_media_state(&name, &operation).map_err(|e| e.to_string())?;
                Ok(Value::Null)
            }
            "interaction.getInteractions" => Ok(Value::Array(cc.interactions().iter().map(interaction_json).collect())),
            "interaction.getByInteractionId" => {
                let id = string_param(p, 0, "interactionId")?;
                Ok(cc.interaction(&id).as_ref().map(interaction_json).unwrap_or(Value::Null))
            }
            "system.getAllowedServices" => self.policy.allowed_services(origin).map(|names| json!(names)),
            "system.triggerActivity" => {
                self.last_activity = Instant::now();
                Ok(Value::Null)
            }
            // One main window: every frame is in the leading, last active one.
            "system.isFrameLeading" | "system.isFrameLeadingOrNegotiating" | "system.isLastActiveFrame" => Ok(json!(true)),
            "system.isFrameFollowing" | "system.isFrameNegotiating" => Ok(json!(false)),
            "system.popupToast" => {
                let toast = Toast::from_parameters(p.first().ok_or("missing parameter `parameters`")?)?;
                if self.toasts.raised_in_last_minute(frame, Instant::now()) >= TOASTS_PER_MINUTE {
                    return Err(format!("this extension raised {TOASTS_PER_MINUTE} toasts in the last minute; wait before raising more"));
                }
                if self.toasts.open_for(frame) >= OPEN_TOASTS_PER_FRAME {
                    return Err(format!(
                        "this extension already has {OPEN_TOASTS_PER_FRAME} toasts open; close one (system.closeToast) first"
                    ));
                }
                let (id, change) = self.toasts.popup(frame, toast);
                toast_changes.push(change);
                Ok(json!(id))
            }
            "system.updateToast" => {
                let id = string_param(p, 0, "id")?;
                let toast = Toast::from_parameters(p.get(1).ok_or("missing parameter `parameters`")?)?;
                let change = self.toasts.update(frame, &id, toast);
                let found = change.is_some();
                toast_changes.extend(change);
                Ok(json!(found))
            }
            "system.closeToast" => {
                let id = string_param(p, 0, "id")?;
                let change = self.toasts.close(frame, &id);
                let found = change.is_some();
                toast_changes.extend(change);
                Ok(json!(found))
            }
            "configuration.getOption" => {
                options_query::get_option(&self.configuration, p.first().ok_or("missing parameter `options`")?)
            }
            "auth.getJwtToken" => {
                let audience = origin.ok_or("the page has no origin to issue a token for")?;
                let issuer = self.tokens.as_ref().map_err(|e| format!("no signing key: {e}"))?;
                issuer.issue(&cc.agent(), audience.as_str()).map(|token| json!(token))
            }
            _ => self.dispatch_to_contact_center(request, p),
        }
    }

    /// The requests the contact center carries out on interactions, voice and email.
    fn dispatch_to_contact_center(&self, request: &str, p: &[Value]) -> Result<Value, Refusal> {
        let cc = &*self.contact_center;
        let id = || string_param(p, 0, "interactionId");
        let done = |r: Result<(), CcError>| r.map(|_| Value::Null).map_err(|e| e.to_string());
        let changed = |r: Result<Interaction, CcError>| r.map(|i| interaction_json(&i)).map_err(|e| e.to_string());
        match request {
            "voice.answer" => changed(cc.answer(&id()?)),
            "voice.hangUp" => changed(cc.release(&id()?)),
            "voice.hold" => changed(cc.hold(&id()?)),
            "voice.resume" => changed(cc.resume(&id()?)),
            "voice.dial" => changed(cc.dial(&string_param(p, 0, "destination")?, optional_object(p, 1, "userData")?)),
            "voice.dialEx" => changed(cc.dial_ex(
                &string_param(p, 0, "destination")?,
                optional_object(p, 1, "userData")?,
                optional_object(p, 2, "extensions")?,
            )),
            "voice.startCallRecording" => changed(cc.start_call_recording(&id()?)),
            "voice.stopCallRecording" => changed(cc.stop_call_recording(&id()?)),
            "voice.pauseCallRecording" => changed(cc.pause_call_recording(&id()?)),
            "voice.resumeCallRecording" => changed(cc.resume_call_recording(&id()?)),
            "voice.isMicrophoneMute" => Ok(json!(cc.is_microphone_mute())),
            "voice.muteMicrophone" => done(cc.mute_microphone()),
            "voice.unmuteMicrophone" => done(cc.unmute_microphone()),
            "voice.isSpeakerMute" => Ok(json!(cc.is_speaker_mute())),
            "voice.muteSpeaker" => done(cc.mute_speaker()),
            "voice.unmuteSpeaker" => done(cc.unmute_speaker()),
            "interaction.accept" => changed(cc.accept(&id()?)),
            "interaction.reject" => changed(cc.reject(&id()?)),
            "interaction.markdone" => done(cc.mark_done(&id()?)),
            "interaction.blockMarkdone" => {
                done(cc.block_mark_done(&id()?, &string_param(p, 1, "warningMessage")?))
            }
            "interaction.unblockMarkdone" => done(cc.unblock_mark_done(&id()?)),
            "interaction.setUserData" => {
                let id = id()?;
                let key_values = object_param(p, 1, "keyValues")?;
                self.policy.user_data.check_writable(key_values.keys().map(String::as_str))?;
                changed(cc.set_user_data(&id, key_values))
            }
            "interaction.deleteUserData" => {
                let id = id()?;
                let keys: Vec<String> = match p.get(1) {
                    Some(Value::String(key)) => vec![key.clone()],
                    Some(Value::Array(keys)) if keys.iter().all(Value::is_string) => {
                        keys.iter().filter_map(|k| k.as_str().map(str::to_owned)).collect()
                    }
                    Some(other) => return Err(format!("parameter `key` must be a string, not {other}")),
                    None => return Err("missing parameter `key`".into()),
                };
                self.policy.user_data.check_writable(keys.iter().map(String::as_str))?;
                let mut last = cc.interaction(&id).ok_or_else(|| CcError::UnknownInteraction(id.clone()).to_string())?;
                for key in &keys {
                    last = cc.delete_user_data(&id, key).map_err(|e| e.to_string())?;
                }
                Ok(interaction_json(&last))
            }
            "interaction.selectCaseByCaseId" => done(cc.select_case_by_case_id(&string_param(p, 0, "caseId")?)),
            "interaction.consult" | "interaction.singleStepTransfer" | "interaction.singleStepConference" => {
                let id = id()?;
                let target = TargetQuery::from_json(p.get(1).ok_or("missing parameter `targetQuery`")?)
                    .map_err(|e| e.to_string())?;
                let user_data = optional_object(p, 2, "userData")?;
                let extensions = optional_object(p, 3, "extensions")?;
                changed(match request {
                    "interaction.consult" => cc.consult(&id, &target, user_data, extensions),
                    "interaction.singleStepTransfer" => cc.single_step_transfer(&id, &target, user_data, extensions),
                    _ => cc.single_step_conference(&id, &target, user_data, extensions),
                })
            }
            "interaction.completeTransfer" => changed(cc.complete_transfer(&string_param(p, 0, "consultInteractionId")?)),
            "interaction.completeConference" => changed(cc.complete_conference(&string_param(p, 0, "consultInteractionId")?)),
            "email.create" => changed(cc.create_email(&string_param(p, 0, "destination")?, optional_object(p, 1, "userData")?)),
            other => Err(format!("the request '{other}' has no handler in this AgentDeck build")),
        }
    }

    /// A state parameter: an operation name, or an index into the state list.
    fn state_operation(&self, value: Option<&Value>, name: &str) -> Result<String, Refusal> {
        match value {
            Some(Value::String(op)) => Ok(op.clone()),
            Some(Value::Number(n)) => {
                let list = self.contact_center.state_list();
                n.as_u64()
                    .and_then(|i| list.get(i as usize))
                    .map(|s| s.operation_name.clone())
                    .ok_or_else(|| format!("state index {n} is outside the state list (0 to {})", list.len().saturating_sub(1)))
            }
            Some(other) => Err(format!("parameter `{name}` must be an operation name or a state-list index, not {other}")),
            None => Err(format!("missing parameter `{name}`")),
        }
    }

    /// The events `event` becomes, one per subscribed frame.
    pub fn events_for(&self, event: &DomainEvent) -> Vec<(FrameId, Value)> {
        let (category, data) = match event {
            DomainEvent::AgentStateChanged { state } => ("agent", agent_state_changed(state)),
            DomainEvent::MediaStateChanged { media } => {
                ("media", json!({ "eventType": "STATE_CHANGED", "media": media_json(media) }))
            }
            DomainEvent::Interaction { event_type, interaction } => (
                "interaction",
                json!({ "eventType": event_type, "media": interaction.media, "interaction": interaction_json(interaction) }),
            ),
            DomainEvent::Case { event_type, selected_case_id } => {
                ("interaction", json!({ "eventType": event_type, "selectedCaseId": selected_case_id }))
            }
            DomainEvent::CaseIdChanged { case_id, previous_case_id } => (
                "interaction",
                json!({ "eventType": "CASE_ID_CHANGED", "caseId": case_id, "previousCaseId": previous_case_id }),
            ),
            DomainEvent::MarkDoneBlocked { interaction_id, warning_message } => (
                "markdone",
                json!({ "eventType": "MARKDONE_BLOCKED", "interactionId": interaction_id, "warningMessage": warning_message }),
            ),
            DomainEvent::Campaign { event_type, campaign, mode } => {
                let mut data = json!({ "eventType": event_type, "campaign": campaign });
                if let Some(mode) = mode {
                    data["mode"] = json!(mode);
                }
                ("outbound", data)
            }
            DomainEvent::RealtimeConnection { state } => {
                ("system", json!({ "eventType": "REALTIME_CONNECTION", "state": state }))
            }
        };
        let mut message = wire::event(category, data);
        self.policy.user_data.filter_readable(&mut message);
        let mut frames: Vec<_> = self
            .frames
            .iter()
            .filter(|(_, f)| f.subscriptions.iter().any(|s| s.categories.iter().any(|c| c == category)))
            .map(|(id, _)| (*id, message.clone()))
            .collect();
        frames.sort_by_key(|(id, _)| *id);
        frames
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<Value, Refusal> {
    serde_json::to_value(value).map_err(|e| format!("internal error while encoding the answer: {e}"))
}

fn object_param(p: &[Value], index: usize, name: &str) -> Result<Map<String, Value>, Refusal> {
    match p.get(index) {
        Some(Value::Object(map)) => Ok(map.clone()),
        Some(other) => Err(format!("parameter `{name}` must be an object of key/value pairs, not {other}")),
        None => Err(format!("missing parameter `{name}`")),
    }
}

/// An object parameter that may be left out or `null` (as `userData` often is).
fn optional_object(p: &[Value], index: usize, name: &str) -> Result<Map<String, Value>, Refusal> {
    match p.get(index) {
        None | Some(Value::Null) => Ok(Map::new()),
        Some(_) => object_param(p, index, name),
    }
}

fn string_param(p: &[Value], index: usize, name: &str) -> Result<String, Refusal> {
    match p.get(index) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(other) => Err(format!("parameter `{name}` must be a string, not {other}")),
        None => Err(format!("missing parameter `{name}`")),
    }
}

/// The documented agent `STATE_CHANGED` event: the state's type as `mediaState`, and the
/// reason of a not-ready-with-action-code state.
fn agent_state_changed(state: &AgentState) -> Value {
    let mut data = json!({ "eventType": "STATE_CHANGED", "mediaState": state.state_type });
    if state.state_type == StateType::NotReadyActionCode {
        data["reason"] = json!(state.reason);
        data["reasonCode"] = json!(state.reason_code);
    }
    data
}

/// A media object: `name`, and `media` too (samples in the field read that).
fn media_json(media: &Media) -> Value {
    let mut value = serde_json::to_value(media).unwrap_or(Value::Null);
    value["media"] = json!(media.name);
    value
}

fn interaction_json(interaction: &Interaction) -> Value {
    serde_json::to_value(interaction).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;
    use contact_center::Simulator;

    /// A broker over a simulator, configured by `[interaction-workspace]` options.
    fn broker_with(options: &str) -> (Broker, Arc<Simulator>) {
        let config = Config::parse(&format!("[interaction-workspace]\n{options}"), "test.toml", std::path::Path::new(".")).unwrap();
        let sim = Arc::new(Simulator::new());
        (Broker::new(Policy::from_config(&config).unwrap(), sim.clone(), config), sim)
    }

    fn broker(accepted: &str) -> (Broker, Arc<Simulator>) {
        broker_with(&format!("\"service-client-api.accepted-web-content-origins\" = \"{accepted}\""))
    }

    fn data(h: &Handled) -> &Value {
        assert!(h.answers[0].get("errorMessage").is_none(), "refused: {:?}", h.answers);
        &h.answers[0]["data"]
    }

    fn o(s: &str) -> Origin {
        Origin::parse(s).unwrap()
    }

    fn request(name: &str, params: Value, reference: &str) -> Value {
        json!({"request": name, "parameters": params, "referenceId": reference, "userAgent": "WWE Client", "protocolVersion": 2})
    }

    #[test]
    fn agent_get_answers_with_the_agent_and_echoes_the_reference() {
        let (mut b, _) = broker("http://a");
        let f = b.open_frame();
        let h = b.handle(f, Some(&o("http://a")), &request("agent.get", json!([]), "0"));
        let answer = &h.answers[0];
        assert_eq!(answer["referenceId"], json!("0"));
        assert_eq!(answer["data"]["username"], "ksippola");
        assert!(answer["data"]["employeeId"].is_string());
        assert!(answer.get("event").is_none());
        assert!(h.decision.unwrap().allowed);
    }

    #[test]
    fn set_state_by_name_and_by_index_and_the_event_reaches_subscribers_only() {
        let (mut b, sim) = broker("http://a");
        let mut rx = sim.events();
        let (f1, f2) = (b.open_frame(), b.open_frame());
        let a = o("http://a");
        let sub = b.handle(f1, Some(&a), &json!({"event":"subscribe","data":["agent"],"referenceId":"0"}));
        assert!(sub.answers[0]["subscriptionId"].is_string());
        let by_name = b.handle(f1, Some(&a), &request("agent.setState", json!(["Ready"]), "1"));
        assert!(by_name.answers[0].get("errorMessage").is_none(), "{:?}", by_name.answers);
        assert_eq!(sim.agent_state().operation_name, "Ready");
        let by_index = b.handle(f1, Some(&a), &request("agent.setState", json!([2]), "2"));
        assert!(by_index.answers[0].get("errorMessage").is_none());
        assert_eq!(sim.agent_state().operation_name, "NotReadyBreak");
        let out_of_range = b.handle(f1, Some(&a), &request("agent.setState", json!([99]), "3"));
        assert!(out_of_range.answers[0]["errorMessage"].as_str().unwrap().contains("agent.setState: state index 99"));

        let first = rx.try_recv().unwrap();
        let routed = b.events_for(&first);
        assert_eq!(routed.len(), 1);
        assert_eq!(routed[0].0, f1);
        assert_eq!(routed[0].1["event"], "agent");
        assert_eq!(routed[0].1["data"], json!({"eventType":"STATE_CHANGED","mediaState":"READY"}));
        let _ = f2;
    }

    #[test]
    fn the_break_event_carries_reason_and_code() {
        let data = agent_state_changed(&Simulator::new().state_list()[2]);
        assert_eq!(data, json!({"eventType":"STATE_CHANGED","mediaState":"NOT_READY_ACTION_CODE","reason":"Break","reasonCode":"1511"}));
    }

    #[test]
    fn an_unaccepted_origin_gets_an_error_answer_not_silence() {
        let (mut b, _) = broker("http://a");
        let f = b.open_frame();
        let h = b.handle(f, Some(&o("http://evil")), &request("agent.get", json!([]), "5"));
        assert_eq!(h.answers.len(), 1);
        assert!(h.answers[0]["errorMessage"].as_str().unwrap().contains("not accepted"));
        let s = b.handle(f, Some(&o("http://evil")), &json!({"event":"subscribe","data":"agent","referenceId":"6"}));
        assert!(s.answers[0]["errorMessage"].as_str().unwrap().contains("not accepted"));
    }

    #[test]
    fn a_filtered_origin_may_subscribe_but_not_call_outside_its_filter() {
        let (mut b, _) = broker("http://d (voice.dial)");
        let f = b.open_frame();
        let d = o("http://d");
        assert!(b.handle(f, Some(&d), &request("agent.get", json!([]), "1")).answers[0]["errorMessage"]
            .as_str()
            .unwrap()
            .contains("'agent.get' is not allowed"));
        let services = b.handle(f, Some(&d), &request("system.getAllowedServices", json!([]), "2"));
        assert_eq!(services.answers[0]["data"], json!(["voice.dial"]));
        assert!(b.handle(f, Some(&d), &json!({"event":"subscribe","data":"agent","referenceId":"3"})).answers[0]
            .get("subscriptionId")
            .is_some());
    }

    #[test]
    fn unknown_requests_and_bad_parameters_are_named() {
        let (mut b, _) = broker("*");
        let f = b.open_frame();
        let a = o("http://a");
        let unknown = b.handle(f, Some(&a), &request("agent.fly", json!([]), "1"));
        assert!(unknown.answers[0]["errorMessage"].as_str().unwrap().contains("Unknown request 'agent.fly'"));
        let bad = b.handle(f, Some(&a), &request("media.getMediaByName", json!([3]), "2"));
        assert_eq!(bad.answers[0]["errorMessage"], "media.getMediaByName: parameter `name` must be a string, not 3");
        let missing = b.handle(f, Some(&a), &request("agent.setState", json!([]), "3"));
        assert_eq!(missing.answers[0]["errorMessage"], "agent.setState: missing parameter `stateOperationName`");
        let unknown_cat = b.handle(f, Some(&a), &json!({"event":"subscribe","data":["weather"],"referenceId":"4"}));
        assert!(unknown_cat.answers[0]["errorMessage"].as_str().unwrap().contains("unknown event category 'weather'"));
    }

    #[test]
    fn media_objects_carry_name_and_media() {
        let (mut b, _) = broker("*");
        let f = b.open_frame();
        let h = b.handle(f, Some(&o("http://a")), &request("media.getMediaByName", json!(["voice"]), "1"));
        let m = &h.answers[0]["data"];
        assert_eq!((m["name"].as_str(), m["media"].as_str()), (Some("voice"), Some("voice")));
        assert_eq!(m["device"]["number"], "5001");
        assert!(m["state"]["operationName"].is_string());
    }

    #[test]
    fn a_reset_frame_hears_no_more_events() {
        let (mut b, sim) = broker("*");
        let mut rx = sim.events();
        let f = b.open_frame();
        b.handle(f, Some(&o("http://a")), &json!({"event":"subscribe","data":"agent","referenceId":"0"}));
        b.reset_frame(f);
        use contact_center::ContactCenter;
        sim.set_agent_state("Ready").unwrap();
        assert!(b.events_for(&rx.try_recv().unwrap()).is_empty());
    }

    #[test]
    fn past_the_rate_limit_the_first_gets_the_error_and_the_rest_no_answer() {
        let (mut b, _) = broker_with(
            "\"service-client-api.accepted-web-content-origins\" = \"*\"\n\"service-client-api.rate-limit.agent.get\" = 2\n",
        );
        let f = b.open_frame();
        let a = o("http://a");
        let t0 = Instant::now();
        for r in ["1", "2"] {
            assert!(b.handle_at(f, Some(&a), &request("agent.get", json!([]), r), t0).answers[0].get("data").is_some());
        }
        let third = b.handle_at(f, Some(&a), &request("agent.get", json!([]), "3"), t0);
        assert_eq!(
            third.answers[0]["errorMessage"],
            "The rate limit for the request 'agent.get' has been reached.\nFurther requests of the same type will be ignored for 30 seconds."
        );
        assert_eq!(third.answers[0]["referenceId"], "3");
        let fourth = b.handle_at(f, Some(&a), &request("agent.get", json!([]), "4"), t0);
        assert!(fourth.answers.is_empty(), "ignored in quarantine");
        assert!(fourth.decision.unwrap().rule.contains("quarantine"));
        assert!(b.handle_at(f, Some(&a), &request("agent.getState", json!([]), "5"), t0).answers[0].get("data").is_some());
    }

    #[test]
    fn unreadable_user_data_never_reaches_answers_or_events() {
        let (mut b, sim) = broker_with(
            "\"service-client-api.accepted-web-content-origins\" = \"*\"\n\"service-client-api.user-data.read-allowed\" = \"Key1\"\n",
        );
        let mut rx = sim.events();
        let f = b.open_frame();
        let a = o("http://a");
        b.handle(f, Some(&a), &json!({"event":"subscribe","data":"interaction","referenceId":"0"}));
        let mut user_data = serde_json::Map::new();
        user_data.insert("Key1".into(), json!("shown"));
        user_data.insert("Secret".into(), json!("hidden"));
        sim.inbound_call("100", user_data);
        let listed = b.handle(f, Some(&a), &request("interaction.getInteractions", json!([]), "1"));
        assert_eq!(data(&listed)[0]["userData"], json!({"Key1": "shown"}));
        let one = b.handle(f, Some(&a), &request("interaction.getByInteractionId", json!(["1"]), "2"));
        assert_eq!(data(&one)["userData"], json!({"Key1": "shown"}));
        let event = b.events_for(&rx.try_recv().unwrap());
        assert_eq!(event[0].1["data"]["interaction"]["userData"], json!({"Key1": "shown"}));
    }

    #[test]
    fn toasts_get_ids_and_only_their_frame_may_change_them() {
        let (mut b, _) = broker("*");
        let (f1, f2) = (b.open_frame(), b.open_frame());
        let a = o("http://a");
        let raised = b.handle(f1, Some(&a), &request("system.popupToast", json!([{"title": "Call back", "buttons": ["Yes", "No"]}]), "1"));
        let id = data(&raised).as_str().unwrap().to_owned();
        assert!(matches!(&raised.toast_changes[0], ToastChange::Show { frame, .. } if *frame == f1));
        assert_eq!(data(&b.handle(f2, Some(&a), &request("system.updateToast", json!([id, {"title": "x"}]), "2"))), &json!(false));
        assert_eq!(data(&b.handle(f1, Some(&a), &request("system.updateToast", json!([id, {"title": "x"}]), "3"))), &json!(true));
        assert_eq!(data(&b.handle(f2, Some(&a), &request("system.closeToast", json!([id]), "4"))), &json!(false));
        let (frame, click) = b.toast_button_clicked(&id, 1).unwrap();
        assert_eq!(frame, f1);
        assert_eq!(click["data"], json!({"eventType": "CUSTOM_TOAST_BUTTON_CLICK", "customToastId": id, "buttonIndex": 1}));
        assert_eq!(data(&b.handle(f1, Some(&a), &request("system.closeToast", json!([id]), "5"))), &json!(true));
        assert!(b.toast_button_clicked(&id, 0).is_none());
        let bad = b.handle(f1, Some(&a), &request("system.popupToast", json!([{"buttons": "Yes"}]), "6"));
        assert!(bad.answers[0]["errorMessage"].as_str().unwrap().starts_with("system.popupToast: `buttons` must be an array"));
        for r in 0..OPEN_TOASTS_PER_FRAME {
            b.handle(f1, Some(&a), &request("system.popupToast", json!([{"title": "t"}]), &format!("t{r}")));
        }
        let flood = b.handle(f1, Some(&a), &request("system.popupToast", json!([{"title": "t"}]), "7"));
        assert!(flood.answers[0]["errorMessage"].as_str().unwrap().contains("toasts open"));
        assert_eq!(b.close_frame(f1).len(), OPEN_TOASTS_PER_FRAME, "a closed frame's toasts close");
        let f3 = b.open_frame();
        for r in 0..TOASTS_PER_MINUTE {
            let raised = b.handle(f3, Some(&a), &request("system.popupToast", json!([{"title": "t"}]), &format!("m{r}")));
            let id = data(&raised).as_str().unwrap().to_owned();
            b.handle(f3, Some(&a), &request("system.closeToast", json!([id]), &format!("c{r}")));
        }
        let too_many = b.handle(f3, Some(&a), &request("system.popupToast", json!([{"title": "t"}]), "8"));
        assert!(too_many.answers[0]["errorMessage"].as_str().unwrap().contains("in the last minute"), "{:?}", too_many.answers);
    }

    #[test]
    fn get_option_reads_the_configuration_and_tokens_name_the_caller() {
        let (mut b, _) = broker_with("\"service-client-api.accepted-web-content-origins\" = \"*\"\n\"voice.auto-answer\" = false\n");
        let f = b.open_frame();
        let a = o("http://a:81");
        let option = b.handle(f, Some(&a), &request("configuration.getOption", json!(["voice.*"]), "1"));
        assert_eq!(data(&option), &json!([{"section": "interaction-workspace", "name": "voice.auto-answer", "value": "false"}]));
        let refused = b.handle(f, Some(&a), &request("configuration.getOption", json!(["*.auto"]), "2"));
        assert!(refused.answers[0]["errorMessage"].as_str().unwrap().starts_with("configuration.getOption: '*.auto'"));
        let token = b.handle(f, Some(&a), &request("auth.getJwtToken", json!([]), "3"));
        let token = data(&token).as_str().unwrap().to_owned();
        use base64::Engine;
        let claims: Value = serde_json::from_slice(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(token.split('.').nth(1).unwrap()).unwrap(),
        )
        .unwrap();
        assert_eq!((claims["aud"].as_str(), claims["sub"].as_str()), (Some("http://a:81"), Some("ksippola")));
        assert!(b.jwks().unwrap()["keys"][0]["x"].is_string());
    }

    #[test]
    fn frame_state_and_activity() {
        let (mut b, _) = broker("*");
        let f = b.open_frame();
        let a = o("http://a");
        assert_eq!(data(&b.handle(f, Some(&a), &request("system.isFrameLeading", json!([]), "1"))), &json!(true));
        assert_eq!(data(&b.handle(f, Some(&a), &request("system.isFrameFollowing", json!([]), "2"))), &json!(false));
        let before = b.last_activity();
        std::thread::sleep(std::time::Duration::from_millis(2));
        b.handle(f, Some(&a), &request("system.triggerActivity", json!([]), "3"));
        assert!(b.last_activity() > before);
    }
}
