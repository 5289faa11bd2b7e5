//! Toasts on screen. A toast an extension raises (`system.popupToast`) becomes an OS
//! notification through tauri-plugin-notification when the session has a notification
//! server, so the agent sees it even with the desktop minimized; where there is none (or it
//! refuses), it shows inside the desktop instead, with the same buttons, ids and events.
//! Text is sent as text (escaped where the server would read markup); icons are fetched
//! only over http(s), size-limited, and a failed fetch shows the toast without one.

use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

use scapi::toasts::{ShownButton, Toast, ToastChange};
use scapi::FrameId;
use serde::Serialize;
use tauri::{AppHandle, Manager};
use tauri_plugin_notification::{Action, ActionType, NotificationExt};

use crate::desktop::{notify_main_ui, Desktop, MAIN_WINDOW};

const NOTIFICATIONS: &str = "org.freedesktop.Notifications";
const NOTIFICATIONS_PATH: &str = "/org/freedesktop/Notifications";
/// The largest icon fetched.
const ICON_BYTES_LIMIT: u64 = 512 * 1024;
const ICON_FETCH_TIMEOUT: Duration = Duration::from_secs(3);

/// A toast shown inside the desktop (no notification server), as the main UI draws it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InDesktopToast {
    pub id: String,
    pub title: String,
    pub text: String,
    pub buttons: Vec<ShownButton>,
}

/// An entry of the desktop's message panel (`sendToMyMessage`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MyMessage {
    pub title: String,
    pub subject: Option<String>,
    pub message: Option<String>,
    pub icon_url: Option<String>,
    pub key_values: Vec<(String, String)>,
}

#[derive(Debug, Clone, Copy)]
struct Shown {
    frame: FrameId,
    /// Bumped on every update, so an old notification's close does not end the new one.
    generation: u64,
    on_os: bool,
}

/// The toasts on screen and the message panel.
#[derive(Default)]
pub struct ToastBoard {
    shown: HashMap<String, Shown>,
    in_desktop: Vec<InDesktopToast>,
    messages: Vec<MyMessage>,
}

impl ToastBoard {
    pub fn in_desktop(&self) -> Vec<InDesktopToast> {
        self.in_desktop.clone()
    }

    pub fn messages(&self) -> Vec<MyMessage> {
        self.messages.clone()
    }
}

/// What the broker decided about toasts, put on screen (off the calling thread).
pub fn apply(app: &AppHandle, changes: Vec<ToastChange>) {
    if changes.is_empty() {
        return;
    }
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        for change in changes {
            match change {
                ToastChange::Show { id, frame, toast } | ToastChange::Update { id, frame, toast } => show(&app, &id, frame, &toast),
                ToastChange::Close { id } => take_down(&app, &id),
            }
        }
    });
}

/// The first and plain-text part of a toast: its title and the rest as lines.
fn title_and_text(toast: &Toast) -> (String, String) {
    let title = if toast.title.is_empty() { toast.subject.clone().unwrap_or_else(|| "AgentDeck".into()) } else { toast.title.clone() };
    let mut lines = Vec::new();
    if !toast.title.is_empty() {
        lines.extend(toast.subject.clone());
    }
    lines.extend(toast.message.clone());
    lines.extend(toast.key_values.iter().map(|(k, v)| format!("{k}: {v}")));
    (title, lines.join("\n"))
}

