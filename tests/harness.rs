//! The end-to-end harness: starts a private X server (Xvfb), a D-Bus session bus and
//! tauri-driver, launches the built AgentDeck with a test configuration whose pages are
//! served on four loopback ports (four origins), and hands tests a WebDriver client in
//! which every webview is a window handle. Everything it starts is stopped on drop; logs
//! go to tests/artifacts/.

use std::fs;
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Value};

struct Ports {
    /// Accepted for every request.
    accepted: u16,
    /// Not accepted at all.
    unaccepted: u16,
    /// Accepted only for `voice.dial`.
    dial_only: u16,
    /// Accepted for everything: the origin of the nested iframe.
    nested: u16,
}

pub struct Desktop {
    pub client: Client,
    pub artifacts: PathBuf,
    /// The X display the desktop runs on, as `:N`.
    pub display: String,
    /// The session bus the desktop uses.
    pub bus_address: String,
    /// The pages served to the desktop, and the folder for this run's files.
    pages: PathBuf,
    work: PathBuf,
    children: Vec<Child>,
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ is inside the workspace").to_path_buf()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("no free loopback port")
}

fn find_program(name: &str) -> PathBuf {
    let home_bin = std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo/bin").join(name));
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).map(|d| d.join(name)).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .chain(home_bin)
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("`{name}` is not installed; the README's test command installs it"))
}

/// The desktop binary, built first: `cargo test --test shell` does not rebuild another
/// package's binary, and a stale one would test old code.
fn agentdeck_binary() -> PathBuf {
    static BUILT: std::sync::Once = std::sync::Once::new();
    BUILT.call_once(|| {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "--quiet", "-p", "agentdeck"])
            .current_dir(workspace_root())
            .status()
            .expect("cannot run cargo to build the desktop");
        assert!(status.success(), "building the desktop failed");
    });
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| workspace_root().join("target"));
    let binary = target.join("debug/agentdeck");
    assert!(binary.is_file(), "{} is missing after the build", binary.display());
    binary
}

fn spawn_logged(mut command: Command, log: &Path) -> Child {
    let file = fs::File::create(log).expect("cannot write the log");
    command
        .stdout(file.try_clone().expect("log handle"))
        .stderr(file)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {:?}: {e}", command.get_program()))
}

