//! Custom toasts as `system.popupToast`, `updateToast` and `closeToast` define them: the
//! parameters checked, ids handed out, and each toast owned by the frame that raised it
//! (only it may update or close it, and only it hears its button clicks). Showing them is
//! the desktop's job; this module decides what there is to show.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::Value;

use crate::broker::FrameId;

/// A toast's content, as the page described it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Toast {
    pub title: String,
    pub subject: Option<String>,
    pub message: Option<String>,
    pub icon_url: Option<String>,
    /// The key/value list, in the page's order.
    pub key_values: Vec<(String, String)>,
    /// The page's buttons, indexed as the page numbers them (0 is "Button 1").
    pub buttons: Vec<String>,
    pub button_show_dismiss: bool,
    /// Milliseconds; 0 = stays until closed.
    pub auto_close_timeout: u64,
    pub send_to_my_message: bool,
}

/// One button as shown: its label and the `buttonIndex` a click reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShownButton {
    pub label: String,
    /// `None` for the desktop's own Show, Dismiss and OK buttons.
    pub index: Option<usize>,
}

impl Toast {
    /// Reads `popupToast`/`updateToast` parameters; the error names the bad field.
    pub fn from_parameters(parameters: &Value) -> Result<Toast, String> {
        let p = parameters.as_object().ok_or("parameters must be an object such as {title: \"…\"}")?;
        let text = |field: &str| -> Result<Option<String>, String> {
            match p.get(field) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(other) => Err(format!("`{field}` must be a string, not {other}")),
            }
        };
        let flag = |field: &str| -> Result<bool, String> {
            match p.get(field) {
                None | Some(Value::Null) => Ok(false),
                Some(Value::Bool(b)) => Ok(*b),
                Some(other) => Err(format!("`{field}` must be true or false, not {other}")),
            }
        };
        let buttons = match p.get("buttons") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .map(|b| b.as_str().map(str::to_owned).ok_or_else(|| format!("every button must be a string, not {b}")))
                .collect::<Result<_, _>>()?,
            Some(other) => return Err(format!("`buttons` must be an array of strings, not {other}")),
        };
        let auto_close_timeout = match p.get("autoCloseTimeout") {
            None | Some(Value::Null) => 0,
            Some(Value::Number(n)) if n.as_f64().is_some_and(|ms| ms >= 0.0) => n.as_f64().unwrap_or(0.0) as u64,
            Some(other) => return Err(format!("`autoCloseTimeout` must be a number of milliseconds, 0 or more, not {other}")),
        };
        Ok(Toast {
            title: text("title")?.unwrap_or_default(),
            subject: text("subject")?,
            message: text("message")?,
            icon_url: text("iconUrl")?,
            key_values: key_values(p.get("keyValues"))?,
            buttons,
            button_show_dismiss: flag("buttonShowDismiss")?,
            auto_close_timeout,
            send_to_my_message: flag("sendToMyMessage")?,
        })
    }

    /// The buttons in the documented order `[Button 2] [Button 3] … [Button N] [Button 1]`;
    /// Show and Dismiss with `buttonShowDismiss`; OK when there are none.
    pub fn shown_buttons(&self) -> Vec<ShownButton> {
        if self.button_show_dismiss {
            return ["Show", "Dismiss"].iter().map(|l| ShownButton { label: l.to_string(), index: None }).collect();
        }
        if self.buttons.is_empty() {
            return vec![ShownButton { label: "OK".into(), index: None }];
        }
        (1..self.buttons.len())
            .chain(std::iter::once(0))
            .map(|i| ShownButton { label: self.buttons[i].clone(), index: Some(i) })
            .collect()
    }
}

fn key_values(value: Option<&Value>) -> Result<Vec<(String, String)>, String> {
    let scalar = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match value {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Object(map)) => Ok(map.iter().map(|(k, v)| (k.clone(), scalar(v))).collect()),
        Some(other) => Err(format!("`keyValues` must be an object of key/value pairs, not {other}")),
    }
}

/// What the desktop must do about toasts.
#[derive(Debug, Clone, PartialEq)]
pub enum ToastChange {
    Show { id: String, frame: FrameId, toast: Toast },
    Update { id: String, frame: FrameId, toast: Toast },
    Close { id: String },
}

/// The open toasts.
#[derive(Debug, Default)]
pub struct Toasts {
    next: u64,
    open: HashMap<String, (FrameId, Toast)>,
    /// When each frame raised its toasts of the last minute.
    raised: HashMap<FrameId, VecDeque<Instant>>,
}

