//! Extension views: each configured web content becomes its own webview, with the bridge
//! injected, its own data folder, and a label (`ext-…`) that names its SCAPI frame and
//! scopes its capabilities. Tabs are child webviews laid over the main window's content
//! area and switched by the main UI's tab strip; popups are windows of their own;
//! background tabs load at once and show when opened; hidden ones never show.

use std::path::PathBuf;

use agentdeck_config::{WebContent, WebContentMode, WebContentScope};
use contact_center::{ContactCenter, Interaction};
use serde::Serialize;
use tauri::webview::PageLoadEvent;
use tauri::{AppHandle, LogicalPosition, LogicalSize, Manager, Url, WebviewBuilder, WebviewUrl, WebviewWindowBuilder};

use crate::desktop::{notify_main_ui, Desktop, MAIN_WINDOW};
use crate::url_template;

/// The bridge every extension's top-level document gets before its own scripts.
const BRIDGE_SCRIPT: &str = include_str!("../../ui/bridge.js");
/// The main UI's own view of `sendToMyMessage` toasts, selectable like a tab.
pub const MESSAGES_VIEW: &str = "my-messages";
/// Every extension webview label starts with this; the capability file matches it.
pub const EXTENSION_LABEL_PREFIX: &str = "ext-";

/// Where tab webviews sit in the main window, in logical pixels (the main UI reports it).
#[derive(Debug, Clone, Copy, PartialEq, serde::Deserialize)]
pub struct ContentArea {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Default for ContentArea {
    fn default() -> Self {
        ContentArea { x: 0.0, y: 112.0, width: 1280.0, height: 688.0 }
    }
}

/// One open extension view.
struct View {
    label: String,
    title: String,
    mode: WebContentMode,
    interaction: Option<String>,
}

/// A tab as the main UI shows it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TabInfo {
    pub label: String,
    pub title: String,
    pub mode: &'static str,
    pub interaction_id: Option<String>,
    pub selected: bool,
}

/// The open extension views and which tab shows.
#[derive(Default)]
pub struct Extensions {
    views: Vec<View>,
    selected: Option<String>,
    area: ContentArea,
}

impl Extensions {
    /// Tabs in strip order (tab and background views; popups and hidden ones have none).
    pub fn tabs(&self) -> Vec<TabInfo> {
        self.views
            .iter()
            .filter(|v| matches!(v.mode, WebContentMode::Tab | WebContentMode::Background))
            .map(|v| TabInfo {
                label: v.label.clone(),
                title: v.title.clone(),
                mode: v.mode.as_str(),
                interaction_id: v.interaction.clone(),
                selected: self.selected.as_deref() == Some(v.label.as_str()),
            })
            .collect()
    }

    /// The tab or built-in view selected.
    pub fn selected(&self) -> Option<String> {
        self.selected.clone()
    }

    fn is_tab(&self, label: &str) -> bool {
        self.views.iter().any(|v| v.label == label && matches!(v.mode, WebContentMode::Tab | WebContentMode::Background))
    }

    fn unique_label(&self, wanted: &str) -> String {
        let base: String = wanted.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect();
        let base = format!("{EXTENSION_LABEL_PREFIX}{base}");
        let mut label = base.clone();
        let mut n = 2;
        while self.views.iter().any(|v| v.label == label) {
            label = format!("{base}-{n}");
            n += 1;
        }
        label
    }
}

/// Opens every `workspace.web-content` entry.
pub fn open_workspace_contents(app: &AppHandle) {
    let desktop = app.state::<Desktop>();
    for content in desktop.web_contents.iter().filter(|c| c.scope == WebContentScope::Workspace) {
        if let Err(e) = open(app, content, None) {
            tracing::error!(content = %content.name, "web content did not open: {e}");
        }
    }
}

/// Opens every `interaction.web-content` entry for a new interaction.
pub fn open_interaction_contents(app: &AppHandle, interaction: &Interaction) {
    let desktop = app.state::<Desktop>();
    for content in desktop.web_contents.iter().filter(|c| c.scope == WebContentScope::Interaction) {
        if let Err(e) = open(app, content, Some(interaction)) {
            tracing::error!(content = %content.name, interaction = %interaction.interaction_id, "web content did not open: {e}");
        }
    }
}

