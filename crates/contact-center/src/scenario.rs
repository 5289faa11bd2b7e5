//! Scenario files: TOML scripts of timed steps (a call from an ANI with attached data after
//! 2 s, the customer hanging up, chat messages, preview records, campaigns, a connection
//! drop) that drive the simulator for demos, the sandbox and tests. They run on the
//! engine's virtual clock, and every error points at `file:line:col`.
//!
//! ```toml
//! name = "One call"
//! [[step]]
//! at = 2
//! action = "inbound_call"
//! label = "call"
//! ani = "+15551234"
//! user_data = { Account = "8812" }
//! [[step]]
//! at = 30
//! action = "customer_hang_up"
//! interaction = "call"
//! ```

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use serde::Deserialize;
use serde_json::{Map, Value};
use toml::Spanned;

use crate::{CcError, InboundCall, PreviewMode, PreviewRecord, RonaCallState, Simulator};

/// Where in which scenario file something is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// A scenario that could not be read, or a step the engine refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{location}: {message}")]
pub struct ScenarioError {
    pub location: Location,
    pub message: String,
}

/// A parsed scenario, ready to play.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    steps: Vec<LocatedStep>,
}

#[derive(Debug, Clone)]
struct LocatedStep {
    at: Duration,
    location: Location,
    step: Step,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioFile {
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    step: Vec<Spanned<Step>>,
}

/// One timed step: when, which earlier interaction it acts on (by label), and what.
#[derive(Debug, Clone, Deserialize)]
struct Step {
    /// Seconds after the scenario starts.
    at: Spanned<f64>,
    /// A name for the interaction this step creates.
    label: Option<String>,
    /// The label of the interaction this step acts on.
    interaction: Option<Spanned<String>>,
    #[serde(flatten)]
    action: Action,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
enum Action {
    InboundCall {
        ani: String,
        #[serde(default)]
        user_data: Map<String, Value>,
        #[serde(default = "redirected")]
        rona: RonaCallState,
    },
    RemoteAnswer,
    CustomerHangUp,
    Chat {
        nickname: String,
        #[serde(default)]
        user_data: Map<String, Value>,
    },
    CustomerMessage {
        text: String,
    },
    CustomerEndChat,
    ChatJoinFails {
        fails: bool,
    },
    InboundEmail {
        from: String,
        subject: String,
        #[serde(default)]
        user_data: Map<String, Value>,
    },
    LoadCampaign {
        campaign: String,
    },
    UnloadCampaign {
        campaign: String,
    },
    StartCampaign {
        campaign: String,
        mode: String,
    },
    StopCampaign {
        campaign: String,
    },
    PullRecords {
        campaign: String,
        records: Vec<RecordSpec>,
    },
    PushPreview {
        campaign: String,
        mode: PreviewMode,
        #[serde(flatten)]
        record: RecordSpec,
    },
    ConnectionDrop {
        /// Seconds until the link comes back; absent means it is lost (DOWN after a minute).
        restore_after: Option<f64>,
    },
    ConnectionRestore,
    ChangeCaseId {
        case_id: String,
    },
}

fn redirected() -> RonaCallState {
    RonaCallState::Redirected
}

#[derive(Debug, Clone, Deserialize)]
struct RecordSpec {
    phone: String,
    #[serde(default)]
    user_data: Map<String, Value>,
    #[serde(default)]
    chained_records: Vec<Map<String, Value>>,
}

impl From<RecordSpec> for PreviewRecord {
    fn from(spec: RecordSpec) -> PreviewRecord {
        PreviewRecord { phone: spec.phone, user_data: spec.user_data, chained_records: spec.chained_records }
    }
}

impl Action {
    /// Whether the step acts on an interaction an earlier step created.
    fn needs_interaction(&self) -> bool {
        matches!(
            self,
            Action::RemoteAnswer
                | Action::CustomerHangUp
                | Action::CustomerMessage { .. }
                | Action::CustomerEndChat
                | Action::ChangeCaseId { .. }
        )
    }

