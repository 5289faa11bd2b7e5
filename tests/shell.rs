//! End-to-end tests of the desktop shell: the real AgentDeck under Xvfb, driven over
//! WebDriver (tauri-driver), each webview its own window handle. One desktop serves all
//! the tests, run one at a time; see harness.rs for what the test configuration declares.

mod harness;
mod notification_server;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use fantoccini::Locator;
use harness::Desktop;
use notification_server::{NotificationServer, Notified};
use libtest_mimic::{Arguments, Trial};
use serde_json::{json, Value};

type TestFuture<'a> = Pin<Box<dyn Future<Output = ()> + 'a>>;
type TestFn = for<'a> fn(&'a Desktop) -> TestFuture<'a>;

fn error_message(answer: &Value) -> &str {
    answer["message"]["errorMessage"].as_str().unwrap_or_else(|| panic!("no errorMessage in {answer}"))
}

fn has_agent_event(events: &Value, media_state: &str) -> bool {
    events.as_array().is_some_and(|all| {
        all.iter().any(|e| e["event"] == "agent" && e["data"]["eventType"] == "STATE_CHANGED" && e["data"]["mediaState"] == media_state)
    })
}

/// 1. An accepted origin reads the agent and the state list, sets the state by operation
///    name and by index, and hears STATE_CHANGED, also for a click in the main UI. Its
///    library names a foreign target origin, as pages in the field do.
fn accepted_origin_gets_the_agent_sets_states_and_hears_changes(d: &Desktop) -> TestFuture<'_> {
    Box::pin(async move {
        d.switch_to("name=accepted").await;
        let ready = d.wait_ready().await;
        assert_eq!(ready["ok"], true, "agent.get failed: {ready}");
        let agent = &ready["message"]["data"];
        for field in ["username", "firstname", "lastname", "employeeId"] {
            assert!(agent[field].is_string(), "agent.get lacks {field}: {agent}");
        }
        assert_eq!(ready["message"]["referenceId"].as_str().map(|r| r.parse::<u64>().is_ok()), Some(true));

        let list = d.call("agent.getStateList", json!([])).await;
        let states = list["message"]["data"].as_array().unwrap_or_else(|| panic!("no state list: {list}")).clone();
        assert!(states.iter().all(|s| s["type"].is_string() && s["displayName"].is_string() && s["operationName"].is_string()));
        let break_index = states.iter().position(|s| s["operationName"] == "NotReadyBreak").expect("a break state");

        let by_name = d.call("agent.setState", json!(["Ready"])).await;
        assert_eq!(by_name["ok"], true, "{by_name}");
        d.poll("probe.events", |e| has_agent_event(e, "READY")).await;

        let by_index = d.call("agent.setState", json!([break_index])).await;
        assert_eq!(by_index["ok"], true, "{by_index}");
        let events = d.poll("probe.events", |e| has_agent_event(e, "NOT_READY_ACTION_CODE")).await;
        let with_reason = events
            .as_array()
            .and_then(|all| all.iter().find(|e| e["data"]["mediaState"] == "NOT_READY_ACTION_CODE"))
            .cloned()
            .unwrap_or_default();
        assert_eq!((with_reason["data"]["reason"].as_str(), with_reason["data"]["reasonCode"].as_str()), (Some("Break"), Some("1511")));
        let state = d.call("agent.getState", json!([])).await;
        assert_eq!(state["message"]["data"]["operationName"], "NotReadyBreak");

        d.switch_to("tauri://localhost").await;
        d.client.find(Locator::Css("button[data-state='Dnd']")).await.expect("the main UI's DND button").click().await.expect("click");
        d.switch_to("name=accepted").await;
        d.poll("probe.events", |e| has_agent_event(e, "DND_ON")).await;
    })
}