/// Closes the web content of an interaction that was marked done.
pub fn close_interaction_contents(app: &AppHandle, interaction_id: &str) {
    let desktop = app.state::<Desktop>();
    let closing: Vec<String> = {
        let mut extensions = desktop.extensions();
        let labels: Vec<String> = extensions
            .views
            .iter()
            .filter(|v| v.interaction.as_deref() == Some(interaction_id))
            .map(|v| v.label.clone())
            .collect();
        extensions.views.retain(|v| !labels.contains(&v.label));
        if extensions.selected.as_ref().is_some_and(|s| labels.contains(s)) {
            extensions.selected = None;
        }
        labels
    };
    for label in &closing {
        if let Some(frame) = desktop.frames().remove(label) {
            let closed_toasts = desktop.broker().close_frame(frame);
            crate::toasts::apply(app, closed_toasts);
        }
        if let Some(webview) = app.get_webview(label) {
            let closed = match app.get_webview_window(label) {
                Some(window) => window.close(),
                None => webview.close(),
            };
            if let Err(e) = closed {
                tracing::warn!(%label, "could not close the view: {e}");
            }
        }
    }
    if !closing.is_empty() {
        select_first_tab_if_none(app);
    }
}

fn open(app: &AppHandle, content: &WebContent, interaction: Option<&Interaction>) -> Result<(), String> {
    let desktop = app.state::<Desktop>();
    let filled = url_template::fill(&content.url_template, &desktop.contact_center.agent(), interaction, |key| {
        desktop.policy.may_read_user_data(key)
    })?;
    let url = Url::parse(&filled).map_err(|e| format!("`{filled}` is not a URL: {e}"))?;
    let (label, title, area) = {
        let extensions = desktop.extensions();
        let (wanted, title) = match interaction {
            Some(i) => (format!("{}-{}", content.name, i.interaction_id), format!("{} · {}", content.label, i.interaction_id)),
            None => (content.name.clone(), content.label.clone()),
        };
        (extensions.unique_label(&wanted), title, extensions.area)
    };
    let frame = desktop.broker().open_frame();
    desktop.frames().register(&label, frame);
    let data_dir = storage_folder(&desktop, &label);
    tracing::info!(%label, frame, %url, mode = content.mode.as_str(), "opening extension");

    let created = match content.mode {
        WebContentMode::Popup => create_popup(app, &label, &title, url, data_dir),
        mode => create_child(app, &label, url, data_dir, area, mode == WebContentMode::Tab),
    };
    if let Err(e) = created {
        desktop.frames().remove(&label);
        desktop.broker().close_frame(frame);
        return Err(e);
    }
    let select = content.mode == WebContentMode::Tab;
    desktop.extensions().views.push(View {
        label: label.clone(),
        title,
        mode: content.mode,
        interaction: interaction.map(|i| i.interaction_id.clone()),
    });
    if select {
        select_tab(app, &label)?;
    } else {
        select_first_tab_if_none(app);
    }
    Ok(())
}

/// A new document in a frame: its old subscriptions end.
fn on_page_load(app: &AppHandle, label: &str, event: PageLoadEvent) {
    if event == PageLoadEvent::Started {
        let desktop = app.state::<Desktop>();
        let frame = desktop.frames().id_of(label);
        if let Some(frame) = frame {
            desktop.broker().reset_frame(frame);
        }
    }
}

/// The extension's own storage folder, or `None` under WebDriver automation: WebKitGTK lets
/// one web context be automated, a webview with its own folder has its own context, and
/// tauri-driver would not see it. Tests therefore run with shared storage (logged once).
fn storage_folder(desktop: &Desktop, label: &str) -> Option<PathBuf> {
    if std::env::var("TAURI_WEBVIEW_AUTOMATION").as_deref() == Ok("true") {
        static WARNED: std::sync::Once = std::sync::Once::new();
        WARNED.call_once(|| tracing::warn!("under WebDriver automation extensions share storage (one automatable web context)"));
        return None;
    }
    Some(desktop.data_dir.join(label))
}

