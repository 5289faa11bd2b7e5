//! Builds the Tauri context and the app's ACL manifest: every command gets an `allow-…`
//! permission, so a webview reaches only the commands its capability grants.
fn main() {
    let commands = &[
        "scapi_request",
        "ui_snapshot",
        "ui_set_agent_state",
        "ui_select_tab",
        "ui_layout",
        "ui_simulate_inbound_call",
        "ui_interaction_action",
        "ui_toast_button",
    ];
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(commands)),
    )
    .expect("the Tauri build step failed");
}