/// 2. An origin that is not accepted is told so at once, not by a timeout.
fn unaccepted_origin_gets_an_error_answer_within_a_second(d: &Desktop) -> TestFuture<'_> {
    Box::pin(async move {
        d.switch_to("name=unaccepted").await;
        let ready = d.wait_ready().await;
        assert_eq!(ready["ok"], false);
        let answer = d.call("agent.get", json!([])).await;
        assert_eq!(answer["ok"], false, "{answer}");
        assert!(error_message(&answer).contains("not accepted"), "{answer}");
        let ms = answer["ms"].as_f64().expect("elapsed time");
        assert!(ms < 1000.0, "the refusal took {ms} ms");
        let services = d.call("system.getAllowedServices", json!([])).await;
        assert!(error_message(&services).contains("not accepted"), "{services}");
    })
}

/// 3. An origin accepted only for voice.dial: agent.get refused, and getAllowedServices
///    lists voice.dial alone.
fn dial_only_origin_is_refused_agent_get_and_lists_only_voice_dial(d: &Desktop) -> TestFuture<'_> {
    Box::pin(async move {
        d.switch_to("name=dial-only").await;
        let ready = d.wait_ready().await;
        assert_eq!(ready["ok"], false, "agent.get must be refused: {ready}");
        assert!(error_message(&ready).contains("'agent.get' is not allowed"), "{ready}");
        let services = d.call("system.getAllowedServices", json!([])).await;
        assert_eq!(services["ok"], true, "{services}");
        assert_eq!(services["message"]["data"], json!(["voice.dial"]));
    })
}

/// 4. A cross-origin iframe inside an accepted extension: its posts to the parent and its
///    attempts at Tauri's IPC execute nothing, and no answer reaches it.
fn nested_iframe_is_never_the_extension(d: &Desktop) -> TestFuture<'_> {
    Box::pin(async move {
        d.switch_to("iframe-host.html").await;
        assert_eq!(d.wait_ready().await["ok"], true, "the host page itself is accepted");
        d.client.enter_frame(0).await.expect("enter the nested frame");
        // The frame's own library call settles only by its 10 s timeout: no answer came.
        let report = d.poll("window.report", |r| !r["attempts"]["library"].is_null()).await;
        d.client.enter_parent_frame().await.expect("leave the nested frame");
        assert_eq!(report["answers"], json!([]), "an answer reached the nested frame: {report}");
        assert_eq!(report["attempts"]["library"], "Request timeout", "{report}");
        assert_eq!(report["attempts"]["internals"], "undefined", "Tauri's IPC object is in the frame: {report}");
        assert!(!report["attempts"]["fetch"].as_str().unwrap_or("").starts_with("status 2"), "the IPC fetch succeeded: {report}");
        let state = d.call("agent.getState", json!([])).await;
        assert_ne!(state["message"]["data"]["operationName"], "NotReadyMeeting", "the frame's request was executed");
        let seen = d.run("return window.seenByPage;").await;
        let leaked = seen.as_array().into_iter().flatten().any(|m| m["userAgent"].as_str().is_some_and(|u| u.contains("WWE Client")));
        assert!(!leaked, "a client-library message reached the page's listeners: {seen}");
    })
}

/// 5. An extension calling Tauri's IPC directly reaches nothing but the SCAPI entry.
fn extension_reaches_no_command_but_the_scapi_entry(d: &Desktop) -> TestFuture<'_> {
    Box::pin(async move {
        d.switch_to("name=accepted").await;
        d.wait_ready().await;
        assert_eq!(d.call("agent.setState", json!(["Ready"])).await["ok"], true);
        for (command, args) in [
            ("ui_set_agent_state", json!({"operationName": "Dnd"})),
            ("ui_snapshot", json!({})),
            ("ui_simulate_inbound_call", json!({"ani": "666"})),
            ("plugin:event|emit", json!({"event": "desktop-changed", "payload": {}})),
            ("plugin:webview|create_webview_window", json!({"options": {"label": "evil", "url": "http://example.com"}})),
            ("plugin:app|version", json!({})),
        ] {
            let result = d.run_async("probe.ipc(arguments[0], arguments[1]).then(done);", vec![json!(command), args]).await;
            assert_eq!(result["ok"], false, "{command} was reachable: {result}");
            assert!(result["error"].as_str().is_some_and(|e| e.contains("not allowed")), "{command}: {result}");
        }
        let state = d.call("agent.getState", json!([])).await;
        assert_eq!(state["message"]["data"]["operationName"], "Ready", "a refused command changed the state");
        let interactions = d.call("interaction.getInteractions", json!([])).await;
        assert!(interactions["message"]["data"].as_array().is_some_and(|a| a.iter().all(|i| i["ani"] != "666")));
    })
}