    fn creates_interaction(&self) -> bool {
        matches!(self, Action::InboundCall { .. } | Action::Chat { .. } | Action::InboundEmail { .. } | Action::PushPreview { .. })
    }
}

/// 1-based line and column of byte `offset` in `source`.
fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let before = &source[..offset.min(source.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

impl Scenario {
    /// Reads a scenario file.
    pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
        let file = path.display().to_string();
        let source = std::fs::read_to_string(path).map_err(|e| ScenarioError {
            location: Location { file: file.clone(), line: 1, column: 1 },
            message: format!("cannot read the scenario: {e}"),
        })?;
        Scenario::parse(&file, &source)
    }

    /// Parses scenario text; `file` names it in errors.
    pub fn parse(file: &str, source: &str) -> Result<Scenario, ScenarioError> {
        let at = |offset: usize| {
            let (line, column) = line_col(source, offset);
            Location { file: file.to_owned(), line, column }
        };
        let parsed: ScenarioFile = toml::from_str(source).map_err(|e| ScenarioError {
            location: at(e.span().map_or(0, |s| s.start)),
            message: e.message().trim().to_owned(),
        })?;
        let mut labels: Vec<String> = Vec::new();
        let mut steps = Vec::new();
        let mut previous_at = 0.0;
        for spanned in parsed.step {
            let location = at(spanned.span().start);
            let step = spanned.into_inner();
            let seconds = *step.at.get_ref();
            let fail = |offset: usize, message: String| ScenarioError { location: at(offset), message };
            if !seconds.is_finite() || seconds < previous_at {
                return Err(fail(
                    step.at.span().start,
                    format!("`at` must be a number of seconds, not before the previous step ({previous_at} s)"),
                ));
            }
            previous_at = seconds;
            match (&step.interaction, step.action.needs_interaction()) {
                (None, true) => {
                    return Err(ScenarioError {
                        location,
                        message: "this action needs `interaction`, the label of an earlier step".into(),
                    })
                }
                (Some(label), true) if !labels.contains(label.get_ref()) => {
                    return Err(fail(
                        label.span().start,
                        format!("no earlier step is labelled `{}` (known: {})", label.get_ref(), labels.join(", ")),
                    ))
                }
                (Some(label), false) => {
                    return Err(fail(label.span().start, "this action does not act on an interaction".into()))
                }
                _ => {}
            }
            if let Some(label) = &step.label {
                if !step.action.creates_interaction() {
                    return Err(ScenarioError { location, message: "only steps that create an interaction take a `label`".into() });
                }
                labels.push(label.clone());
            }
            steps.push(LocatedStep { at: Duration::from_secs_f64(seconds), location, step });
        }
        Ok(Scenario { name: parsed.name, description: parsed.description, steps })
    }

    /// When the last step happens.
    pub fn duration(&self) -> Duration {
        self.steps.last().map_or(Duration::ZERO, |s| s.at)
    }
}

/// Plays a scenario on a simulator, step by step as engine time advances.
pub struct ScenarioPlayer {
    scenario: Scenario,
    started_at: Duration,
    next_step: usize,
    /// Interaction ids by label.
    labelled: HashMap<String, String>,
}

impl ScenarioPlayer {
    /// Starts `scenario` at the simulator's current time.
    pub fn start(scenario: Scenario, simulator: &Simulator) -> ScenarioPlayer {
        ScenarioPlayer { scenario, started_at: simulator.now(), next_step: 0, labelled: HashMap::new() }
    }

    /// Whether every step has run.
    pub fn finished(&self) -> bool {
        self.next_step >= self.scenario.steps.len()
    }

    /// Moves engine time forward by `by`, running each step at its time (engine timers in
    /// between fire in order). Returns the steps the engine refused, with their location.
    pub fn advance(&mut self, simulator: &Simulator, by: Duration) -> Vec<ScenarioError> {
        let until = simulator.now() + by;
        let mut refused = Vec::new();
        while let Some(located) = self.scenario.steps.get(self.next_step).cloned() {
            let due = self.started_at + located.at;
            if due > until {
                break;
            }
            simulator.advance_to(due);
            self.next_step += 1;
            if let Err(e) = self.run(simulator, &located.step) {
                refused.push(ScenarioError { location: located.location.clone(), message: e.to_string() });
            }
        }
        simulator.advance_to(until);
        refused
    }

    /// Runs every remaining step.
    pub fn run_to_end(&mut self, simulator: &Simulator) -> Vec<ScenarioError> {
        let end = self.started_at + self.scenario.duration();
        self.advance(simulator, end.saturating_sub(simulator.now()))
    }

    /// The interaction id the step labelled `label` created.
    pub fn interaction_id(&self, label: &str) -> Option<&str> {
        self.labelled.get(label).map(String::as_str)
    }

    fn run(&mut self, sim: &Simulator, step: &Step) -> Result<(), CcError> {
        let target = step.interaction.as_ref().and_then(|l| self.labelled.get(l.get_ref()).cloned()).unwrap_or_default();
        let created = match step.action.clone() {
            Action::InboundCall { ani, user_data, rona } => Some(sim.inbound_call_with(InboundCall { ani, user_data, rona })),
            Action::RemoteAnswer => sim.remote_answer(&target).map(|_| None)?,
            Action::CustomerHangUp => sim.customer_hang_up(&target).map(|_| None)?,
            Action::Chat { nickname, user_data } => Some(sim.customer_start_chat(&nickname, user_data)),
            Action::CustomerMessage { text } => sim.customer_send_message(&target, &text).map(|_| None)?,
            Action::CustomerEndChat => sim.customer_end_chat(&target).map(|_| None)?,
            Action::ChatJoinFails { fails } => {
                sim.set_chat_join_fails(fails);
                None
            }
            Action::InboundEmail { from, subject, user_data } => Some(sim.inbound_email(&from, &subject, user_data)),
            Action::LoadCampaign { campaign } => sim.load_campaign(&campaign).map(|_| None)?,
            Action::UnloadCampaign { campaign } => sim.unload_campaign(&campaign).map(|_| None)?,
            Action::StartCampaign { campaign, mode } => sim.start_campaign(&campaign, &mode).map(|_| None)?,
            Action::StopCampaign { campaign } => sim.stop_campaign(&campaign).map(|_| None)?,
            Action::PullRecords { campaign, records } => {
                sim.add_pull_records(&campaign, records.into_iter().map(PreviewRecord::from).collect()).map(|_| None)?
            }
            Action::PushPreview { campaign, mode, record } => Some(sim.push_preview_record(&campaign, mode, record.into())?),
            Action::ConnectionDrop { restore_after } => {
                sim.drop_connection(restore_after.map(Duration::from_secs_f64)).map(|_| None)?
            }
            Action::ConnectionRestore => sim.restore_connection().map(|_| None)?,
            Action::ChangeCaseId { case_id } => {
                let from = sim.interaction_case(&target)?;
                sim.change_case_id(&from, &case_id).map(|_| None)?
            }
        };
        if let (Some(label), Some(interaction)) = (&step.label, created) {
            self.labelled.insert(label.clone(), interaction.interaction_id);
        }
        Ok(())
    }
}

impl Simulator {
    fn interaction_case(&self, id: &str) -> Result<String, CcError> {
        use crate::ContactCenter;
        self.interaction(id).map(|i| i.case_id).ok_or_else(|| CcError::UnknownInteraction(id.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based() {
        assert_eq!(line_col("ab\ncd", 0), (1, 1));
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
    }
}
