//! Checks the fake notification server the end-to-end tests use, on a private session bus,
//! with zbus as the client, so a failing end-to-end test can trust what it records.

mod notification_server;

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use futures_util::StreamExt;
use notification_server::NotificationServer;
use zbus::zvariant::Value;
use zbus::{Connection, Proxy};

const LIMIT: Duration = Duration::from_secs(5);

/// A private session bus, killed on drop.
struct PrivateBus {
    daemon: Child,
    address: String,
}

impl PrivateBus {
    fn start() -> PrivateBus {
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("cannot start dbus-daemon");
        let mut address = String::new();
        BufReader::new(daemon.stdout.take().expect("dbus-daemon's stdout")).read_line(&mut address).expect("no D-Bus address");
        assert!(!address.trim().is_empty(), "dbus-daemon printed no address");
        PrivateBus { daemon, address: address.trim().to_owned() }
    }
}

impl Drop for PrivateBus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

async fn name_has_owner(client: &Connection, name: &str) -> bool {
    let bus = zbus::fdo::DBusProxy::new(client).await.expect("the bus's own proxy");
    bus.name_has_owner(name.try_into().expect("a valid bus name")).await.expect("NameHasOwner")
}

async fn notify(notifications: &Proxy<'_>, replaces_id: u32, summary: &str, actions: &[&str], hints: HashMap<&str, Value<'_>>) -> u32 {
    notifications
        .call("Notify", &("agentdeck", replaces_id, "dialog-information", summary, "a plain body", actions, hints, 5000i32))
        .await
        .expect("Notify")
}

#[tokio::test]
async fn records_calls_presses_buttons_and_goes_away_on_stop() {
    let bus = PrivateBus::start();
    let server = NotificationServer::start(&bus.address).await;

    let client = zbus::connection::Builder::address(bus.address.as_str()).expect("address").build().await.expect("client connection");
    let notifications = Proxy::new(&client, "org.freedesktop.Notifications", "/org/freedesktop/Notifications", "org.freedesktop.Notifications")
        .await
        .expect("Notifications proxy");

    let capabilities: Vec<String> = notifications.call("GetCapabilities", &()).await.expect("GetCapabilities");
    assert_eq!(capabilities, ["actions", "body", "icon-static"]);
    let information: (String, String, String, String) = notifications.call("GetServerInformation", &()).await.expect("GetServerInformation");
    assert_eq!(information, ("agentdeck-test".into(), "agentdeck".into(), "1.0".into(), "1.2".into()));

    // Notify with buttons and a hint.
    let id = notify(&notifications, 0, "Incoming call", &["1", "B2", "2", "B3", "0", "B1"], HashMap::from([("urgency", Value::U8(2))])).await;
    assert_eq!(id, 1);
    let recorded = server.wait_for(LIMIT, |all| all.len() == 1).await;
    let first = &recorded[0];
    assert_eq!((first.id, first.app_name.as_str(), first.summary.as_str(), first.body.as_str()), (1, "agentdeck", "Incoming call", "a plain body"));
    let pairs = |list: &[(&str, &str)]| list.iter().map(|(k, l)| (k.to_string(), l.to_string())).collect::<Vec<_>>();
    assert_eq!(first.actions, pairs(&[("1", "B2"), ("2", "B3"), ("0", "B1")]));
    assert_eq!(first.hint_names, ["urgency"]);
    assert_eq!((first.replaces_id, first.app_icon.as_str(), first.expire_timeout), (0, "dialog-information", 5000));
    assert_eq!(server.open_ids(), [1]);

    // Press a button: the client hears ActionInvoked, then NotificationClosed(id, 2).
    let mut invoked = notifications.receive_signal("ActionInvoked").await.expect("subscribe to ActionInvoked");
    let mut closed = notifications.receive_signal("NotificationClosed").await.expect("subscribe to NotificationClosed");
    server.invoke_action(id, "2").await;
    let signal = tokio::time::timeout(LIMIT, invoked.next()).await.expect("no ActionInvoked in time").expect("signal stream ended");
    let (invoked_id, action_key): (u32, String) = signal.body().deserialize().expect("ActionInvoked's arguments");
    assert_eq!((invoked_id, action_key.as_str()), (id, "2"));
    let signal = tokio::time::timeout(LIMIT, closed.next()).await.expect("no NotificationClosed in time").expect("signal stream ended");
    assert_eq!(signal.body().deserialize::<(u32, u32)>().expect("NotificationClosed's arguments"), (id, 2));
    assert!(server.open_ids().is_empty());

    // A second one, updated through replaces_id, then closed by the client.
    let second = notify(&notifications, 0, "Missed call", &[], HashMap::new()).await;
    assert_eq!(second, 2);
    let updated = notify(&notifications, second, "Missed calls: 2", &["default", ""], HashMap::from([("image-path", Value::from("/tmp/x.png"))])).await;
    assert_eq!(updated, second);
    let recorded = server.notifications();
    assert_eq!(recorded.len(), 3);
    assert_eq!((recorded[2].id, recorded[2].replaces_id, recorded[2].summary.as_str()), (2, 2, "Missed calls: 2"));
    assert_eq!(recorded[2].actions, pairs(&[("default", "")]));
    assert_eq!(recorded[2].hint_names, ["image-path"]);
    assert_eq!(server.open_ids(), [2]);
    let unknown = notify(&notifications, 99, "Unknown replaced", &[], HashMap::new()).await;
    assert_eq!(unknown, 3, "an unknown replaces_id gets a new id");

    let () = notifications.call("CloseNotification", &(second,)).await.expect("CloseNotification");
    let signal = tokio::time::timeout(LIMIT, closed.next()).await.expect("no NotificationClosed in time").expect("signal stream ended");
    assert_eq!(signal.body().deserialize::<(u32, u32)>().expect("NotificationClosed's arguments"), (second, 3));
    assert_eq!(server.closed(), [second]);
    assert_eq!(server.open_ids(), [unknown]);
    server.dismiss(unknown).await;
    let signal = tokio::time::timeout(LIMIT, closed.next()).await.expect("no NotificationClosed in time").expect("signal stream ended");
    assert_eq!(signal.body().deserialize::<(u32, u32)>().expect("NotificationClosed's arguments"), (unknown, 2));
    assert!(server.open_ids().is_empty());
    assert_eq!(server.closed(), [second], "a dismissal is not a CloseNotification call");

    // A second server cannot take the name: it panics clearly.
    let address = bus.address.clone();
    let second_server = tokio::spawn(async move { NotificationServer::start(&address).await });
    let Err(failure) = second_server.await else { panic!("a second server took the name") };
    let message = failure.into_panic();
    let message = message.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains("cannot take org.freedesktop.Notifications"), "{message}");

    // Stopping frees the name.
    assert!(name_has_owner(&client, "org.freedesktop.Notifications").await);
    server.stop().await;
    assert!(!name_has_owner(&client, "org.freedesktop.Notifications").await, "the name is still owned after stop()");
}
