//! Tab layout on Linux. Tauri 2 packs child webviews into the window's vertical
//! `gtk::Box` instead of placing them at their bounds (tauri#10420, unfixed in 2.12), so
//! the layout is expressed in GTK's own terms there: the main UI keeps the header's
//! height, the one visible tab fills the rest, hidden webviews take no space, and with no
//! tab showing the main UI fills the window.

use gtk::prelude::*;
use tauri::{AppHandle, Manager};

use crate::desktop::MAIN_UI;

/// Packs the main UI for a header of `header_height` logical pixels; `tab_visible` says
/// whether an extension tab takes the rest of the window.
pub fn pack_main_ui(app: &AppHandle, header_height: f64, tab_visible: bool) {
    let Some(main_ui) = app.get_webview(MAIN_UI) else { return };
    let height = header_height.round().max(1.0) as i32;
    let packed = main_ui.with_webview(move |platform| {
        let widget = platform.inner().upcast::<gtk::Widget>();
        // Tauri packs the window's webviews into its default vertical box.
        let Some(vbox) = widget.parent().and_then(|p| p.downcast::<gtk::Box>().ok()) else {
            return tracing::warn!("the main UI is not in a GTK box; tabs keep Tauri's layout");
        };
        vbox.set_child_packing(&widget, !tab_visible, true, 0, gtk::PackType::Start);
        widget.set_size_request(-1, if tab_visible { height } else { -1 });
    });
    if let Err(e) = packed {
        tracing::warn!("could not lay out the main UI: {e}");
    }
}
