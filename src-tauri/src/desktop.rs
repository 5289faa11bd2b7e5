//! The running desktop: its validated configuration, the shared state every command and
//! event handler reaches (contact center, broker, frames, extension views), the main
//! window, and the pump that turns contact-center events into SCAPI events, per-interaction
//! web content and main-UI updates.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use agentdeck_config::{Config, ConfigError, DesktopSettings, WebContent, WebContentScope};
use contact_center::scenario::{Scenario, ScenarioPlayer};
use contact_center::{ContactCenter, DomainEvent, InteractionEventType, Simulator};
use scapi::{Broker, Policy};
use serde::Serialize;
use tauri_plugin_notification::NotificationExt;
use tauri::{AppHandle, Emitter, EventTarget, LogicalPosition, LogicalSize, Manager, WebviewBuilder, WebviewUrl, WindowBuilder};
use tokio::sync::broadcast::error::RecvError;

use crate::extensions::{self, Extensions, TabInfo};
use crate::frames::Frames;
use crate::toasts::{InDesktopToast, MyMessage, ToastBoard};
use crate::{commands, url_template, web_server};

pub const MAIN_WINDOW: &str = "main";
pub const MAIN_UI: &str = "main-ui";
/// The main UI hears this event, with a [`Snapshot`], whenever what it shows changed.
pub const CHANGED_EVENT: &str = "desktop-changed";

/// A configuration that has been read and checked in full.
pub struct LoadedConfig {
    pub config: Config,
    pub policy: Policy,
    pub web_contents: Vec<WebContent>,
    pub settings: DesktopSettings,
    pub scenario: Option<Scenario>,
}

/// How often the desktop moves the contact center's clock on.
const CLOCK_TICK: Duration = Duration::from_millis(100);

impl LoadedConfig {
    pub fn load(path: &Path) -> Result<LoadedConfig, ConfigError> {
        let config = Config::load(path)?;
        let policy = Policy::from_config(&config)?;
        let web_contents = config.web_contents()?;
        for content in &web_contents {
            if let Err(why) = url_template::fields(&content.url_template) {
                let entry = config.option(&content.name, "url").expect("web_contents() checked the url is there");
                return Err(config.error_at(entry, format!("web content [{}]: {why}", content.name)));
            }
        }
        let settings = config.desktop_settings()?;
        let scenario = match &settings.scenario {
            None => None,
            Some(path) => Some(Scenario::load(path).map_err(|e| ConfigError {
                file: e.location.file.clone(),
                line: e.location.line,
                column: e.location.column,
                message: format!("scenario: {}", e.message),
            })?),
        };
        Ok(LoadedConfig { config, policy, web_contents, settings, scenario })
    }

    /// What the configuration declares, for `--check-config`.
    pub fn summary(&self) -> String {
        let mut lines = vec![format!("{}: configuration accepted", self.config.source_name())];
        for c in &self.web_contents {
            let scope = match c.scope {
                WebContentScope::Workspace => "workspace",
                WebContentScope::Interaction => "interaction",
            };
            lines.push(format!("  web content [{}] ({scope}, {}): {}", c.name, c.mode.as_str(), c.url_template));
        }
        if let Some(scenario) = &self.scenario {
            lines.push(format!("  plays scenario \"{}\" ({} s)", scenario.name, scenario.duration().as_secs()));
        }
        if !self.settings.web_ports.is_empty() {
            lines.push(format!(
                "  serving {} on 127.0.0.1 ports {:?}",
                self.settings.web_root.display(),
                self.settings.web_ports
            ));
        }
        lines.join("\n")
    }
}

/// Everything the desktop's commands and handlers share.
pub struct Desktop {
    pub contact_center: Arc<Simulator>,
    pub policy: Policy,
    pub web_contents: Vec<WebContent>,
    pub data_dir: PathBuf,
    broker: Mutex<Broker>,
    frames: Mutex<Frames>,
    extensions: Mutex<Extensions>,
    toast_board: Mutex<ToastBoard>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic elsewhere must not take the desktop down with it.
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Desktop {
    pub fn broker(&self) -> MutexGuard<'_, Broker> {
        lock(&self.broker)
    }

    pub fn frames(&self) -> MutexGuard<'_, Frames> {
        lock(&self.frames)
    }

    pub fn extensions(&self) -> MutexGuard<'_, Extensions> {
        lock(&self.extensions)
    }

    pub fn toast_board(&self) -> MutexGuard<'_, ToastBoard> {
        lock(&self.toast_board)
    }
}

/// What the main UI shows.
#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    agent: contact_center::Agent,
    state: contact_center::AgentState,
    state_list: Vec<contact_center::AgentState>,
    interactions: Vec<contact_center::Interaction>,
    tabs: Vec<TabInfo>,
    /// The tab or built-in view shown (`my-messages` is the message panel).
    selected: Option<String>,
    /// Toasts shown inside the desktop (when there is no notification server).
    toasts: Vec<InDesktopToast>,
    messages: Vec<MyMessage>,
}