/// `&`, `<` and `>` as entities, for servers that would read the body as markup.
fn escape_markup(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn plugin_id(toast_id: &str) -> i32 {
    toast_id.rsplit('-').next().and_then(|n| n.parse().ok()).unwrap_or(0)
}

fn action_key(toast_id: &str, button: &ShownButton) -> String {
    match button.index {
        Some(index) => format!("{toast_id}|{index}"),
        None => format!("{toast_id}|{}", button.label.to_lowercase()),
    }
}

fn show(app: &AppHandle, id: &str, frame: FrameId, toast: &Toast) {
    let desktop = app.state::<Desktop>();
    let generation = {
        let mut board = desktop.toast_board();
        let generation = board.shown.get(id).map(|s| s.generation + 1).unwrap_or(0);
        let was_new = !board.shown.contains_key(id);
        board.shown.insert(id.to_owned(), Shown { frame, generation, on_os: false });
        if was_new && toast.send_to_my_message {
            board.messages.push(MyMessage {
                title: toast.title.clone(),
                subject: toast.subject.clone(),
                message: toast.message.clone(),
                icon_url: toast.icon_url.clone(),
                key_values: toast.key_values.clone(),
            });
        }
        board.in_desktop.retain(|t| t.id != id);
        generation
    };
    let (title, text) = title_and_text(toast);
    let shown_on_os = match notification_server() {
        Some(capabilities) => show_on_os(app, id, toast, &title, &text, &capabilities, generation),
        None => false,
    };
    {
        let mut board = desktop.toast_board();
        if let Some(shown) = board.shown.get_mut(id) {
            shown.on_os = shown_on_os;
        }
        if !shown_on_os {
            board.in_desktop.push(InDesktopToast { id: id.to_owned(), title, text, buttons: toast.shown_buttons() });
        }
    }
    tracing::info!(toast = id, frame, on = if shown_on_os { "notification server" } else { "desktop" }, "toast shown");
    notify_main_ui(app);
    if toast.auto_close_timeout > 0 {
        let (app, id) = (app.clone(), id.to_owned());
        let after = Duration::from_millis(toast.auto_close_timeout);
        tauri::async_runtime::spawn(async move {
            tokio::time::sleep(after).await;
            let current = app.state::<Desktop>().toast_board().shown.get(&id).map(|s| s.generation);
            if current == Some(generation) {
                // The plugin's D-Bus calls block: never on a runtime worker.
                tauri::async_runtime::spawn_blocking(move || finish(&app, &id));
            }
        });
    }
}

fn show_on_os(app: &AppHandle, id: &str, toast: &Toast, title: &str, text: &str, capabilities: &[String], generation: u64) -> bool {
    let notifications = app.notification();
    let actions = toast
        .shown_buttons()
        .iter()
        .map(|b| Action::builder(action_key(id, b), b.label.clone()).build())
        .collect();
    if let Err(e) = notifications.register_action_types(vec![ActionType::builder(id).actions(actions).build()]) {
        tracing::warn!(toast = id, "the toast's buttons could not be registered: {e}");
        return false;
    }
    let body = if capabilities.iter().any(|c| c == "body-markup") { escape_markup(text) } else { text.to_owned() };
    let number = plugin_id(id);
    let _ = notifications.remove_active(vec![number]);
    let mut builder = notifications.builder().id(number).title(title).body(body).action_type_id(id);
    if let Some(icon) = toast.icon_url.as_deref().and_then(|url| fetch_icon(app, id, url)) {
        builder = builder.icon(icon.display().to_string());
    }
    let (handle, toast_id) = (app.clone(), id.to_owned());
    builder = builder.on_close(move || {
        let current = handle.state::<Desktop>().toast_board().shown.get(&toast_id).map(|s| s.generation);
        if current == Some(generation) {
            finish(&handle, &toast_id);
        }
    });
    match builder.show() {
        Ok(()) => true,
        Err(e) => {
            tracing::warn!(toast = id, "the notification server refused the toast: {e}");
            false
        }
    }
}

/// The capabilities of the session's notification server, or `None` when there is none.
fn notification_server() -> Option<Vec<String>> {
    static BUS: OnceLock<Option<zbus::blocking::Connection>> = OnceLock::new();
    let connection = BUS.get_or_init(|| zbus::blocking::Connection::session().ok()).as_ref()?;
    let reply = connection
        .call_method(Some(NOTIFICATIONS), NOTIFICATIONS_PATH, Some(NOTIFICATIONS), "GetCapabilities", &())
        .ok()?;
    reply.body().deserialize::<Vec<String>>().ok()
}

/// Fetches a toast's icon into the icons folder; `None` (logged) when it cannot be had.
fn fetch_icon(app: &AppHandle, id: &str, url: &str) -> Option<PathBuf> {
    match download_icon(url, ICON_BYTES_LIMIT) {
        Ok(bytes) => {
            let folder = app.state::<Desktop>().data_dir.join("toast-icons");
            let file = folder.join(id);
            std::fs::create_dir_all(&folder).and_then(|_| std::fs::write(&file, bytes)).ok()?;
            Some(file)
        }
        Err(e) => {
            tracing::warn!(toast = id, url, "toast shown without its icon: {e}");
            None
        }
    }
}

/// Downloads `url` over http or https only (never `file:`, `javascript:`, `data:`), at most
/// `limit` bytes, within [`ICON_FETCH_TIMEOUT`].
fn download_icon(url: &str, limit: u64) -> Result<Vec<u8>, String> {
    let parsed = url::Url::parse(url).map_err(|e| format!("`{url}` is not a URL: {e}"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!("only http and https icons are fetched, not {}:", parsed.scheme()));
    }
    let agent: ureq::Agent = ureq::Agent::config_builder().timeout_global(Some(ICON_FETCH_TIMEOUT)).build().into();
    let response = agent.get(url).call().map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    response.into_body().into_reader().take(limit + 1).read_to_end(&mut bytes).map_err(|e| e.to_string())?;
    if bytes.len() as u64 > limit {
        return Err(format!("the icon is larger than {limit} bytes"));
    }
    Ok(bytes)
}

/// Takes a toast off the screen (the broker already knows it is closed).
fn take_down(app: &AppHandle, id: &str) {
    let desktop = app.state::<Desktop>();
    let shown = {
        let mut board = desktop.toast_board();
        board.in_desktop.retain(|t| t.id != id);
        board.shown.remove(id)
    };
    if shown.is_some_and(|s| s.on_os) {
        let _ = app.notification().remove_active(vec![plugin_id(id)]);
    }
    notify_main_ui(app);
}

/// The agent, a button or the timeout closed the toast: off the screen, and the broker
/// forgets it.
fn finish(app: &AppHandle, id: &str) {
    tracing::info!(toast = id, "toast closed");
    take_down(app, id);
    app.state::<Desktop>().broker().toast_closed(id);
}

/// A button of a toast was pressed (`key` is `toast-N|index`, or `|show`, `|dismiss`, `|ok`).
/// It blocks on D-Bus, so it runs on the plugin's signal thread (which also keeps a press
/// ahead of the server's NotificationClosed that follows it) or on a blocking thread.
pub fn button_pressed(app: &AppHandle, key: &str) {
    tracing::info!(key, "toast button pressed");
    let Some((id, button)) = key.split_once('|') else { return };
    let desktop = app.state::<Desktop>();
    let frame = desktop.toast_board().shown.get(id).map(|s| s.frame);
    let Some(frame) = frame else { return };
    match button.parse::<usize>() {
        Ok(index) => {
            let click = desktop.broker().toast_button_clicked(id, index);
            if let Some((frame, event)) = click {
                desktop.frames().deliver(app, frame, &[event]);
            }
        }
        Err(_) if button == "show" => bring_forward(app, frame),
        Err(_) => {}
    }
    finish(app, id);
}

/// Shows the extension of `frame`: selects its tab or raises its window, and the desktop.
fn bring_forward(app: &AppHandle, frame: FrameId) {
    let label = app.state::<Desktop>().frames().label_of(frame);
    let Some(label) = label else { return };
    if let Some(window) = app.get_webview_window(&label) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
        return;
    }
    if let Err(e) = crate::extensions::select_tab(app, &label) {
        tracing::info!(%label, "Show: {e}");
    }
    if let Some(window) = app.get_window(MAIN_WINDOW) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_is_title_then_subject_message_and_key_values() {
        let toast = Toast::from_parameters(&json!({"title": "Callback", "subject": "Ada", "message": "Call <b>now</b>", "keyValues": {"Account": "8812"}})).unwrap();
        let (title, text) = title_and_text(&toast);
        assert_eq!(title, "Callback");
        assert_eq!(text, "Ada\nCall <b>now</b>\nAccount: 8812");
        assert_eq!(escape_markup(&text), "Ada\nCall &lt;b&gt;now&lt;/b&gt;\nAccount: 8812");
        let untitled = Toast::from_parameters(&json!({"subject": "S"})).unwrap();
        assert_eq!(title_and_text(&untitled).0, "S");
    }

    #[test]
    fn icons_come_over_http_only_and_within_the_limit() {
        for refused in ["file:///etc/passwd", "javascript:alert(1)", "data:image/png;base64,AAAA", "ftp://x/i.png"] {
            assert!(download_icon(refused, 1024).unwrap_err().contains("only http and https"), "{refused}");
        }
        let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
        let port = server.server_addr().to_ip().unwrap().port();
        std::thread::spawn(move || {
            for request in server.incoming_requests().take(2) {
                let size = if request.url() == "/big.png" { 4096 } else { 100 };
                let _ = request.respond(tiny_http::Response::from_data(vec![7u8; size]));
            }
        });
        assert_eq!(download_icon(&format!("http://127.0.0.1:{port}/small.png"), 1024).unwrap().len(), 100);
        assert!(download_icon(&format!("http://127.0.0.1:{port}/big.png"), 1024).unwrap_err().contains("larger than 1024"));
        assert!(download_icon("http://127.0.0.1:1/nothing.png", 1024).is_err(), "a failed fetch is an error, not a panic");
    }

    #[test]
    fn action_keys_carry_the_toast_and_the_page_index() {
        let toast = Toast::from_parameters(&json!({"title": "t", "buttons": ["A", "B"]})).unwrap();
        let keys: Vec<_> = toast.shown_buttons().iter().map(|b| action_key("toast-7", b)).collect();
        assert_eq!(keys, ["toast-7|1", "toast-7|0"]);
        assert_eq!(plugin_id("toast-7"), 7);
        let ok = Toast::from_parameters(&json!({"title": "t"})).unwrap();
        assert_eq!(action_key("toast-2", &ok.shown_buttons()[0]), "toast-2|ok");
    }
}