impl Toasts {
    /// How many toasts `frame` raised in the minute before `now`.
    pub fn raised_in_last_minute(&mut self, frame: FrameId, now: Instant) -> usize {
        let times = self.raised.entry(frame).or_default();
        while times.front().is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(60)) {
            times.pop_front();
        }
        times.len()
    }

    pub fn popup(&mut self, frame: FrameId, toast: Toast) -> (String, ToastChange) {
        self.popup_at(frame, toast, Instant::now())
    }

    pub fn popup_at(&mut self, frame: FrameId, toast: Toast, now: Instant) -> (String, ToastChange) {
        self.raised.entry(frame).or_default().push_back(now);
        self.next += 1;
        let id = format!("toast-{}", self.next);
        self.open.insert(id.clone(), (frame, toast.clone()));
        (id.clone(), ToastChange::Show { id, frame, toast })
    }

    /// `None` when `frame` has no open toast `id` (unknown, closed, or another's).
    pub fn update(&mut self, frame: FrameId, id: &str, toast: Toast) -> Option<ToastChange> {
        let entry = self.open.get_mut(id).filter(|(owner, _)| *owner == frame)?;
        entry.1 = toast.clone();
        Some(ToastChange::Update { id: id.to_owned(), frame, toast })
    }

    pub fn close(&mut self, frame: FrameId, id: &str) -> Option<ToastChange> {
        self.open.get(id).filter(|(owner, _)| *owner == frame)?;
        self.open.remove(id);
        Some(ToastChange::Close { id: id.to_owned() })
    }

    /// The toast was closed by the agent or its timeout: it is gone.
    pub fn closed_by_desktop(&mut self, id: &str) -> Option<FrameId> {
        self.open.remove(id).map(|(frame, _)| frame)
    }

    /// The frame that raised `id`, and the toast.
    pub fn get(&self, id: &str) -> Option<&(FrameId, Toast)> {
        self.open.get(id)
    }

    /// How many toasts `frame` has open.
    pub fn open_for(&self, frame: FrameId) -> usize {
        self.open.values().filter(|(f, _)| *f == frame).count()
    }

    pub fn close_all_of(&mut self, frame: FrameId) -> Vec<ToastChange> {
        self.raised.remove(&frame);
        let ids: Vec<String> = self.open.iter().filter(|(_, (f, _))| *f == frame).map(|(id, _)| id.clone()).collect();
        ids.into_iter().filter_map(|id| self.close(frame, &id)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_every_documented_parameter() {
        let t = Toast::from_parameters(&json!({
            "title": "T", "subject": "S", "message": "M", "iconUrl": "https://x/i.png",
            "keyValues": {"key1": "value one", "n": 2}, "buttons": ["A", "B", "C"],
            "autoCloseTimeout": 5000, "sendToMyMessage": true, "future": 1
        }))
        .unwrap();
        assert_eq!(t.key_values, [("key1".to_string(), "value one".to_string()), ("n".to_string(), "2".to_string())]);
        assert_eq!((t.auto_close_timeout, t.send_to_my_message, t.button_show_dismiss), (5000, true, false));
    }

    #[test]
    fn buttons_show_in_the_documented_order_with_their_page_indexes() {
        let t = Toast::from_parameters(&json!({"title": "T", "buttons": ["B1", "B2", "B3"]})).unwrap();
        let shown: Vec<_> = t.shown_buttons().into_iter().map(|b| (b.label, b.index)).collect();
        assert_eq!(shown, [("B2".into(), Some(1)), ("B3".into(), Some(2)), ("B1".into(), Some(0))]);
        let plain = Toast::from_parameters(&json!({"title": "T"})).unwrap();
        assert_eq!(plain.shown_buttons()[0].label, "OK");
        let show = Toast::from_parameters(&json!({"title": "T", "buttons": ["x"], "buttonShowDismiss": true})).unwrap();
        assert_eq!(show.shown_buttons().iter().map(|b| b.label.as_str()).collect::<Vec<_>>(), ["Show", "Dismiss"]);
    }

    #[test]
    fn bad_parameters_name_the_field() {
        assert!(Toast::from_parameters(&json!("x")).unwrap_err().contains("must be an object"));
        assert!(Toast::from_parameters(&json!({"buttons": [1]})).unwrap_err().contains("every button must be a string"));
        assert!(Toast::from_parameters(&json!({"autoCloseTimeout": -1})).unwrap_err().contains("autoCloseTimeout"));
        assert!(Toast::from_parameters(&json!({"title": 3})).unwrap_err().contains("`title` must be a string"));
        assert!(Toast::from_parameters(&json!({"keyValues": [1]})).unwrap_err().contains("keyValues"));
    }

    #[test]
    fn only_the_owner_updates_or_closes() {
        let mut toasts = Toasts::default();
        let t = Toast::from_parameters(&json!({"title": "T"})).unwrap();
        let (id, _) = toasts.popup(1, t.clone());
        let (other, _) = toasts.popup(1, t.clone());
        assert_ne!(id, other);
        assert!(toasts.update(2, &id, t.clone()).is_none(), "another frame");
        assert!(toasts.update(1, "toast-99", t.clone()).is_none(), "unknown id");
        assert!(toasts.update(1, &id, t.clone()).is_some());
        assert!(toasts.close(2, &id).is_none());
        assert_eq!(toasts.close(1, &id), Some(ToastChange::Close { id: id.clone() }));
        assert!(toasts.close(1, &id).is_none(), "already closed");
        assert_eq!(toasts.open_for(1), 1);
    }

    #[test]
    fn toasts_raised_are_counted_over_a_sliding_minute() {
        let mut toasts = Toasts::default();
        let t = Toast::from_parameters(&json!({"title": "T"})).unwrap();
        let t0 = Instant::now();
        for _ in 0..3 {
            toasts.popup_at(1, t.clone(), t0);
        }
        assert_eq!(toasts.raised_in_last_minute(1, t0 + Duration::from_secs(30)), 3);
        assert_eq!(toasts.raised_in_last_minute(2, t0), 0);
        assert_eq!(toasts.raised_in_last_minute(1, t0 + Duration::from_secs(60)), 0);
    }
}
