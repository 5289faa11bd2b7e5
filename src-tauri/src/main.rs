//! AgentDeck's entry point: reads the command line and the configuration, refuses a bad
//! configuration (file:line:col, exit status 2) before any window opens, then runs the
//! desktop on the embedded contact center.

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod desktop;
mod extensions;
mod frames;
#[cfg(target_os = "linux")]
mod gtk_layout;
mod toasts;
mod url_template;
mod web_server;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// The desktop's command line.
#[derive(Parser, Debug)]
#[command(name = "agentdeck", version, about = "AgentDeck: a native agent desktop hosting Service Client API extensions")]
struct Cli {
    /// The configuration file (TOML; sections and option names as administrators know them).
    #[arg(long, value_name = "PATH", default_value_os_t = default_config_path())]
    config: PathBuf,

    /// Where extension webviews keep their storage (one folder per webview).
    /// Defaults to the application's local data folder.
    #[arg(long, value_name = "PATH")]
    data_dir: Option<PathBuf>,

    /// Check the configuration, print what it declares, and exit without opening a window.
    #[arg(long)]
    check_config: bool,
}

/// `config/agentdeck.toml` of the source tree this binary was built from.
fn default_config_path() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../config/agentdeck.toml"))
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "agentdeck=info,warn".into()),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let cli = Cli::parse();
    let loaded = match desktop::LoadedConfig::load(&cli.config) {
        Ok(loaded) => loaded,
        Err(error) => {
            eprintln!("agentdeck: configuration refused: {error}");
            return ExitCode::from(2);
        }
    };
    if cli.check_config {
        println!("{}", loaded.summary());
        return ExitCode::SUCCESS;
    }
    match desktop::run(loaded, cli.data_dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("agentdeck: {error}");
            ExitCode::FAILURE
        }
    }
}
