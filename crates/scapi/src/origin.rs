//! Origins and `service-client-api.accepted-web-content-origins`: which pages may use
//! the API, and for which requests. Origins are normalized with the `url` crate (scheme,
//! lowercase host, default port dropped) so `HTTP://Host:80` and `http://host` match.

use std::collections::HashMap;
use std::fmt;

use url::Url;

/// A page's origin, as the engine reports it. Opaque origins (`data:`, `file:`) have none.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin(String);

impl Origin {
    /// The origin of `url`, or `None` for a URL without one (opaque origins).
    pub fn of_url(url: &Url) -> Option<Origin> {
        match url.origin() {
            o @ url::Origin::Tuple(..) => Some(Origin(o.ascii_serialization())),
            url::Origin::Opaque(_) => None,
        }
    }

    /// Parses an origin as an administrator writes one (`http://host:port`, a path is ignored).
    pub fn parse(text: &str) -> Result<Origin, String> {
        let url = Url::parse(text.trim()).map_err(|e| format!("`{text}` is not an origin ({e})"))?;
        Origin::of_url(&url).ok_or_else(|| format!("`{text}` has no origin (use http:// or https://)"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Which requests an accepted origin may make: `(*)` or no filter means all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestFilter(Vec<String>);

impl RequestFilter {
    pub fn all() -> RequestFilter {
        RequestFilter(vec!["*".into()])
    }

    /// Whether `request` (a canonical name such as `agent.get`) passes: an exact name,
    /// `*`, or a trailing wildcard such as `agent.*`.
    pub fn allows(&self, request: &str) -> bool {
        self.0.iter().any(|pattern| match pattern.strip_suffix('*') {
            Some(prefix) => request.starts_with(prefix),
            None => pattern == request,
        })
    }

    pub fn patterns(&self) -> &[String] {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum OriginPattern {
    Any,
    Exact(Origin),
}

/// One entry of the option: an origin (or `*`) and its filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcceptedOrigin {
    pattern: OriginPattern,
    pub filter: RequestFilter,
    /// The entry as written, to explain decisions.
    pub written: String,
}

/// The parsed `service-client-api.accepted-web-content-origins`, indexed by origin.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AcceptedOrigins {
    entries: Vec<AcceptedOrigin>,
    /// Exact origin → its first entry; `*`'s first entry.
    by_origin: HashMap<Origin, usize>,
    any: Option<usize>,
}

impl AcceptedOrigins {
    /// Parses `http://a, http://b (*), http://c (agent.*, voice.dial), *`.
    pub fn parse(option: &str) -> Result<AcceptedOrigins, String> {
        let mut entries = Vec::new();
        for written in split_top_level(option)? {
            let (origin_text, filter) = match written.find('(') {
                None => (written.as_str(), RequestFilter::all()),
                Some(open) => {
                    let inner = written[open + 1..]
                        .strip_suffix(')')
                        .ok_or_else(|| format!("`{written}`: the request filter must end with `)`"))?;
                    let patterns: Vec<String> =
                        inner.split(',').map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()).collect();
                    if patterns.is_empty() {
                        return Err(format!("`{written}`: the request filter is empty; write (*) to allow every request"));
                    }
                    if let Some(bad) = patterns.iter().find(|p| p.contains('*') && !p.ends_with('*')) {
                        return Err(format!("`{written}`: `{bad}`: a wildcard may only end a filter, as in agent.*"));
                    }
                    (&written[..open], RequestFilter(patterns))
                }
            };
            let origin_text = origin_text.trim();
            let pattern = if origin_text == "*" {
                OriginPattern::Any
            } else {
                OriginPattern::Exact(Origin::parse(origin_text)?)
            };
            entries.push(AcceptedOrigin { pattern, filter, written: written.clone() });
        }
        let mut by_origin = HashMap::new();
        let mut any = None;
        for (i, entry) in entries.iter().enumerate() {
            match &entry.pattern {
                OriginPattern::Exact(origin) => {
                    by_origin.entry(origin.clone()).or_insert(i);
                }
                OriginPattern::Any => {
                    any.get_or_insert(i);
                }
            }
        }
        Ok(AcceptedOrigins { entries, by_origin, any })
    }

    /// The entry that accepts `origin`: an exact entry wins over `*`.
    pub fn find(&self, origin: &Origin) -> Option<&AcceptedOrigin> {
        self.by_origin.get(origin).or(self.any.as_ref()).map(|&i| &self.entries[i])
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Splits on commas outside parentheses, trimming; refuses unbalanced parentheses.
fn split_top_level(option: &str) -> Result<Vec<String>, String> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut current = String::new();
    for c in option.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.checked_sub(1).ok_or_else(|| format!("`{option}`: a `)` has no `(`"))?,
            ',' if depth == 0 => {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if depth != 0 {
        return Err(format!("`{option}`: a `(` is never closed"));
    }
    parts.push(current);
    Ok(parts.into_iter().map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(s: &str) -> Origin {
        Origin::parse(s).unwrap()
    }

    #[test]
    fn origins_are_normalized() {
        assert_eq!(origin("HTTP://My-Web-Server:80/path/page.html"), origin("http://my-web-server"));
        assert_eq!(origin("https://crm.example.com:443"), origin("https://crm.example.com"));
        assert_ne!(origin("http://127.0.0.1:8300"), origin("http://127.0.0.1:8301"));
        assert!(Origin::parse("data:text/html,hi").is_err());
        assert!(Origin::parse("not a url").unwrap_err().contains("not an origin"));
    }

    #[test]
    fn parses_the_documented_example_with_filters() {
        let accepted = AcceptedOrigins::parse(
            "http://my-web-server0, http://my-web-server1 (*), http://my-web-server2 (agent.*, voice.dial), http://my-web-server3 (agent.*, interaction.*)",
        )
        .unwrap();
        assert_eq!(accepted.len(), 4);
        let f0 = &accepted.find(&origin("http://my-web-server0")).unwrap().filter;
        assert!(f0.allows("voice.dial") && f0.allows("interaction.setUserData"));
        let f2 = &accepted.find(&origin("http://my-web-server2")).unwrap().filter;
        for allowed in ["agent.get", "agent.getStateList", "agent.setState", "agent.getState", "voice.dial"] {
            assert!(f2.allows(allowed), "{allowed}");
        }
        assert!(!f2.allows("voice.dialEx") && !f2.allows("interaction.getInteractions"));
        assert!(accepted.find(&origin("http://elsewhere")).is_none());
    }

    #[test]
    fn star_accepts_any_origin_but_exact_entries_win() {
        let accepted = AcceptedOrigins::parse("* (agent.get), http://a (voice.dial)").unwrap();
        assert!(accepted.find(&origin("http://zzz")).unwrap().filter.allows("agent.get"));
        let a = &accepted.find(&origin("http://a")).unwrap().filter;
        assert!(a.allows("voice.dial") && !a.allows("agent.get"));
    }

    #[test]
    fn bad_entries_are_refused_with_what_is_wrong() {
        assert!(AcceptedOrigins::parse("http://a (agent.get").unwrap_err().contains("never closed"));
        assert!(AcceptedOrigins::parse("http://a ()").unwrap_err().contains("filter is empty"));
        assert!(AcceptedOrigins::parse("http://a (*.get)").unwrap_err().contains("may only end"));
        assert!(AcceptedOrigins::parse("nonsense").unwrap_err().contains("not an origin"));
        assert!(AcceptedOrigins::parse("").unwrap().is_empty());
    }
}
