//! AgentDeck's own options, in the `[agentdeck]` section: where the loopback web server
//! finds the extension pages it serves and on which ports (each port is its own origin).

use std::path::PathBuf;

use crate::{Config, ConfigError};

pub const DESKTOP_SECTION: &str = "agentdeck";

/// The desktop's own settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DesktopSettings {
    /// The folder served on every port, resolved against the configuration file's folder.
    pub web_root: PathBuf,
    /// Loopback ports to serve it on; none means no server.
    pub web_ports: Vec<u16>,
    /// A scenario file the embedded contact center plays from start-up, resolved against
    /// the configuration file's folder.
    pub scenario: Option<PathBuf>,
}

impl Config {
    pub fn desktop_settings(&self) -> Result<DesktopSettings, ConfigError> {
        let web_root = self
            .option(DESKTOP_SECTION, "web-server.root")
            .map(|e| self.base_dir().join(e.value.trim()))
            .unwrap_or_else(|| self.base_dir().join("extensions"));
        let web_ports = match self.option(DESKTOP_SECTION, "web-server.ports") {
            None => Vec::new(),
            Some(entry) => entry
                .value
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(|p| {
                    p.parse::<u16>().ok().filter(|port| *port != 0).ok_or_else(|| {
                        self.error_at(entry, format!("web-server.ports: expected port numbers from 1 to 65535, found `{p}`"))
                    })
                })
                .collect::<Result<Vec<_>, _>>()?,
        };
        let scenario = self.option(DESKTOP_SECTION, "simulator.scenario").map(|e| self.base_dir().join(e.value.trim()));
        Ok(DesktopSettings { web_root, web_ports, scenario })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn reads_root_and_ports_relative_to_the_file() {
        let c = Config::parse("[agentdeck]\n\"web-server.root\" = \"pages\"\n\"web-server.ports\" = [8300, 8301]\n", "c", Path::new("/srv/deck")).unwrap();
        let s = c.desktop_settings().unwrap();
        assert_eq!(s.web_root, Path::new("/srv/deck/pages"));
        assert_eq!(s.web_ports, [8300, 8301]);
        assert_eq!(s.scenario, None);
    }

    #[test]
    fn a_bad_port_is_named() {
        let c = Config::parse("[agentdeck]\n\"web-server.ports\" = \"8300, http\"\n", "c", Path::new(".")).unwrap();
        let err = c.desktop_settings().unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("found `http`"), "{err}");
    }
}
