//! The web content an administrator declares: `workspace.web-content` (for the whole
//! session) and `interaction.web-content` (per interaction) list section names, and each
//! of those sections says what to load (`url`), under which tab name (`label`) and how to
//! show it (`mode`). Parsed here so a wrong mode or a missing section is reported with
//! its position before any window opens.

use crate::{Config, ConfigError, DEFAULT_SECTION};

/// Whether a web content lives for the whole session or for one interaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebContentScope {
    Workspace,
    Interaction,
}

/// How a web content is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebContentMode {
    /// A tab inside the main window, selected when it opens.
    Tab,
    /// Its own native window.
    Popup,
    /// A tab that loads at once but is shown only when the agent opens it.
    Background,
    /// Loaded, never shown (a page that only works through the API).
    Hidden,
}

impl WebContentMode {
    const NAMES: [(&'static str, WebContentMode); 4] = [
        ("tab", WebContentMode::Tab),
        ("popup", WebContentMode::Popup),
        ("background", WebContentMode::Background),
        ("hidden", WebContentMode::Hidden),
    ];

    pub fn as_str(self) -> &'static str {
        Self::NAMES.iter().find(|(_, m)| *m == self).map(|(n, _)| *n).unwrap_or("tab")
    }
}

/// One declared web content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebContent {
    /// The section that declares it (also its identity in the desktop).
    pub name: String,
    pub label: String,
    /// The URL, possibly with `$Interaction.ANI$`-style fields to fill in.
    pub url_template: String,
    pub mode: WebContentMode,
    pub scope: WebContentScope,
}

impl Config {
    /// Every web content listed by `workspace.web-content` and `interaction.web-content`.
    pub fn web_contents(&self) -> Result<Vec<WebContent>, ConfigError> {
        let mut all = Vec::new();
        for (option, scope) in [
            ("workspace.web-content", WebContentScope::Workspace),
            ("interaction.web-content", WebContentScope::Interaction),
        ] {
            let Some(list) = self.option(DEFAULT_SECTION, option) else { continue };
            for name in list.value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                let section = self.section(name).ok_or_else(|| {
                    self.error_at(list, format!("`{option}` names [{name}], but the file has no such section"))
                })?;
                let url = section.get("url").ok_or_else(|| {
                    self.error_at_section(section, format!("web content [{name}] needs a `url` option"))
                })?;
                let mode = match section.get("mode") {
                    None => WebContentMode::Tab,
                    Some(entry) => WebContentMode::NAMES
                        .iter()
                        .find(|(n, _)| n.eq_ignore_ascii_case(entry.value.trim()))
                        .map(|(_, m)| *m)
                        .ok_or_else(|| {
                            self.error_at(
                                entry,
                                format!(
                                    "web content [{name}]: mode must be one of tab, popup, background, hidden; found `{}`",
                                    entry.value
                                ),
                            )
                        })?,
                };
                let label = section
                    .get("label")
                    .or_else(|| section.get("title"))
                    .map(|e| e.value.clone())
                    .unwrap_or_else(|| name.to_owned());
                all.push(WebContent {
                    name: name.to_owned(),
                    label,
                    url_template: url.value.clone(),
                    mode,
                    scope,
                });
            }
        }
        Ok(all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn parse(text: &str) -> Config {
        Config::parse(text, "c.toml", Path::new(".")).unwrap()
    }

    #[test]
    fn lists_workspace_then_interaction_content_with_modes() {
        let c = parse(
            r#"
[interaction-workspace]
"workspace.web-content" = "Dialer, Notes"
"interaction.web-content" = "CRM"
[Dialer]
url = "http://127.0.0.1:8300/dialer.html"
mode = "popup"
[Notes]
url = "http://127.0.0.1:8300/notes.html"
label = "My notes"
[CRM]
url = "http://crm/?ani=$Interaction.ANI$"
mode = "Background"
"#,
        );
        let all = c.web_contents().unwrap();
        assert_eq!(all.len(), 3);
        assert_eq!((all[0].name.as_str(), all[0].mode, all[0].label.as_str()), ("Dialer", WebContentMode::Popup, "Dialer"));
        assert_eq!((all[1].mode, all[1].label.as_str()), (WebContentMode::Tab, "My notes"));
        assert_eq!((all[2].mode, all[2].scope), (WebContentMode::Background, WebContentScope::Interaction));
    }

    #[test]
    fn a_missing_section_is_reported_at_the_list() {
        let c = parse("[interaction-workspace]\n\"workspace.web-content\" = \"Ghost\"\n");
        let err = c.web_contents().unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("[Ghost]"), "{err}");
    }

    #[test]
    fn a_bad_mode_is_reported_at_the_mode() {
        let c = parse("[interaction-workspace]\n\"workspace.web-content\" = \"A\"\n[A]\nurl = \"http://a\"\nmode = \"sideways\"\n");
        let err = c.web_contents().unwrap_err();
        assert_eq!((err.line, err.column), (5, 8));
        assert!(err.message.contains("found `sideways`"), "{err}");
    }

    #[test]
    fn a_missing_url_is_reported_at_the_section() {
        let c = parse("[interaction-workspace]\n\"workspace.web-content\" = \"A\"\n[A]\nlabel = \"x\"\n");
        let err = c.web_contents().unwrap_err();
        assert!(err.message.contains("needs a `url`"), "{err}");
    }
}
