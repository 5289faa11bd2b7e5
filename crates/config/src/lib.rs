//! AgentDeck's configuration: one TOML file whose tables are configuration *sections*
//! (`[interaction-workspace]`, `[CRM]`, …) and whose keys are the option names
//! administrators already know (`service-client-api.rate-limit`, …).
//!
//! It exists so every part of the desktop reads options the same way, and so every
//! mistake in the file is reported with `file:line:col` and what was expected. Typed
//! views over the sections (web content, policy) live next to their users and report
//! their own mistakes through [`Config::error_at`].

mod desktop;
mod web_content;

pub use desktop::{DesktopSettings, DESKTOP_SECTION};
pub use web_content::{WebContent, WebContentMode, WebContentScope};

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// The section whose options `configuration.getOption` reads when no section is named.
pub const DEFAULT_SECTION: &str = "interaction-workspace";

/// A configuration mistake, located in the file it came from.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct ConfigError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// One option as written in the file: its value as text, and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionEntry {
    pub name: String,
    pub value: String,
    span: Range<usize>,
}

/// One `[section]` of the file, options in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub name: String,
    pub options: Vec<OptionEntry>,
    span: Range<usize>,
}

impl Section {
    /// The option called `name`, if the section has it.
    pub fn get(&self, name: &str) -> Option<&OptionEntry> {
        self.options.iter().find(|o| o.name == name)
    }
}

/// A parsed configuration file.
#[derive(Debug, Clone)]
pub struct Config {
    source_name: String,
    text: String,
    base_dir: PathBuf,
    sections: Vec<Section>,
}

impl Config {
    /// Reads and parses the file at `path`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            file: path.display().to_string(),
            line: 0,
            column: 0,
            message: format!("cannot read the configuration file: {e}"),
        })?;
        let base_dir = path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        Config::parse(&text, &path.display().to_string(), &base_dir)
    }

    /// Parses `text`; `source_name` names it in errors, `base_dir` resolves relative paths.
    pub fn parse(text: &str, source_name: &str, base_dir: &Path) -> Result<Config, ConfigError> {
        let mut config = Config {
            source_name: source_name.to_owned(),
            text: text.to_owned(),
            base_dir: base_dir.to_path_buf(),
            sections: Vec::new(),
        };
        let document: SpannedDocument = toml::from_str(text).map_err(|e| {
            let at = e.span().map(|s| s.start).unwrap_or(0);
            config.error_at_offset(at, e.message().trim().to_owned())
        })?;
        for (name, section) in document.0 {
            let section_span = section.span();
            let table = match section.into_inner() {
                SpannedValue::Table(table) => table,
                _ => {
                    return Err(config.error_at_offset(
                        section_span.start,
                        format!(
                            "`{name}` stands outside any [section]; options belong in a section such as [{DEFAULT_SECTION}]"
                        ),
                    ))
                }
            };
            let mut options = Vec::new();
            for (option, value) in table {
                let span = value.span();
                let text = match value.into_inner() {
                    SpannedValue::Scalar(text) => text,
                    SpannedValue::List(items) => items.join(","),
                    SpannedValue::Table(_) => {
                        return Err(config.error_at_offset(
                            span.start,
                            format!(
                                "option `{option}` of section [{name}]: expected a string, number, boolean or list, found a table"
                            ),
                        ))
                    }
                };
                options.push(OptionEntry { name: option, value: text, span });
            }
            config.sections.push(Section { name, options, span: section_span });
        }
        Ok(config)
    }

    /// The name the file goes by in errors.
    pub fn source_name(&self) -> &str {
        &self.source_name
    }

    /// The folder relative paths in the file are taken from.
    pub fn base_dir(&self) -> &Path {
        &self.base_dir
    }

    /// Every section, in file order.
    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    /// The section called `name` (section names are compared exactly, as written).
    pub fn section(&self, name: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.name == name)
    }

    /// The option `name` in section `section`.
    pub fn option(&self, section: &str, name: &str) -> Option<&OptionEntry> {
        self.section(section)?.get(name)
    }

    /// An error about `entry`'s value, located where that value stands in the file.
    pub fn error_at(&self, entry: &OptionEntry, message: impl Into<String>) -> ConfigError {
        self.error_at_offset(entry.span.start, message.into())
    }

    /// An error about a whole section, located at its table.
    pub fn error_at_section(&self, section: &Section, message: impl Into<String>) -> ConfigError {
        self.error_at_offset(section.span.start, message.into())
    }

    fn error_at_offset(&self, offset: usize, message: String) -> ConfigError {
        let (line, column) = line_column(&self.text, offset);
        ConfigError { file: self.source_name.clone(), line, column, message }
    }

    /// Parses an option as a whole number, naming the option when it is not one.
    pub fn integer(&self, section: &str, name: &str) -> Result<Option<i64>, ConfigError> {
        match self.option(section, name) {
            None => Ok(None),
            Some(entry) => entry.value.trim().parse::<i64>().map(Some).map_err(|_| {
                self.error_at(
                    entry,
                    format!("option `{name}` of [{section}]: expected a whole number, found `{}`", entry.value),
                )
            }),
        }
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = text[line_start..offset].chars().count() + 1;
    (line, column)
}

