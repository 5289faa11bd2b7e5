//! The extension frames: which webview is which SCAPI frame, which document it currently
//! holds (the bridge's token), and the one ordered channel back to it. Every answer and
//! event for a frame goes through [`Frames::deliver`], which numbers it so the bridge
//! posts them to the page in order even when they were sent from different threads.

use std::collections::{HashMap, VecDeque};

use scapi::FrameId;
use serde_json::Value;
use tauri::{AppHandle, Manager, Runtime};

/// How many earlier documents of a frame are remembered, to refuse their late calls.
const RETIRED_DOCUMENTS_KEPT: usize = 16;

/// What a frame's next message belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentCheck {
    /// The document the frame already holds.
    Current,
    /// A new document (navigation, reload): start its channel afresh.
    New,
    /// A document the frame no longer holds: its calls are refused.
    Retired,
}

struct Frame {
    id: FrameId,
    document: Option<String>,
    retired: VecDeque<String>,
    next_sequence: u64,
}

/// Every extension frame, by webview label.
#[derive(Default)]
pub struct Frames {
    by_label: HashMap<String, Frame>,
}

impl Frames {
    pub fn register(&mut self, label: &str, id: FrameId) {
        self.by_label.insert(
            label.to_owned(),
            Frame { id, document: None, retired: VecDeque::new(), next_sequence: 1 },
        );
    }

    pub fn remove(&mut self, label: &str) -> Option<FrameId> {
        self.by_label.remove(label).map(|f| f.id)
    }

    pub fn id_of(&self, label: &str) -> Option<FrameId> {
        self.by_label.get(label).map(|f| f.id)
    }

    pub fn label_of(&self, id: FrameId) -> Option<String> {
        self.by_label.iter().find(|(_, f)| f.id == id).map(|(l, _)| l.clone())
    }

    /// Places `document` in the frame's history, switching to it when it is new.
    pub fn check_document(&mut self, label: &str, document: &str) -> Option<DocumentCheck> {
        let frame = self.by_label.get_mut(label)?;
        if frame.document.as_deref() == Some(document) {
            return Some(DocumentCheck::Current);
        }
        if frame.retired.iter().any(|d| d == document) {
            return Some(DocumentCheck::Retired);
        }
        if let Some(previous) = frame.document.replace(document.to_owned()) {
            frame.retired.push_back(previous);
            if frame.retired.len() > RETIRED_DOCUMENTS_KEPT {
                frame.retired.pop_front();
            }
        }
        frame.next_sequence = 1;
        Some(DocumentCheck::New)
    }

    /// Sends `messages` to the frame's current document, in order.
    pub fn deliver<R: Runtime>(&mut self, app: &AppHandle<R>, frame: FrameId, messages: &[Value]) {
        let Some((label, state)) = self.by_label.iter_mut().find(|(_, f)| f.id == frame) else { return };
        let (Some(document), Some(webview)) = (state.document.as_ref(), app.get_webview(label)) else { return };
        for message in messages {
            let script = delivery_script(document, state.next_sequence, message);
            state.next_sequence += 1;
            if let Err(e) = webview.eval(script) {
                tracing::warn!(frame, label = %label, "could not deliver to the frame: {e}");
            }
        }
    }
}

/// The script that hands one message to the bridge of `document`.
fn delivery_script(document: &str, sequence: u64, message: &Value) -> String {
    format!(
        "window.__AGENTDECK_DELIVER__&&window.__AGENTDECK_DELIVER__({},{},{})",
        Value::from(document),
        sequence,
        message
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_new_then_current_and_earlier_ones_are_retired() {
        let mut frames = Frames::default();
        frames.register("ext-1", 7);
        assert_eq!(frames.check_document("ext-1", "a"), Some(DocumentCheck::New));
        assert_eq!(frames.check_document("ext-1", "a"), Some(DocumentCheck::Current));
        assert_eq!(frames.check_document("ext-1", "b"), Some(DocumentCheck::New));
        assert_eq!(frames.check_document("ext-1", "a"), Some(DocumentCheck::Retired), "a late call of the old page");
        assert_eq!(frames.check_document("nobody", "a"), None);
        assert_eq!(frames.id_of("ext-1"), Some(7));
    }

    #[test]
    fn the_delivery_script_quotes_the_token_and_embeds_json() {
        let s = delivery_script("t\"1", 3, &serde_json::json!({"a": "</script>"}));
        assert_eq!(s, r#"window.__AGENTDECK_DELIVER__&&window.__AGENTDECK_DELIVER__("t\"1",3,{"a":"</script>"})"#);
    }
}
