//! A fake desktop notification server for the end-to-end tests. AgentDeck shows desktop
//! notifications (with buttons) through the freedesktop Desktop Notifications D-Bus
//! interface; on the test's private session bus nobody serves it, so this module does:
//! it takes the name `org.freedesktop.Notifications`, records every call the desktop
//! makes, and lets a test press a notification's buttons or dismiss it, emitting the
//! signals a real server would. It advertises no "body-markup", so the desktop must send
//! plain text.

#![allow(dead_code)] // Each test binary uses a different part of it.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use zbus::fdo::RequestNameFlags;
use zbus::interface;
use zbus::object_server::SignalEmitter;
use zbus::zvariant::OwnedValue;
use zbus::Connection;

const BUS_NAME: &str = "org.freedesktop.Notifications";
const OBJECT_PATH: &str = "/org/freedesktop/Notifications";

/// The `reason` of NotificationClosed when the user dismissed the notification.
const CLOSED_BY_USER: u32 = 2;
/// The `reason` of NotificationClosed when CloseNotification closed it.
const CLOSED_BY_CALL: u32 = 3;

/// One Notify call as the server received it.
#[derive(Debug, Clone, PartialEq)]
pub struct Notified {
    pub id: u32,
    pub app_name: String,
    pub replaces_id: u32,
    pub app_icon: String,
    pub summary: String,
    pub body: String,
    /// (action key, label) pairs in the order sent.
    pub actions: Vec<(String, String)>,
    /// The names of the hints sent (e.g. "urgency", "image-path"), sorted by name.
    pub hint_names: Vec<String>,
    pub expire_timeout: i32,
}

/// What the server has been asked so far, shared by the D-Bus interface and the test.
#[derive(Default)]
struct Record {
    notifications: Vec<Notified>,
    closed_by_call: Vec<u32>,
    open_ids: Vec<u32>,
    last_id: u32,
}

type SharedRecord = Arc<Mutex<Record>>;

fn lock(record: &SharedRecord) -> MutexGuard<'_, Record> {
    // A panicking test may poison the lock; the record itself is still consistent.
    record.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The D-Bus object at /org/freedesktop/Notifications.
struct NotificationsInterface {
    record: SharedRecord,
}

#[interface(name = "org.freedesktop.Notifications")]
impl NotificationsInterface {
    #[allow(clippy::too_many_arguments)] // The spec's signature.
    async fn notify(
        &self,
        app_name: String,
        replaces_id: u32,
        app_icon: String,
        summary: String,
        body: String,
        actions: Vec<String>,
        hints: BTreeMap<String, OwnedValue>,
        expire_timeout: i32,
    ) -> u32 {
        let mut record = lock(&self.record);
        let replaces_a_known_one = replaces_id != 0 && record.notifications.iter().any(|n| n.id == replaces_id);
        let id = if replaces_a_known_one {
            replaces_id
        } else {
            record.last_id += 1;
            record.last_id
        };
        if !record.open_ids.contains(&id) {
            record.open_ids.push(id);
        }
        let actions = actions
            .chunks(2)
            .map(|pair| (pair[0].clone(), pair.get(1).cloned().unwrap_or_default()))
            .collect();
        record.notifications.push(Notified {
            id,
            app_name,
            replaces_id,
            app_icon,
            summary,
            body,
            actions,
            hint_names: hints.into_keys().collect(),
            expire_timeout,
        });
        id
    }

    /// Records the call; closes the notification (NotificationClosed with reason 3) if it
    /// is open. A real server answers an unknown id with nothing, so this does too.
    async fn close_notification(&self, id: u32, #[zbus(signal_emitter)] emitter: SignalEmitter<'_>) -> zbus::fdo::Result<()> {
        let was_open = {
            let mut record = lock(&self.record);
            record.closed_by_call.push(id);
            let was_open = record.open_ids.contains(&id);
            record.open_ids.retain(|open| *open != id);
            was_open
        };
        if was_open {
            Self::notification_closed(&emitter, id, CLOSED_BY_CALL).await?;
        }
        Ok(())
    }

    async fn get_capabilities(&self) -> Vec<String> {
        ["actions", "body", "icon-static"].map(String::from).to_vec()
    }

    #[zbus(out_args("name", "vendor", "version", "spec_version"))]
    async fn get_server_information(&self) -> (String, String, String, String) {
        ("agentdeck-test".into(), "agentdeck".into(), "1.0".into(), "1.2".into())
    }