/// 6. A popup extension is its own native window; a hidden one loads, answers through
///    SCAPI, and shows nothing (no tab, no window, a hidden document).
fn popup_is_a_window_and_hidden_loads_unseen(d: &Desktop) -> TestFuture<'_> {
    Box::pin(async move {
        d.switch_to("name=popup").await;
        assert_eq!(d.wait_ready().await["ok"], true);
        assert!(d.x_window_titled("Popup — AgentDeck"), "no native window for the popup");

        d.switch_to("name=hidden").await;
        let ready = d.wait_ready().await;
        assert_eq!(ready["ok"], true, "the hidden page did not get its answer: {ready}");
        assert_eq!(d.run("return document.visibilityState;").await, "hidden");
        assert!(!d.x_window_titled("Hidden"), "the hidden extension has a window");

        d.switch_to("tauri://localhost").await;
        let tabs = d.run("return Array.from(document.querySelectorAll('#tabs [data-tab]')).map(function (t) { return t.dataset.tab; });").await;
        let tabs: Vec<&str> = tabs.as_array().expect("tab labels").iter().filter_map(Value::as_str).collect();
        assert!(tabs.contains(&"ext-Accepted") && tabs.contains(&"ext-Unaccepted"), "{tabs:?}");
        assert!(!tabs.contains(&"ext-Popup") && !tabs.contains(&"ext-Hidden"), "{tabs:?}");
    })
}

/// 7. interaction.web-content opens with the interaction's fields when a call arrives, and
///    closes when the interaction is marked done.
fn interaction_content_lives_from_arrival_to_mark_done(d: &Desktop) -> TestFuture<'_> {
    Box::pin(async move {
        d.switch_to("tauri://localhost").await;
        d.client.find(Locator::Id("simulate-call")).await.expect("simulate button").click().await.expect("click");
        d.switch_to("name=per-call&ani=%2B15550100").await;
        assert_eq!(d.wait_ready().await["ok"], true);
        let id = d.run("return new URLSearchParams(location.search).get('id');").await;
        let id = id.as_str().expect("the interaction id in the URL").to_owned();
        d.switch_to("tauri://localhost").await;
        for action in ["ANSWER", "HANGUP", "MARK_DONE"] {
            let selector = format!("button[data-action='{action}'][data-interaction='{id}']");
            d.poll(&format!("document.querySelector(\"{selector}\") !== null"), |v| v == &json!(true)).await;
            d.client.find(Locator::Css(&selector)).await.expect("action button").click().await.expect("click");
        }
        d.wait_gone("name=per-call").await;
    })
}

/// 8. Two extensions of the same origin do not share storage: the reader never sees what
///    the writer stored. WebDriver cannot see isolated webviews (one automatable web
///    context), so a second desktop runs unautomated and the reader reports through the
///    agent state, which the desktop logs.
fn extensions_of_one_origin_do_not_share_storage(d: &Desktop) -> TestFuture<'_> {
    Box::pin(async move {
        let (mut child, log) = d.launch_unautomated("isolation", |port, pages| {
            format!(
                r#"[interaction-workspace]
"service-client-api.accepted-web-content-origins" = "http://127.0.0.1:{port}"
"workspace.web-content" = "Writer, Reader"
[Writer]
url = "http://127.0.0.1:{port}/storage-writer.html"
[Reader]
url = "http://127.0.0.1:{port}/storage-reader.html"
mode = "background"
[agentdeck]
"web-server.root" = "{root}"
"web-server.ports" = [{port}]
"#,
                root = pages.display()
            )
        });
        let start = std::time::Instant::now();
        let verdict = loop {
            let text = std::fs::read_to_string(&log).unwrap_or_default();
            if text.contains("state=Dnd") {
                break "the reader saw the writer's storage";
            }
            if text.contains("state=NotReadyMeeting") {
                assert!(text.contains("state=Ready"), "the writer never ran:\n{text}");
                break "isolated";
            }
            assert!(start.elapsed() < Duration::from_secs(40), "the reader never reported:\n{text}");
            tokio::time::sleep(Duration::from_millis(200)).await;
        };
        let _ = child.kill();
        let _ = child.wait();
        assert_eq!(verdict, "isolated");
    })
}

