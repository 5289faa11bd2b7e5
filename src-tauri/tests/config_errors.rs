//! A bad configuration is refused before any window opens: the process exits with status
//! 2 and names file:line:col and what was expected. (No display is needed: nothing of the
//! desktop starts.)

use std::path::PathBuf;
use std::process::Command;

fn write_config(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("agentdeck-config-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn run(config: &PathBuf, extra: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_agentdeck"))
        .arg("--config")
        .arg(config)
        .args(extra)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("the agentdeck binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_syntax_error_names_file_line_and_column_and_exits_2() {
    let config = write_config("syntax.toml", "[interaction-workspace]\n\"workspace.web-content\" = \n");
    let (code, _, stderr) = run(&config, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains(&format!("{}:2:", config.display())), "{stderr}");
}

#[test]
fn a_bad_mode_is_named_where_it_stands() {
    let config = write_config(
        "mode.toml",
        "[interaction-workspace]\n\"workspace.web-content\" = \"A\"\n[A]\nurl = \"http://127.0.0.1:1/\"\nmode = \"floating\"\n",
    );
    let (code, _, stderr) = run(&config, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains(&format!("{}:5:8: web content [A]: mode must be one of tab, popup, background, hidden; found `floating`", config.display())), "{stderr}");
}

#[test]
fn a_bad_origin_list_and_an_unknown_url_field_are_refused() {
    let origins = write_config(
        "origins.toml",
        "[interaction-workspace]\n\"service-client-api.accepted-web-content-origins\" = \"http://a (agent.*\"\n",
    );
    let (code, _, stderr) = run(&origins, &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains(":2:") && stderr.contains("never closed"), "{stderr}");

    let template = write_config(
        "template.toml",
        "[interaction-workspace]\n\"interaction.web-content\" = \"C\"\n[C]\nurl = \"http://crm/?x=$Interaction.Shoe$\"\n",
    );
    let (code, _, stderr) = run(&template, &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains(":4:7:") && stderr.contains("unknown field `$Interaction.Shoe$`"), "{stderr}");
}

#[test]
fn a_missing_file_is_named() {
    let (code, _, stderr) = run(&PathBuf::from("/nonexistent/agentdeck.toml"), &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("/nonexistent/agentdeck.toml") && stderr.contains("cannot read"), "{stderr}");
}

#[test]
fn the_shipped_configuration_is_accepted() {
    let shipped = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../config/agentdeck.toml"));
    let (code, stdout, stderr) = run(&shipped, &["--check-config"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("configuration accepted") && stdout.contains("[AgentConsole]"), "{stdout}");
}

#[test]
fn a_bad_scenario_is_refused_with_its_own_position() {
    let scenario = write_config("bad-scenario.toml", "name = \"x\"\n[[step]]\nat = 5\naction = \"teleport\"\n");
    let config = write_config(
        "with-scenario.toml",
        &format!("[agentdeck]\n\"simulator.scenario\" = \"{}\"\n", scenario.display()),
    );
    let (code, _, stderr) = run(&config, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains(&format!("{}:", scenario.display())) && stderr.contains("scenario:"), "{stderr}");
    assert!(stderr.contains("teleport"), "the refusal names the unknown action: {stderr}");
}