impl Desktop {
    pub fn snapshot(&self) -> Snapshot {
        let cc = &self.contact_center;
        // One guard at a time: temporaries live to the end of a statement.
        let (tabs, selected) = {
            let extensions = self.extensions();
            (extensions.tabs(), extensions.selected())
        };
        let (toasts, messages) = {
            let board = self.toast_board();
            (board.in_desktop(), board.messages())
        };
        Snapshot {
            agent: cc.agent(),
            state: cc.agent_state(),
            state_list: cc.state_list(),
            interactions: cc.interactions(),
            tabs,
            selected,
            toasts,
            messages,
        }
    }
}

/// Tells the main UI to redraw.
pub fn notify_main_ui(app: &AppHandle) {
    let snapshot = app.state::<Desktop>().snapshot();
    if let Err(e) = app.emit_to(EventTarget::webview(MAIN_UI), CHANGED_EVENT, snapshot) {
        tracing::warn!("the main UI could not be told of a change: {e}");
    }
}

/// Runs the desktop until the agent closes it.
pub fn run(loaded: LoadedConfig, data_dir: Option<PathBuf>) -> Result<(), String> {
    let LoadedConfig { config, policy, web_contents, settings, scenario } = loaded;
    let contact_center = Arc::new(Simulator::new());
    let broker = Broker::new(policy.clone(), contact_center.clone(), config);
    let jwks = broker.jwks().map(|keys| keys.to_string());
    web_server::serve(&settings.web_root, &settings.web_ports, jwks).map_err(|e| e.to_string())?;
    tauri::Builder::default()
        .plugin(tauri_plugin_notification::init())
        .invoke_handler(commands::handler())
        .setup(move |app| {
            let data_dir = match data_dir {
                Some(dir) => dir,
                None => app.path().app_local_data_dir()?.join("webviews"),
            };
            let domain_events = contact_center.events();
            app.manage(Desktop {
                contact_center,
                policy,
                web_contents,
                data_dir,
                broker: Mutex::new(broker),
                frames: Mutex::new(Frames::default()),
                extensions: Mutex::new(Extensions::default()),
                toast_board: Mutex::new(ToastBoard::default()),
            });
            let handle = app.handle().clone();
            app.notification().on_action(move |performed| crate::toasts::button_pressed(&handle, performed.action_id()))?;
            open_main_window(app.handle())?;
            extensions::open_workspace_contents(app.handle());
            spawn_event_pump(app.handle().clone(), domain_events);
            spawn_clock(app.state::<Desktop>().contact_center.clone(), scenario);
            Ok(())
        })
        .run(tauri::generate_context!())
        .map_err(|e| format!("the desktop stopped: {e}"))
}

fn open_main_window(app: &AppHandle) -> tauri::Result<()> {
    let size = LogicalSize::new(1280.0, 800.0);
    let window = WindowBuilder::new(app, MAIN_WINDOW).title("AgentDeck").inner_size(size.width, size.height).build()?;
    window.add_child(
        WebviewBuilder::new(MAIN_UI, WebviewUrl::App("index.html".into())).auto_resize(),
        LogicalPosition::new(0.0, 0.0),
        size,
    )?;
    Ok(())
}

/// Moves the contact center's time on with the wall clock, playing the scenario if any;
/// a step the engine refuses is logged with its place in the scenario file.
fn spawn_clock(simulator: Arc<Simulator>, scenario: Option<Scenario>) {
    tauri::async_runtime::spawn(async move {
        let mut player = scenario.map(|s| {
            tracing::info!(scenario = %s.name, "playing scenario");
            ScenarioPlayer::start(s, &simulator)
        });
        let mut interval = tokio::time::interval(CLOCK_TICK);
        loop {
            interval.tick().await;
            match player.as_mut().filter(|p| !p.finished()) {
                Some(player) => {
                    for refused in player.advance(&simulator, CLOCK_TICK) {
                        tracing::warn!("scenario step refused: {refused}");
                    }
                }
                None => simulator.advance(CLOCK_TICK),
            }
        }
    });
}

/// Every contact-center event: to the subscribed frames, to per-interaction web content,
/// and to the main UI.
fn spawn_event_pump(app: AppHandle, mut events: tokio::sync::broadcast::Receiver<DomainEvent>) {
    tauri::async_runtime::spawn(async move {
        loop {
            match events.recv().await {
                Ok(event) => on_domain_event(&app, &event),
                Err(RecvError::Lagged(missed)) => tracing::error!(missed, "the event pump fell behind; events were lost"),
                Err(RecvError::Closed) => break,
            }
        }
    });
}

fn on_domain_event(app: &AppHandle, event: &DomainEvent) {
    if let DomainEvent::AgentStateChanged { state } = event {
        tracing::info!(state = %state.operation_name, "agent state changed");
    }
    let desktop = app.state::<Desktop>();
    let routed = desktop.broker().events_for(event);
    {
        let mut frames = desktop.frames();
        for (frame, message) in routed {
            frames.deliver(app, frame, std::slice::from_ref(&message));
        }
    }
    if let DomainEvent::Interaction { event_type, interaction } = event {
        match event_type {
            InteractionEventType::Added => extensions::open_interaction_contents(app, interaction),
            InteractionEventType::Removed => extensions::close_interaction_contents(app, &interaction.interaction_id),
            _ => {}
        }
    }
    notify_main_ui(app);
}