/// 9. auth.getJwtToken: a backend verifies the token with the keys the desktop publishes,
///    for the calling origin only; configuration.getOption reads the configuration.
fn token_verifies_with_the_published_keys(d: &Desktop) -> TestFuture<'_> {
    Box::pin(async move {
        use jsonwebtoken::{decode, jwk::JwkSet, Algorithm, DecodingKey, Validation};
        d.switch_to("name=accepted").await;
        d.wait_ready().await;
        let answer = d.call("auth.getJwtToken", json!([])).await;
        let token = answer["message"]["data"].as_str().unwrap_or_else(|| panic!("no token: {answer}")).to_owned();
        let jwks = d.run_async("fetch('/agentdeck/jwks.json').then(function (r) { return r.json(); }).then(done);", vec![]).await;
        let origin = d.run("return location.origin;").await;
        let set: JwkSet = serde_json::from_value(jwks.clone()).unwrap_or_else(|e| panic!("not a JWKS ({e}): {jwks}"));
        let key = DecodingKey::from_jwk(&set.keys[0]).expect("a usable key");
        let mut validation = Validation::new(Algorithm::ES256);
        validation.set_audience(&[origin.as_str().expect("origin")]);
        validation.set_issuer(&["agentdeck"]);
        let claims = decode::<Value>(&token, &key, &validation).expect("the token verifies").claims;
        assert_eq!(claims["sub"], "ksippola");
        validation.set_audience(&["http://elsewhere.example"]);
        assert!(decode::<Value>(&token, &key, &validation).is_err(), "the token is for the calling origin only");

        let option = d.call("configuration.getOption", json!(["workspace.*"])).await;
        assert_eq!(option["message"]["data"][0]["name"], "workspace.web-content", "{option}");
    })
}

/// Raises a toast from the current page and returns its id.
async fn raise_toast(d: &Desktop, parameters: Value) -> String {
    let answer = d.call("system.popupToast", json!([parameters])).await;
    answer["message"]["data"].as_str().unwrap_or_else(|| panic!("popupToast failed: {answer}")).to_owned()
}

fn button_clicks(events: &Value, toast: &str) -> Vec<u64> {
    events
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["data"]["eventType"] == "CUSTOM_TOAST_BUTTON_CLICK" && e["data"]["customToastId"] == toast)
        .filter_map(|e| e["data"]["buttonIndex"].as_u64())
        .collect()
}

/// The notification titled `title`, with its buttons only: the spec's `default` action is a
/// click on the notification's body, not a button.
async fn notified_as(server: &NotificationServer, title: &str) -> Notified {
    let all = server.wait_for(Duration::from_secs(10), |n| n.iter().any(|x| x.summary == title)).await;
    let mut shown = all.into_iter().rev().find(|x| x.summary == title).expect("found");
    shown.actions.retain(|(key, _)| key != "default");
    shown
}

