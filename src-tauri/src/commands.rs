//! The IPC commands. Extension webviews reach exactly one, [`scapi_request`] (the
//! capability files scope that by webview label); the main UI has its own `ui_*` commands.
//! `scapi_request` decides who is calling from the engine alone: the frame from the calling
//! webview's label, the origin from that webview's current URL, checked against the
//! `Origin` the engine put on the IPC request. Nothing the page sends names who it is.

use contact_center::ContactCenter;
use scapi::{wire, Origin};
use serde::Deserialize;
use serde_json::{Map, Value};
use tauri::ipc::Invoke;
use tauri::{AppHandle, State, Webview};

use crate::desktop::{Desktop, Snapshot};
use crate::extensions::{self, ContentArea};
use crate::frames::DocumentCheck;

pub fn handler() -> impl Fn(Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        scapi_request,
        ui_snapshot,
        ui_set_agent_state,
        ui_select_tab,
        ui_layout,
        ui_simulate_inbound_call,
        ui_interaction_action,
        ui_toast_button
    ]
}

/// What the bridge sends: a hello from a new document, or a client-library message.
#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Envelope {
    Hello {
        document: String,
    },
    #[serde(rename_all = "camelCase")]
    Message {
        document: String,
        message: Value,
        /// The target origin the page named; for diagnostics only.
        #[serde(default)]
        target_origin: Option<String>,
        #[serde(default)]
        via: Option<String>,
    },
}

impl Envelope {
    fn document(&self) -> &str {
        match self {
            Envelope::Hello { document } | Envelope::Message { document, .. } => document,
        }
    }
}

/// The one entry for extension requests.
#[tauri::command]
fn scapi_request(
    app: AppHandle,
    webview: Webview,
    request: tauri::ipc::Request<'_>,
    envelope: Envelope,
    desktop: State<'_, Desktop>,
) -> Result<(), String> {
    let label = webview.label().to_owned();
    let frame = desktop.frames().id_of(&label).ok_or_else(|| format!("`{label}` is not an extension frame"))?;
    let url = webview.url().map_err(|e| format!("the engine did not report the page's URL: {e}"))?;
    let origin = Origin::of_url(&url);
    if let Some(caller) = request.headers().get("Origin") {
        // The engine sets this header to the origin of the document that made the call.
        let caller = caller.to_str().ok().and_then(|c| Origin::parse(c).ok());
        if caller != origin {
            tracing::warn!(%label, ?caller, page = ?origin, "refused: the call did not come from the extension's page");
            return Err("refused: the call did not come from the extension's top-level page".into());
        }
    }
    let check = desktop.frames().check_document(&label, envelope.document());
    match check {
        Some(DocumentCheck::Retired) | None => return Err("refused: that page is no longer loaded".into()),
        Some(DocumentCheck::New) => {
            desktop.broker().reset_frame(frame);
            desktop.frames().deliver(&app, frame, &[wire::frame_id(frame)]);
        }
        Some(DocumentCheck::Current) => {}
    }
    if let Envelope::Message { message, target_origin, via, .. } = envelope {
        let handled = desktop.broker().handle(frame, origin.as_ref(), &message);
        let (allowed, rule) = match &handled.decision {
            Some(d) => (Some(d.allowed), d.rule.as_str()),
            None => (None, ""),
        };
        tracing::info!(
            %label, frame, origin = origin.as_ref().map(Origin::as_str).unwrap_or("none"),
            request = %handled.request, ?allowed, rule, target_origin = target_origin.as_deref().unwrap_or(""),
            via = via.as_deref().unwrap_or(""), "scapi"
        );
        desktop.frames().deliver(&app, frame, &handled.answers);
        crate::toasts::apply(&app, handled.toast_changes);
    }
    Ok(())
}

/// The agent pressed a button of a toast shown inside the desktop (`key` as the toast's
/// notification actions name it: `toast-N|index`, `|show`, `|dismiss`, `|ok`).
#[tauri::command]
fn ui_toast_button(app: AppHandle, key: String) {
    tauri::async_runtime::spawn_blocking(move || crate::toasts::button_pressed(&app, &key));
}

#[tauri::command]
fn ui_snapshot(desktop: State<'_, Desktop>) -> Snapshot {
    desktop.snapshot()
}

#[tauri::command]
fn ui_set_agent_state(operation_name: String, desktop: State<'_, Desktop>) -> Result<(), String> {
    desktop.contact_center.set_agent_state(&operation_name).map(|_| ()).map_err(|e| e.to_string())
}

#[tauri::command]
fn ui_select_tab(app: AppHandle, label: String) -> Result<(), String> {
    extensions::select_tab(&app, &label)
}

#[tauri::command]
fn ui_layout(app: AppHandle, area: ContentArea) {
    extensions::set_content_area(&app, area);
}

#[tauri::command]
fn ui_simulate_inbound_call(ani: String, desktop: State<'_, Desktop>) -> String {
    let mut user_data = Map::new();
    user_data.insert("Source".into(), "AgentDeck simulator".into());
    desktop.contact_center.inbound_call(&ani, user_data).interaction_id
}

/// The agent acts on an interaction from the main UI: `capability` is one of the
/// interaction's capabilities (the buttons the main UI shows are exactly those).
#[tauri::command]
fn ui_interaction_action(interaction_id: String, capability: String, desktop: State<'_, Desktop>) -> Result<(), String> {
    let cc = &*desktop.contact_center;
    let id = interaction_id.as_str();
    let done = match capability.as_str() {
        "ANSWER" => cc.answer(id).map(drop),
        "REJECT" => cc.reject(id).map(drop),
        "HANGUP" => cc.release(id).map(drop),
        "HOLD" => cc.hold(id).map(drop),
        "RESUME" => cc.resume(id).map(drop),
        "ACCEPT" => cc.accept(id).map(drop),
        "END" => cc.end_chat(id).map(drop),
        "SEND" => cc.send_email(id).map(drop),
        "CANCEL" => cc.cancel_email(id).map(drop),
        "CALL" => cc.call_preview_record(id).map(drop),
        "REJECT_RECORD" => cc.reject_record(id).map(drop),
        "CANCEL_RECORD" => cc.cancel_record(id).map(drop),
        "MARK_DONE" => cc.mark_done(id),
        other => return Err(format!("the main UI has no action for capability `{other}`")),
    };
    done.map_err(|e| e.to_string())
}