/// The document as tables of spanned values, keeping file order.
struct SpannedDocument(Vec<(String, toml::Spanned<SpannedValue>)>);

/// An option value reduced to what the configuration model knows: text, a list of texts,
/// or a table (which is only right at the top level, as a section).
enum SpannedValue {
    Scalar(String),
    List(Vec<String>),
    Table(Vec<(String, toml::Spanned<SpannedValue>)>),
}

/// A table's entries in file order, each value with its span.
fn spanned_entries<'de, A: serde::de::MapAccess<'de>>(
    mut map: A,
) -> Result<Vec<(String, toml::Spanned<SpannedValue>)>, A::Error> {
    let mut out = Vec::new();
    while let Some(entry) = map.next_entry::<String, toml::Spanned<SpannedValue>>()? {
        out.push(entry);
    }
    Ok(out)
}

impl<'de> serde::Deserialize<'de> for SpannedDocument {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = SpannedDocument;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a table of sections")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                spanned_entries(map).map(SpannedDocument)
            }
        }
        d.deserialize_map(Visit)
    }
}

impl<'de> serde::Deserialize<'de> for SpannedValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = SpannedValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, number, boolean, list or table")
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(SpannedValue::Scalar(v.to_owned()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
                Ok(SpannedValue::Scalar(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
                Ok(SpannedValue::Scalar(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
                Ok(SpannedValue::Scalar(v.to_string()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
                Ok(SpannedValue::Scalar(v.to_string()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<toml::Value>()? {
                    match item {
                        toml::Value::String(s) => items.push(s),
                        toml::Value::Integer(i) => items.push(i.to_string()),
                        toml::Value::Float(x) => items.push(x.to_string()),
                        toml::Value::Boolean(b) => items.push(b.to_string()),
                        other => {
                            return Err(serde::de::Error::custom(format!(
                                "a list option holds strings, numbers or booleans, not a {}",
                                other.type_str()
                            )))
                        }
                    }
                }
                Ok(SpannedValue::List(items))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                spanned_entries(map).map(SpannedValue::Table)
            }
        }
        d.deserialize_any(Visit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, "agentdeck.toml", Path::new("/etc/agentdeck"))
    }

    #[test]
    fn reads_sections_and_options_in_file_order() {
        let c = parse(
            "[interaction-workspace]\n\"service-client-api.rate-limit\" = 0\n\"a.b\" = \"x\"\n[CRM]\nurl = \"http://x\"\nflag = true\nlist = [\"a\", 2]\n",
        )
        .unwrap();
        let names: Vec<_> = c.sections().iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["interaction-workspace", "CRM"]);
        assert_eq!(c.option("interaction-workspace", "service-client-api.rate-limit").unwrap().value, "0");
        assert_eq!(c.option("CRM", "flag").unwrap().value, "true");
        assert_eq!(c.option("CRM", "list").unwrap().value, "a,2");
        assert!(c.option("CRM", "nope").is_none());
    }

    #[test]
    fn syntax_errors_name_file_line_and_column() {
        let err = parse("[interaction-workspace]\n\"a\" = \n").unwrap_err();
        assert_eq!(err.file, "agentdeck.toml");
        assert_eq!(err.line, 2);
        assert!(err.column >= 6, "{err}");
        assert!(err.to_string().starts_with("agentdeck.toml:2:"), "{err}");
    }

    #[test]
    fn an_option_outside_a_section_is_refused_where_it_stands() {
        let err = parse("\n\nstray = 1\n").unwrap_err();
        assert_eq!((err.line, err.column), (3, 9));
        assert!(err.message.contains("outside any [section]"), "{err}");
    }

    #[test]
    fn a_table_as_an_option_value_is_refused() {
        let err = parse("[CRM]\nx = { a = 1 }\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("found a table"), "{err}");
    }

    #[test]
    fn integer_options_name_the_bad_value() {
        let c = parse("[s]\nn = \"ten\"\nm = 7\n").unwrap();
        assert_eq!(c.integer("s", "m").unwrap(), Some(7));
        assert_eq!(c.integer("s", "absent").unwrap(), None);
        let err = c.integer("s", "n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 5));
        assert!(err.message.contains("expected a whole number, found `ten`"), "{err}");
    }

    #[test]
    fn line_and_column_count_characters() {
        assert_eq!(line_column("ab\ncdé\nx", 0), (1, 1));
        assert_eq!(line_column("ab\ncdé\nx", 3), (2, 1));
        assert_eq!(line_column("ab\ncdé\nx", 8), (3, 1));
        assert_eq!(line_column("ab\ncdé\nx", 6), (2, 3), "inside a character counts as that character");
    }
}