/// 10. Toasts become notifications of the session's notification server: buttons in the
///     documented order, each press reaching the raising frame (and no other) with its index;
///     update, close and auto-close reach the server; Show brings the extension forward.
fn toasts_go_through_the_notification_server(d: &Desktop) -> TestFuture<'_> {
    Box::pin(async move {
        let server = NotificationServer::start(&d.bus_address).await;
        d.switch_to("name=accepted").await;
        d.wait_ready().await;
        for index in [1u64, 2, 0] {
            let title = format!("Three buttons {index}");
            let id = raise_toast(d, json!({"title": title, "message": "<b>plain</b> & text", "buttons": ["B1", "B2", "B3"]})).await;
            let shown = notified_as(&server, &title).await;
            let labels: Vec<&str> = shown.actions.iter().map(|(_, label)| label.as_str()).collect();
            assert_eq!(labels, ["B2", "B3", "B1"], "the documented order [Button 2] [Button 3] [Button 1]");
            assert_eq!(shown.body, "<b>plain</b> & text", "sent as text to a server without body-markup");
            let key = &shown.actions.iter().find(|(k, _)| k.ends_with(&format!("|{index}"))).expect("the button's action").0;
            server.invoke_action(shown.id, key).await;
            let events = d.poll("probe.events", |e| !button_clicks(e, &id).is_empty()).await;
            assert_eq!(button_clicks(&events, &id), [index]);
        }
        d.switch_to("name=popup").await;
        let popup_events = d.run("return probe.events;").await;
        assert!(
            popup_events.as_array().into_iter().flatten().all(|e| e["data"]["eventType"] != "CUSTOM_TOAST_BUTTON_CLICK"),
            "another frame heard a click: {popup_events}"
        );

        d.switch_to("name=accepted").await;
        let id = raise_toast(d, json!({"title": "Before update"})).await;
        let before = notified_as(&server, "Before update").await;
        assert_eq!(before.actions.iter().map(|(_, l)| l.as_str()).collect::<Vec<_>>(), ["OK"]);
        let updated = d.call("system.updateToast", json!([id, {"title": "After update", "buttons": ["Yes"]}])).await;
        assert_eq!(updated["message"]["data"], true);
        let after = notified_as(&server, "After update").await;
        assert_eq!(after.actions.len(), 1);
        assert_eq!(d.call("system.updateToast", json!(["toast-999", {"title": "x"}])).await["message"]["data"], false);
        assert_eq!(d.call("system.closeToast", json!([id])).await["message"]["data"], true);
        let closed_id = after.id;
        let start = std::time::Instant::now();
        while !server.closed().contains(&closed_id) {
            assert!(start.elapsed() < Duration::from_secs(10), "closeToast never reached the server: {:?}", server.closed());
            tokio::time::sleep(Duration::from_millis(100)).await;
        }

        raise_toast(d, json!({"title": "Short lived", "autoCloseTimeout": 500})).await;
        let short = notified_as(&server, "Short lived").await;
        let start = std::time::Instant::now();
        while !server.closed().contains(&short.id) {
            assert!(start.elapsed() < Duration::from_secs(10), "auto-close never reached the server");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }

        d.switch_to("iframe-host.html").await;
        d.wait_ready().await;
        raise_toast(d, json!({"title": "Bring me forward", "buttonShowDismiss": true})).await;
        let show = notified_as(&server, "Bring me forward").await;
        assert_eq!(show.actions.iter().map(|(_, l)| l.as_str()).collect::<Vec<_>>(), ["Show", "Dismiss"]);
        let key = show.actions[0].0.clone();
        server.invoke_action(show.id, &key).await;
        d.switch_to("tauri://localhost").await;
        d.poll("document.querySelector('[data-tab=\"ext-IframeHost\"]').getAttribute('aria-selected')", |v| v == "true").await;
        server.stop().await;
    })
}

/// 11. With no notification server on the bus, the toast shows inside the desktop, with the
///     same buttons, and a press delivers the same event.
fn toasts_fall_back_to_the_desktop(d: &Desktop) -> TestFuture<'_> {
    Box::pin(async move {
        d.switch_to("name=accepted").await;
        d.wait_ready().await;
        let id = raise_toast(d, json!({"title": "No server", "buttons": ["First", "Second"], "sendToMyMessage": true})).await;
        d.switch_to("tauri://localhost").await;
        let labels = d
            .poll(
                &format!("Array.from(document.querySelectorAll('[data-toast=\"{id}\"] button')).map(function (b) {{ return b.textContent; }})"),
                |v| v.as_array().is_some_and(|a| !a.is_empty()),
            )
            .await;
        assert_eq!(labels, json!(["Second", "First"]));
        assert!(d.run("return document.querySelector('[data-tab=\"my-messages\"]') !== null;").await == json!(true), "filed in My Messages");
        d.client
            .find(Locator::Css(&format!("[data-toast-button=\"{id}|0\"]")))
            .await
            .expect("the desktop's toast button")
            .click()
            .await
            .expect("click");
        d.switch_to("name=accepted").await;
        let events = d.poll("probe.events", |e| !button_clicks(e, &id).is_empty()).await;
        assert_eq!(button_clicks(&events, &id), [0]);
        d.switch_to("tauri://localhost").await;
        d.poll(&format!("document.querySelector('[data-toast=\"{id}\"]') === null"), |v| v == &json!(true)).await;
    })
}

