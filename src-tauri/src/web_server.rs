//! The loopback web server: serves the extension pages folder on each configured port
//! (each port is an origin of its own, as real deployments have), and our client library
//! under `/agentdeck/`, so a page includes it with one `<script>` tag.

use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::thread;

use tiny_http::{Header, Response, Server};

/// Our Service Client API library, served at `/agentdeck/wwe-service-client-api.js`.
pub const CLIENT_LIBRARY: &str = include_str!("../../ui/wwe-service-client-api.js");
const CLIENT_LIBRARY_PATH: &str = "/agentdeck/wwe-service-client-api.js";
/// The public keys that verify `auth.getJwtToken` tokens.
pub const JWKS_PATH: &str = "/agentdeck/jwks.json";

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
#[error("cannot serve extension pages on 127.0.0.1:{port}: {reason}")]
pub struct ServeError {
    pub port: u16,
    pub reason: String,
}

/// Starts one listener per port, each on its own thread, serving `root`, our library and
/// the token keys (`jwks`, a JWKS document).
pub fn serve(root: &Path, ports: &[u16], jwks: Option<String>) -> Result<(), ServeError> {
    for &port in ports {
        let server = Server::http(("127.0.0.1", port)).map_err(|e| ServeError { port, reason: e.to_string() })?;
        let served = root.to_path_buf();
        let jwks = jwks.clone();
        thread::Builder::new()
            .name(format!("web-server-{port}"))
            .spawn(move || {
                for request in server.incoming_requests() {
                    let response = answer(&served, request.url(), jwks.as_deref());
                    if let Err(e) = request.respond(response) {
                        tracing::debug!(port, "a response was not sent: {e}");
                    }
                }
            })
            .map_err(|e| ServeError { port, reason: e.to_string() })?;
        tracing::info!(port, root = %root.display(), "serving extension pages");
    }
    Ok(())
}

fn answer(root: &Path, url: &str, jwks: Option<&str>) -> Response<std::io::Cursor<Vec<u8>>> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    if path == CLIENT_LIBRARY_PATH {
        return with_type(Response::from_data(CLIENT_LIBRARY.as_bytes().to_vec()), "application/javascript");
    }
    if let (JWKS_PATH, Some(keys)) = (path, jwks) {
        return with_type(Response::from_data(keys.as_bytes().to_vec()), "application/json");
    }
    match resolve(root, path).and_then(|file| std::fs::read(&file).ok().map(|bytes| (file, bytes))) {
        Some((file, bytes)) => with_type(Response::from_data(bytes), content_type(&file)),
        None => with_type(Response::from_string(format!("404: no page at {path}")).with_status_code(404), "text/plain"),
    }
}

fn with_type<R: Read>(response: Response<R>, content_type: &str) -> Response<R> {
    match Header::from_bytes("Content-Type", content_type) {
        Ok(header) => response.with_header(header),
        Err(()) => response,
    }
}

/// The file a URL path names under `root`; `None` for anything that would leave it.
fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path.trim_start_matches('/'))?;
    let relative = Path::new(&decoded);
    if relative.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let candidate = root.join(relative);
    let file = if candidate.is_dir() { candidate.join("index.html") } else { candidate };
    let canonical = file.canonicalize().ok()?;
    canonical.starts_with(root.canonicalize().ok()?).then_some(canonical)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes: Vec<u8> = url::form_urlencoded::parse(format!("x={}", text.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned().into_bytes())?;
    String::from_utf8(bytes).ok()
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "application/javascript",
        "css" => "text/css",
        "json" => "application/json",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_root() {
        let root = std::env::temp_dir().join(format!("agentdeck-web-{}", std::process::id()));
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("sub/page.html"), "hi").unwrap();
        std::fs::write(root.join("index.html"), "home").unwrap();
        assert!(resolve(&root, "/sub/page.html").is_some());
        assert!(resolve(&root, "/sub%2Fpage.html").is_some());
        assert_eq!(resolve(&root, "/").unwrap().file_name().unwrap(), "index.html");
        assert!(resolve(&root, "/../etc/passwd").is_none());
        assert!(resolve(&root, "/%2e%2e/etc/passwd").is_none());
        assert!(resolve(&root, "/missing.html").is_none());
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn the_client_library_is_served_from_any_root() {
        let response = answer(Path::new("/nonexistent"), "/agentdeck/wwe-service-client-api.js?v=1", None);
        assert_eq!(response.status_code().0, 200);
        assert_eq!(answer(Path::new("/nonexistent"), "/nope", None).status_code().0, 404);
        assert_eq!(answer(Path::new("/nonexistent"), JWKS_PATH, None).status_code().0, 404);
        assert_eq!(answer(Path::new("/nonexistent"), JWKS_PATH, Some("{\"keys\":[]}")).status_code().0, 200);
    }
}
