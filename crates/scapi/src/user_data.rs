//! Who may read and write attached data: `service-client-api.user-data.read-allowed` and
//! `service-client-api.user-data.write-allowed`. Reading is filtered out of every answer and
//! event (every `userData` object in it); a write that touches a key outside the list is
//! refused whole, naming the keys, and changes nothing. An absent option limits nothing:
//! the documents describe these options as ones that *limit* access.

use agentdeck_config::{Config, DEFAULT_SECTION};
use serde_json::Value;

pub const READ_ALLOWED_OPTION: &str = "service-client-api.user-data.read-allowed";
pub const WRITE_ALLOWED_OPTION: &str = "service-client-api.user-data.write-allowed";

/// One allow list; `None` when the option is absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyList(Option<Vec<String>>);

impl KeyList {
    pub fn from_option(config: &Config, option: &str) -> KeyList {
        KeyList(config.option(DEFAULT_SECTION, option).map(|entry| {
            entry.value.split(',').map(|k| k.trim().to_owned()).filter(|k| !k.is_empty()).collect()
        }))
    }

    pub fn of(keys: &[&str]) -> KeyList {
        KeyList(Some(keys.iter().map(|k| k.to_string()).collect()))
    }

    pub fn allows(&self, key: &str) -> bool {
        self.0.as_ref().is_none_or(|keys| keys.iter().any(|k| k == key))
    }
}

/// The attached-data rules.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserDataRules {
    pub read: KeyList,
    pub write: KeyList,
}

impl UserDataRules {
    pub fn from_config(config: &Config) -> UserDataRules {
        UserDataRules {
            read: KeyList::from_option(config, READ_ALLOWED_OPTION),
            write: KeyList::from_option(config, WRITE_ALLOWED_OPTION),
        }
    }

    /// Removes every unreadable key from every `userData` object inside `value`.
    pub fn filter_readable(&self, value: &mut Value) {
        if self.read.0.is_none() {
            return;
        }
        match value {
            Value::Object(map) => {
                for (key, inner) in map.iter_mut() {
                    if key == "userData" {
                        if let Value::Object(user_data) = inner {
                            user_data.retain(|k, _| self.read.allows(k));
                            continue;
                        }
                    }
                    self.filter_readable(inner);
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.filter_readable(v)),
            _ => {}
        }
    }

    /// `Err` naming the keys a write may not touch.
    pub fn check_writable<'a>(&self, keys: impl IntoIterator<Item = &'a str>) -> Result<(), String> {
        let refused: Vec<&str> = keys.into_iter().filter(|k| !self.write.allows(k)).collect();
        if refused.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "writing {} is not allowed by {WRITE_ALLOWED_OPTION}; nothing was changed",
                refused.iter().map(|k| format!("'{k}'")).collect::<Vec<_>>().join(", ")
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reading_filters_every_user_data_object_deep_inside() {
        let rules = UserDataRules { read: KeyList::of(&["Key1", "Key2"]), write: KeyList::default() };
        let mut v = json!({"eventType": "ADDED", "interaction": {"userData": {"Key1": 1, "Secret": 2}},
                           "list": [{"userData": {"Key2": "x", "Pin": "0000"}}], "Secret": "not user data"});
        rules.filter_readable(&mut v);
        assert_eq!(v, json!({"eventType": "ADDED", "interaction": {"userData": {"Key1": 1}},
                              "list": [{"userData": {"Key2": "x"}}], "Secret": "not user data"}));
    }

    #[test]
    fn absent_options_limit_nothing() {
        let rules = UserDataRules::default();
        let mut v = json!({"userData": {"Anything": 1}});
        rules.filter_readable(&mut v);
        assert_eq!(v, json!({"userData": {"Anything": 1}}));
        assert!(rules.check_writable(["Anything"]).is_ok());
    }

    #[test]
    fn a_write_outside_the_list_names_every_refused_key() {
        let rules = UserDataRules { read: KeyList::default(), write: KeyList::of(&["Key1", "Key3"]) };
        assert!(rules.check_writable(["Key1", "Key3"]).is_ok());
        assert_eq!(
            rules.check_writable(["Key1", "Key2", "Key9"]).unwrap_err(),
            "writing 'Key2', 'Key9' is not allowed by service-client-api.user-data.write-allowed; nothing was changed"
        );
    }
}