impl Desktop {
    fn x_window_titled(&self, title: &str) -> bool {
        std::process::Command::new("xdotool")
            .args(["search", "--name", title])
            .env("DISPLAY", &self.display)
            .output()
            .map(|o| o.status.success() && !o.stdout.is_empty())
            .unwrap_or(false)
    }

    /// Waits until no webview shows a URL containing `marker`.
    async fn wait_gone(&self, marker: &str) {
        let start = std::time::Instant::now();
        loop {
            let mut found = false;
            for handle in self.client.windows().await.expect("window handles") {
                if self.client.switch_to_window(handle).await.is_ok() {
                    if let Ok(Value::String(href)) = self.client.execute("return location.href", vec![]).await {
                        found |= href.contains(marker);
                    }
                }
            }
            if !found {
                return;
            }
            assert!(start.elapsed() < Duration::from_secs(20), "a webview still shows `{marker}`");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

fn main() {
    let mut args = Arguments::from_args();
    // One desktop, one WebDriver session: the tests take turns.
    args.test_threads = Some(1);
    let tests: Vec<(&str, TestFn)> = vec![
        ("accepted_origin_gets_the_agent_sets_states_and_hears_changes", accepted_origin_gets_the_agent_sets_states_and_hears_changes),
        ("unaccepted_origin_gets_an_error_answer_within_a_second", unaccepted_origin_gets_an_error_answer_within_a_second),
        ("dial_only_origin_is_refused_agent_get_and_lists_only_voice_dial", dial_only_origin_is_refused_agent_get_and_lists_only_voice_dial),
        ("nested_iframe_is_never_the_extension", nested_iframe_is_never_the_extension),
        ("extension_reaches_no_command_but_the_scapi_entry", extension_reaches_no_command_but_the_scapi_entry),
        ("popup_is_a_window_and_hidden_loads_unseen", popup_is_a_window_and_hidden_loads_unseen),
        ("interaction_content_lives_from_arrival_to_mark_done", interaction_content_lives_from_arrival_to_mark_done),
        ("extensions_of_one_origin_do_not_share_storage", extensions_of_one_origin_do_not_share_storage),
        ("token_verifies_with_the_published_keys", token_verifies_with_the_published_keys),
        ("toasts_go_through_the_notification_server", toasts_go_through_the_notification_server),
        ("toasts_fall_back_to_the_desktop", toasts_fall_back_to_the_desktop),
    ];
    if args.list {
        let trials = tests.iter().map(|(name, _)| Trial::test(*name, || Ok(()))).collect();
        libtest_mimic::run(&args, trials).exit();
    }
    let runtime = Arc::new(tokio::runtime::Runtime::new().expect("a Tokio runtime"));
    let desktop = Arc::new(runtime.block_on(Desktop::start()));
    let trials = tests
        .into_iter()
        .map(|(name, test)| {
            let (runtime, desktop) = (runtime.clone(), desktop.clone());
            Trial::test(name, move || {
                runtime.block_on(test(&desktop));
                Ok(())
            })
        })
        .collect();
    let conclusion = libtest_mimic::run(&args, trials);
    if conclusion.has_failed() {
        eprintln!("logs: {}", desktop.artifacts.display());
    }
    if let Ok(desktop) = Arc::try_unwrap(desktop) {
        runtime.block_on(desktop.stop());
    }
    conclusion.exit();
}
