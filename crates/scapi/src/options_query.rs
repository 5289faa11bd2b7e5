//! `configuration.getOption`: pages read configuration options by name — `option` (in
//! `[interaction-workspace]`), `Section/option`, with `*` only at the end of a word
//! (`voice.*`, `CustomAPI/test.*`). The desktop's own `[agentdeck]` section is not shown.

use agentdeck_config::{Config, DEFAULT_SECTION, DESKTOP_SECTION};
use serde_json::{json, Value};

/// A name pattern: exact, or a prefix when it ended with `*`.
enum Pattern<'a> {
    Exact(&'a str),
    Prefix(&'a str),
}

impl<'a> Pattern<'a> {
    fn parse(word: &'a str, whole: &str) -> Result<Pattern<'a>, String> {
        let stem = word.strip_suffix('*');
        if stem.unwrap_or(word).contains('*') {
            return Err(format!("'{whole}': a wildcard '*' may only end an option or section name"));
        }
        if word.is_empty() {
            return Err(format!("'{whole}': an empty name"));
        }
        Ok(stem.map(Pattern::Prefix).unwrap_or(Pattern::Exact(word)))
    }

    fn matches(&self, name: &str) -> bool {
        match self {
            Pattern::Exact(e) => name == *e,
            Pattern::Prefix(p) => name.starts_with(p),
        }
    }
}

/// Answers `getOption(options)`: every matching option as `{section, name, value}`, in the
/// order asked, each once.
pub fn get_option(config: &Config, options: &Value) -> Result<Value, String> {
    let asked: Vec<&str> = match options {
        Value::String(one) => vec![one.as_str()],
        Value::Array(many) => many
            .iter()
            .map(|v| v.as_str().ok_or_else(|| format!("parameter `options` must hold strings, not {v}")))
            .collect::<Result<_, _>>()?,
        other => return Err(format!("parameter `options` must be a string or an array of strings, not {other}")),
    };
    let mut found: Vec<Value> = Vec::new();
    for query in asked {
        let (section_word, option_word) = query.split_once('/').unwrap_or((DEFAULT_SECTION, query));
        let section_pattern = Pattern::parse(section_word, query)?;
        let option_pattern = Pattern::parse(option_word, query)?;
        for section in config.sections().iter().filter(|s| s.name != DESKTOP_SECTION && section_pattern.matches(&s.name)) {
            for option in section.options.iter().filter(|o| option_pattern.matches(&o.name)) {
                let entry = json!({ "section": section.name, "name": option.name, "value": option.value });
                if !found.contains(&entry) {
                    found.push(entry);
                }
            }
        }
    }
    Ok(Value::Array(found))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn config() -> Config {
        Config::parse(
            "[interaction-workspace]\n\"voice.auto-answer\" = true\n\"voice.dial\" = \"x\"\n\"privilege.email.canmarkdone\" = true\n\"sipendpoint.a\" = 1\n[CustomAPI]\n\"test.one\" = \"1\"\n\"other\" = \"2\"\n[agentdeck]\n\"web-server.ports\" = [1]\n",
            "c",
            Path::new("."),
        )
        .unwrap()
    }

    fn names(v: &Value) -> Vec<String> {
        v.as_array().unwrap().iter().map(|e| format!("{}/{}", e["section"].as_str().unwrap(), e["name"].as_str().unwrap())).collect()
    }

    #[test]
    fn single_multiple_sectioned_and_wildcard_queries() {
        let c = config();
        let one = get_option(&c, &json!("voice.auto-answer")).unwrap();
        assert_eq!(one, json!([{"section": "interaction-workspace", "name": "voice.auto-answer", "value": "true"}]));
        assert_eq!(names(&get_option(&c, &json!(["voice.*", "privilege.email.canmarkdone"])).unwrap()).len(), 3);
        assert_eq!(names(&get_option(&c, &json!("voice.auto*")).unwrap()), ["interaction-workspace/voice.auto-answer"]);
        assert_eq!(names(&get_option(&c, &json!("CustomAPI/test.*")).unwrap()), ["CustomAPI/test.one"]);
        assert_eq!(names(&get_option(&c, &json!(["voice.dial", "voice.*"])).unwrap()).len(), 2, "each once");
        assert_eq!(get_option(&c, &json!("nothing")).unwrap(), json!([]));
    }

    #[test]
    fn leading_or_inner_wildcards_and_bad_types_are_refused() {
        let c = config();
        assert!(get_option(&c, &json!("*.markdone")).unwrap_err().contains("may only end"));
        assert!(get_option(&c, &json!("*.auto")).is_err());
        assert!(get_option(&c, &json!("voice.*.x")).is_err());
        assert!(get_option(&c, &json!(3)).unwrap_err().contains("string or an array"));
        assert!(get_option(&c, &json!([1])).is_err());
    }

    #[test]
    fn the_desktop_section_is_not_shown() {
        assert_eq!(get_option(&config(), &json!("agentdeck/*")).unwrap(), json!([]));
    }
}