    #[zbus(signal)]
    async fn action_invoked(emitter: &SignalEmitter<'_>, id: u32, action_key: &str) -> zbus::Result<()>;

    #[zbus(signal)]
    async fn notification_closed(emitter: &SignalEmitter<'_>, id: u32, reason: u32) -> zbus::Result<()>;
}

/// The fake server, serving on one bus until `stop` (or until dropped).
pub struct NotificationServer {
    connection: Connection,
    record: SharedRecord,
}

impl NotificationServer {
    /// Connects to the bus at `bus_address` (a D-Bus address string such as the one
    /// `dbus-daemon --print-address` prints) and serves org.freedesktop.Notifications there.
    /// Panics with a clear message if the name cannot be taken.
    pub async fn start(bus_address: &str) -> NotificationServer {
        let record = SharedRecord::default();
        let interface = NotificationsInterface { record: record.clone() };
        let connection = zbus::connection::Builder::address(bus_address)
            .and_then(|builder| builder.serve_at(OBJECT_PATH, interface))
            .unwrap_or_else(|e| panic!("bad D-Bus address {bus_address:?}: {e}"))
            .build()
            .await
            .unwrap_or_else(|e| panic!("cannot connect the notification server to the bus at {bus_address}: {e}"));
        // Requested here rather than with the builder's `name`, which would quietly queue
        // behind another owner instead of failing.
        connection
            .request_name_with_flags(BUS_NAME, RequestNameFlags::DoNotQueue.into())
            .await
            .unwrap_or_else(|e| panic!("the notification server cannot take {BUS_NAME} on {bus_address} (is another one running?): {e}"));
        NotificationServer { connection, record }
    }

    /// Every Notify call so far, in order (an update via replaces_id is a new entry with the reused id).
    pub fn notifications(&self) -> Vec<Notified> {
        lock(&self.record).notifications.clone()
    }

    /// The ids passed to CloseNotification so far, in order.
    pub fn closed(&self) -> Vec<u32> {
        lock(&self.record).closed_by_call.clone()
    }

    /// The ids of notifications that are open now (notified and neither closed nor dismissed).
    pub fn open_ids(&self) -> Vec<u32> {
        lock(&self.record).open_ids.clone()
    }

    /// Presses a button: emits ActionInvoked(id, action_key), then, as a real server
    /// closes the notification, NotificationClosed(id, 2), and marks it closed.
    pub async fn invoke_action(&self, id: u32, action_key: &str) {
        NotificationsInterface::action_invoked(&self.signal_emitter(), id, action_key)
            .await
            .unwrap_or_else(|e| panic!("cannot emit ActionInvoked({id}, {action_key:?}): {e}"));
        self.dismiss(id).await;
    }

    /// The user dismissed it: emits NotificationClosed(id, 2) and marks it closed.
    pub async fn dismiss(&self, id: u32) {
        lock(&self.record).open_ids.retain(|open| *open != id);
        NotificationsInterface::notification_closed(&self.signal_emitter(), id, CLOSED_BY_USER)
            .await
            .unwrap_or_else(|e| panic!("cannot emit NotificationClosed({id}, {CLOSED_BY_USER}): {e}"));
    }

    /// Waits (up to `limit`) until `pred(&self.notifications())` is true; returns the list,
    /// or panics with the list if it never becomes true.
    pub async fn wait_for(&self, limit: Duration, pred: impl Fn(&[Notified]) -> bool) -> Vec<Notified> {
        let deadline = Instant::now() + limit;
        loop {
            let notifications = self.notifications();
            if pred(&notifications) {
                return notifications;
            }
            if Instant::now() >= deadline {
                panic!("the notifications did not become as expected within {limit:?}; they are: {notifications:#?}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Releases the name and disconnects, so the bus has no notification server anymore.
    pub async fn stop(self) {
        self.connection
            .release_name(BUS_NAME)
            .await
            .unwrap_or_else(|e| panic!("the notification server cannot release {BUS_NAME}: {e}"));
        self.connection.close().await.unwrap_or_else(|e| panic!("cannot disconnect the notification server: {e}"));
    }

    fn signal_emitter(&self) -> SignalEmitter<'static> {
        SignalEmitter::new(&self.connection, OBJECT_PATH).expect("the notifications object path is valid")
    }
}