fn create_child(
    app: &AppHandle,
    label: &str,
    url: Url,
    data_dir: Option<PathBuf>,
    area: ContentArea,
    visible: bool,
) -> Result<(), String> {
    let window = app.get_window(MAIN_WINDOW).ok_or("the main window is gone")?;
    let handle = app.clone();
    let mut builder = WebviewBuilder::new(label, WebviewUrl::External(url)).initialization_script(BRIDGE_SCRIPT);
    if let Some(dir) = data_dir {
        builder = builder.data_directory(dir);
    }
    let builder = builder.on_page_load(move |webview, payload| on_page_load(&handle, webview.label(), payload.event()));
    let webview = window
        .add_child(builder, LogicalPosition::new(area.x, area.y), LogicalSize::new(area.width, area.height))
        .map_err(|e| e.to_string())?;
    if !visible {
        webview.hide().map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn create_popup(app: &AppHandle, label: &str, title: &str, url: Url, data_dir: Option<PathBuf>) -> Result<(), String> {
    let handle = app.clone();
    let mut builder = WebviewWindowBuilder::new(app, label, WebviewUrl::External(url))
        .title(format!("{title} — AgentDeck"))
        .inner_size(900.0, 700.0)
        .initialization_script(BRIDGE_SCRIPT);
    if let Some(dir) = data_dir {
        builder = builder.data_directory(dir);
    }
    builder
        .on_page_load(move |window, payload| on_page_load(&handle, window.label(), payload.event()))
        .build()
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Shows the tab `label` and hides the other tabs.
pub fn select_tab(app: &AppHandle, label: &str) -> Result<(), String> {
    let desktop = app.state::<Desktop>();
    let tab_labels: Vec<String> = {
        let mut extensions = desktop.extensions();
        if !extensions.is_tab(label) && label != MESSAGES_VIEW {
            return Err(format!("no tab is called `{label}`"));
        }
        extensions.selected = Some(label.to_owned());
        extensions.tabs().into_iter().map(|t| t.label).collect()
    };
    for other in &tab_labels {
        if let Some(webview) = app.get_webview(other) {
            let shown = if other == label { webview.show() } else { webview.hide() };
            if let Err(e) = shown {
                tracing::warn!(label = %other, "could not switch the tab: {e}");
            }
        }
    }
    apply_layout(app);
    notify_main_ui(app);
    Ok(())
}

fn select_first_tab_if_none(app: &AppHandle) {
    let first = {
        let desktop = app.state::<Desktop>();
        let extensions = desktop.extensions();
        match extensions.selected {
            Some(_) => None,
            None => extensions.tabs().into_iter().find(|t| t.mode == "tab").map(|t| t.label),
        }
    };
    match first {
        Some(label) => {
            if let Err(e) = select_tab(app, &label) {
                tracing::warn!("{e}");
            }
        }
        None => {
            apply_layout(app);
            notify_main_ui(app);
        }
    }
}

/// Records where the main UI's content area is, and lays the tabs out there.
pub fn set_content_area(app: &AppHandle, area: ContentArea) {
    let changed = {
        let desktop = app.state::<Desktop>();
        let mut extensions = desktop.extensions();
        let changed = extensions.area != area;
        extensions.area = area;
        changed
    };
    if changed {
        apply_layout(app);
    }
}

/// Puts every tab webview in the content area and sizes the main UI around it.
fn apply_layout(app: &AppHandle) {
    let desktop = app.state::<Desktop>();
    let (area, labels, tab_visible) = {
        let extensions = desktop.extensions();
        let labels: Vec<String> =
            extensions.views.iter().filter(|v| v.mode != WebContentMode::Popup).map(|v| v.label.clone()).collect();
        let tab_visible = extensions.selected.as_deref().is_some_and(|s| extensions.is_tab(s));
        (extensions.area, labels, tab_visible)
    };
    for label in labels {
        if let Some(webview) = app.get_webview(&label) {
            let moved = webview
                .set_position(LogicalPosition::new(area.x, area.y))
                .and_then(|_| webview.set_size(LogicalSize::new(area.width, area.height)));
            if let Err(e) = moved {
                tracing::warn!(%label, "could not lay out the view: {e}");
            }
        }
    }
    #[cfg(target_os = "linux")]
    crate::gtk_layout::pack_main_ui(app, area.y, tab_visible);
    #[cfg(not(target_os = "linux"))]
    let _ = tab_visible;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_safe_and_unique() {
        let mut e = Extensions::default();
        assert_eq!(e.unique_label("My CRM"), "ext-My_CRM");
        e.views.push(View { label: "ext-My_CRM".into(), title: "x".into(), mode: WebContentMode::Tab, interaction: None });
        assert_eq!(e.unique_label("My CRM"), "ext-My_CRM-2");
    }

    #[test]
    fn tabs_are_tab_and_background_views_only() {
        let mut e = Extensions::default();
        for (label, mode) in [
            ("ext-a", WebContentMode::Tab),
            ("ext-b", WebContentMode::Popup),
            ("ext-c", WebContentMode::Background),
            ("ext-d", WebContentMode::Hidden),
        ] {
            e.views.push(View { label: label.into(), title: label.into(), mode, interaction: None });
        }
        e.selected = Some("ext-c".into());
        let tabs = e.tabs();
        assert_eq!(tabs.iter().map(|t| t.label.as_str()).collect::<Vec<_>>(), ["ext-a", "ext-c"]);
        assert!(tabs[1].selected && !tabs[0].selected);
        assert!(e.is_tab("ext-a") && !e.is_tab("ext-b") && !e.is_tab("ext-d"));
    }
}