fn wait_until(what: &str, limit: Duration, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(start.elapsed() < limit, "{what} did not happen within {limit:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A free X display number.
fn free_display() -> u32 {
    (90..200)
        .find(|n| !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() && !Path::new(&format!("/tmp/.X{n}-lock")).exists())
        .expect("no free X display number")
}

impl Desktop {
    pub async fn start() -> Desktop {
        let root = workspace_root();
        let artifacts = root.join("tests/artifacts");
        fs::create_dir_all(&artifacts).expect("cannot create tests/artifacts");
        let mut children = Vec::new();

        // The X server.
        let display = free_display();
        let mut xvfb = Command::new(find_program("Xvfb"));
        xvfb.args([format!(":{display}").as_str(), "-screen", "0", "1400x900x24", "-nolisten", "tcp"]);
        children.push(spawn_logged(xvfb, &artifacts.join("xvfb.log")));
        wait_until("Xvfb start", Duration::from_secs(20), || Path::new(&format!("/tmp/.X11-unix/X{display}")).exists());

        // The session bus.
        let mut bus = Command::new(find_program("dbus-daemon"))
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("cannot start dbus-daemon");
        let mut address = String::new();
        BufReader::new(bus.stdout.take().expect("dbus stdout")).read_line(&mut address).expect("no D-Bus address");
        children.push(bus);

        // The pages, on four origins.
        let ports = Ports { accepted: free_port(), unaccepted: free_port(), dial_only: free_port(), nested: free_port() };
        let work = std::env::temp_dir().join(format!("agentdeck-e2e-{}", std::process::id()));
        let pages = work.join("pages");
        fs::create_dir_all(&pages).expect("cannot create the pages folder");
        for entry in fs::read_dir(root.join("tests/pages")).expect("tests/pages") {
            let entry = entry.expect("page entry");
            fs::copy(entry.path(), pages.join(entry.file_name())).expect("cannot copy a page");
        }
        // Our library configured as deployments configure the vendor's: a foreign host address.
        let library = fs::read_to_string(root.join("ui/wwe-service-client-api.js")).expect("client library");
        let foreign = library.replacen("var targetOrigin = '*';", "var targetOrigin = 'https://wwe.example.com';", 1);
        assert_ne!(foreign, library, "the library's targetOrigin line moved; update the harness");
        fs::write(pages.join("foreign-origin-client.js"), foreign).expect("cannot write the library copy");

        let config = work.join("agentdeck-test.toml");
        fs::write(&config, test_config(&ports, &pages)).expect("cannot write the test configuration");

        // tauri-driver, in front of WebKitWebDriver.
        let driver_port = free_port();
        let mut driver = Command::new(find_program("tauri-driver"));
        driver
            .args(["--port", &driver_port.to_string(), "--native-port", &free_port().to_string()])
            .env("DISPLAY", format!(":{display}"))
            .env("DBUS_SESSION_BUS_ADDRESS", address.trim())
            .env("RUST_LOG", "agentdeck=info,warn");
        children.push(spawn_logged(driver, &artifacts.join("desktop.log")));
        wait_until("tauri-driver start", Duration::from_secs(20), || {
            std::net::TcpStream::connect(("127.0.0.1", driver_port)).is_ok()
        });

        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "tauri:options".into(),
            json!({
                "application": agentdeck_binary(),
                "args": ["--config", config, "--data-dir", work.join("webviews")],
            }),
        );
        let client = ClientBuilder::native()
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{driver_port}"))
            .await
            .expect("no WebDriver session with AgentDeck");
        Desktop {
            client,
            artifacts,
            display: format!(":{display}"),
            bus_address: address.trim().to_owned(),
            pages,
            work,
            children,
        }
    }

    /// Switches to the webview whose URL contains `marker`, waiting for it to appear.
    pub async fn switch_to(&self, marker: &str) {
        let start = Instant::now();
        loop {
            for handle in self.client.windows().await.expect("window handles") {
                if self.client.switch_to_window(handle).await.is_err() {
                    continue;
                }
                if let Ok(Value::String(href)) = self.client.execute("return location.href", vec![]).await {
                    if href.contains(marker) {
                        return;
                    }
                }
            }
            assert!(start.elapsed() < Duration::from_secs(20), "no webview shows a URL containing `{marker}`");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Runs `script` in the current webview; it ends by calling `done(value)`.
    pub async fn run_async(&self, script: &str, args: Vec<Value>) -> Value {
        let wrapped = format!("var done = arguments[arguments.length - 1]; {script}");
        self.client.execute_async(&wrapped, args).await.unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    pub async fn run(&self, script: &str) -> Value {
        self.client.execute(script, vec![]).await.unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Calls a Service Client API request through the current page's probe.
    pub async fn call(&self, request: &str, params: Value) -> Value {
        self.run_async("probe.call(arguments[0], arguments[1]).then(done);", vec![json!(request), params]).await
    }

    /// Waits (20 s at most) for the probe's page to have had its first answer.
    pub async fn wait_ready(&self) -> Value {
        self.poll("probe.ready", |v| !v.is_null()).await
    }

    /// Evaluates `expression` until `accept` likes it (20 s at most).
    pub async fn poll(&self, expression: &str, accept: impl Fn(&Value) -> bool) -> Value {
        let start = Instant::now();
        loop {
            let value = self.run(&format!("return {expression};")).await;
            if accept(&value) {
                return value;
            }
            assert!(start.elapsed() < Duration::from_secs(20), "`{expression}` never became as expected; last: {value}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Starts a second desktop, not under WebDriver, on the same display and bus, with a
    /// configuration made by `config(port, pages)`; its log goes to `artifacts/<name>.log`.
    pub fn launch_unautomated(&self, name: &str, config: impl Fn(u16, &Path) -> String) -> (Child, PathBuf) {
        let port = free_port();
        let path = self.work.join(format!("{name}.toml"));
        fs::write(&path, config(port, &self.pages)).expect("cannot write the configuration");
        let log = self.artifacts.join(format!("{name}.log"));
        let mut command = Command::new(agentdeck_binary());
        command
            .arg("--config")
            .arg(&path)
            .arg("--data-dir")
            .arg(self.work.join(format!("{name}-webviews")))
            .env("DISPLAY", &self.display)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.bus_address)
            .env("RUST_LOG", "agentdeck=info,warn")
            .env_remove("TAURI_WEBVIEW_AUTOMATION");
        (spawn_logged(command, &log), log)
    }

    pub async fn stop(mut self) {
        let _ = self.client.clone().close().await;
        for child in self.children.iter_mut().rev() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Desktop {
    fn drop(&mut self) {
        for child in self.children.iter_mut().rev() {
            let _ = child.kill();
        }
    }
}

fn test_config(p: &Ports, pages: &Path) -> String {
    let o = |port: u16| format!("http://127.0.0.1:{port}");
    format!(
        r#"[interaction-workspace]
"service-client-api.accepted-web-content-origins" = "{accepted} (*), {dial} (voice.dial), {nested} (*)"
"workspace.web-content" = "Accepted, Unaccepted, DialOnly, IframeHost, Popup, Hidden"
"interaction.web-content" = "PerCall"

[Accepted]
label = "Accepted"
url = "{accepted}/probe.html?name=accepted"
mode = "tab"

[Unaccepted]
label = "Unaccepted"
url = "{unaccepted}/probe.html?name=unaccepted"
mode = "background"

[DialOnly]
label = "Dial only"
url = "{dial}/probe.html?name=dial-only"
mode = "background"

[IframeHost]
label = "Iframe host"
url = "{accepted}/iframe-host.html?child={nested}/iframe-child.html"
mode = "background"

[Popup]
label = "Popup"
url = "{accepted}/probe.html?name=popup&lib=served"
mode = "popup"

[Hidden]
label = "Hidden"
url = "{accepted}/probe.html?name=hidden&lib=served"
mode = "hidden"

[PerCall]
label = "Per call"
url = "{accepted}/probe.html?name=per-call&ani=$Interaction.ANI$&id=$Interaction.InteractionId$&lib=served"
mode = "tab"

[agentdeck]
"web-server.root" = "{root}"
"web-server.ports" = [{a}, {u}, {d}, {n}]
"#,
        accepted = o(p.accepted),
        unaccepted = o(p.unaccepted),
        dial = o(p.dial_only),
        nested = o(p.nested),
        root = pages.display(),
        a = p.accepted,
        u = p.unaccepted,
        d = p.dial_only,
        n = p.nested,
    )
}
