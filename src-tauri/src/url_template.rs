//! Web content URL templates: `https://crm/case?ani=$Interaction.ANI$` gets the
//! interaction's and agent's fields filled in, URL-encoded, and attached data only where
//! the read-allowed option permits. Templates are checked when the configuration loads,
//! so an unknown field is an administrator's error, not a broken page later.

use contact_center::{Agent, Interaction};
use serde_json::Value;

/// The fields a template may name.
const FIELDS: &[&str] = &[
    "Interaction.ANI",
    "Interaction.DNIS",
    "Interaction.InteractionId",
    "Interaction.CaseId",
    "Interaction.Media",
    "Agent.UserName",
    "Agent.EmployeeId",
    "Agent.FirstName",
    "Agent.LastName",
];
const ATTACHED_DATA: &str = "AttachedData.";

/// The fields named in `template`, in order; an error names an unknown or unclosed one.
pub fn fields(template: &str) -> Result<Vec<&str>, String> {
    let mut found = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('$') {
        let after = &rest[start + 1..];
        let end = after.find('$').ok_or_else(|| format!("`{template}`: a `$` field is never closed"))?;
        let field = &after[..end];
        let known = FIELDS.contains(&field) || field.strip_prefix(ATTACHED_DATA).is_some_and(|k| !k.is_empty());
        if !known {
            return Err(format!(
                "`{template}`: unknown field `${field}$` (known: {}, AttachedData.<key>)",
                FIELDS.iter().map(|f| format!("${f}$")).collect::<Vec<_>>().join(", ")
            ));
        }
        found.push(field);
        rest = &after[end + 1..];
    }
    Ok(found)
}

/// Fills `template`. Fields with no value (no interaction, a key not attached or not
/// read-allowed) become empty.
pub fn fill(
    template: &str,
    agent: &Agent,
    interaction: Option<&Interaction>,
    may_read: impl Fn(&str) -> bool,
) -> Result<String, String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    for field in fields(template)? {
        let marker = format!("${field}$");
        let at = rest.find(&marker).unwrap_or(rest.len());
        out.push_str(&rest[..at]);
        let value = value_of(field, agent, interaction, &may_read);
        out.extend(url::form_urlencoded::byte_serialize(value.as_bytes()));
        rest = &rest[(at + marker.len()).min(rest.len())..];
    }
    out.push_str(rest);
    Ok(out)
}

fn value_of(field: &str, agent: &Agent, interaction: Option<&Interaction>, may_read: &impl Fn(&str) -> bool) -> String {
    if let Some(key) = field.strip_prefix(ATTACHED_DATA) {
        return match interaction.and_then(|i| i.user_data.get(key)) {
            Some(_) if !may_read(key) => String::new(),
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => String::new(),
        };
    }
    let i = interaction;
    match field {
        "Interaction.ANI" => i.map(|i| i.ani.clone()),
        "Interaction.DNIS" => i.map(|i| i.dnis.clone()),
        "Interaction.InteractionId" => i.map(|i| i.interaction_id.clone()),
        "Interaction.CaseId" => i.map(|i| i.case_id.clone()),
        "Interaction.Media" => i.map(|i| i.media.clone()),
        "Agent.UserName" => Some(agent.username.clone()),
        "Agent.EmployeeId" => Some(agent.employee_id.clone()),
        "Agent.FirstName" => Some(agent.firstname.clone()),
        "Agent.LastName" => Some(agent.lastname.clone()),
        _ => None,
    }
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use contact_center::{ContactCenter, Simulator};
    use serde_json::Map;

    #[test]
    fn fills_fields_encoded_and_attached_data_only_where_readable() {
        let sim = Simulator::new();
        let mut data = Map::new();
        data.insert("Account".into(), "A&B 7".into());
        data.insert("Secret".into(), "pin".into());
        let call = sim.inbound_call("+1 555", data);
        let url = fill(
            "http://crm/?ani=$Interaction.ANI$&acct=$AttachedData.Account$&s=$AttachedData.Secret$&u=$Agent.UserName$",
            &sim.agent(),
            Some(&call),
            |k| k == "Account",
        )
        .unwrap();
        assert_eq!(url, "http://crm/?ani=%2B1+555&acct=A%26B+7&s=&u=ksippola");
    }

    #[test]
    fn unknown_or_unclosed_fields_are_errors() {
        assert!(fields("http://x/$Interaction.Color$").unwrap_err().contains("unknown field `$Interaction.Color$`"));
        assert!(fields("http://x/$Agent.UserName").unwrap_err().contains("never closed"));
        assert_eq!(fields("http://x/plain").unwrap(), Vec::<&str>::new());
    }
}
