//! `auth.getJwtToken`: a JWT signed with an ES256 key the desktop makes at start-up,
//! naming the agent, issued by AgentDeck, for the calling origin (the audience), short
//! lived. The public key is published as a JWKS document so an extension's backend can
//! verify the token without trusting the page that carried it.

use std::time::{SystemTime, UNIX_EPOCH};

use contact_center::Agent;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use p256::pkcs8::EncodePrivateKey;
use serde::Serialize;
use serde_json::{json, Value};

/// The `iss` of every token.
pub const ISSUER: &str = "agentdeck";
/// How long a token is good for.
pub const LIFETIME_SECONDS: u64 = 300;

/// The claims of a token.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Claims<'a> {
    iss: &'a str,
    sub: &'a str,
    aud: &'a str,
    iat: u64,
    exp: u64,
    employee_id: &'a str,
    firstname: &'a str,
    lastname: &'a str,
}

/// Signs tokens with this run's key.
pub struct TokenIssuer {
    key: EncodingKey,
    key_id: String,
    jwk: Value,
}

impl TokenIssuer {
    /// A fresh P-256 key.
    pub fn generate() -> Result<TokenIssuer, String> {
        let secret = p256::SecretKey::random(&mut rand_core::OsRng);
        let der = secret.to_pkcs8_der().map_err(|e| format!("cannot encode the signing key: {e}"))?;
        let key = EncodingKey::from_ec_der(der.as_bytes());
        let mut jwk: Value = serde_json::from_str(&secret.public_key().to_jwk_string())
            .map_err(|e| format!("cannot encode the public key: {e}"))?;
        let key_id = format!("agentdeck-{}", &jwk["x"].as_str().unwrap_or_default().chars().take(12).collect::<String>());
        jwk["kid"] = json!(key_id);
        jwk["use"] = json!("sig");
        jwk["alg"] = json!("ES256");
        Ok(TokenIssuer { key, key_id, jwk })
    }

    /// The public key set, as `/.well-known/jwks.json` documents serve it.
    pub fn jwks(&self) -> Value {
        json!({ "keys": [self.jwk] })
    }

    /// A token for `agent`, to be presented to `audience` (the calling page's origin).
    pub fn issue(&self, agent: &Agent, audience: &str) -> Result<String, String> {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
        self.issue_at(agent, audience, now)
    }

    pub fn issue_at(&self, agent: &Agent, audience: &str, now: u64) -> Result<String, String> {
        let mut header = Header::new(Algorithm::ES256);
        header.kid = Some(self.key_id.clone());
        let claims = Claims {
            iss: ISSUER,
            sub: &agent.username,
            aud: audience,
            iat: now,
            exp: now + LIFETIME_SECONDS,
            employee_id: &agent.employee_id,
            firstname: &agent.firstname,
            lastname: &agent.lastname,
        };
        jsonwebtoken::encode(&header, &claims, &self.key).map_err(|e| format!("cannot sign the token: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::jwk::JwkSet;
    use jsonwebtoken::{decode, DecodingKey, Validation};

    fn agent() -> Agent {
        Agent { employee_id: "5001".into(), firstname: "Kristi".into(), lastname: "Sippola".into(), username: "ksippola".into() }
    }

    fn verify(issuer: &TokenIssuer, token: &str, audience: &str) -> Result<Value, String> {
        let set: JwkSet = serde_json::from_value(issuer.jwks()).map_err(|e| e.to_string())?;
        let key = DecodingKey::from_jwk(&set.keys[0]).map_err(|e| e.to_string())?;
        let mut validation = Validation::new(Algorithm::ES256);
        validation.set_audience(&[audience]);
        validation.set_issuer(&[ISSUER]);
        decode::<Value>(token, &key, &validation).map(|d| d.claims).map_err(|e| e.to_string())
    }

    #[test]
    fn a_backend_verifies_the_token_with_the_published_key() {
        let issuer = TokenIssuer::generate().unwrap();
        let token = issuer.issue(&agent(), "http://127.0.0.1:8300").unwrap();
        let claims = verify(&issuer, &token, "http://127.0.0.1:8300").unwrap();
        assert_eq!(claims["sub"], "ksippola");
        assert_eq!(claims["employeeId"], "5001");
        assert_eq!(claims["exp"].as_u64().unwrap() - claims["iat"].as_u64().unwrap(), LIFETIME_SECONDS);
        assert_eq!(issuer.jwks()["keys"][0]["kty"], "EC");
    }

    #[test]
    fn a_tampered_token_fails() {
        let issuer = TokenIssuer::generate().unwrap();
        let token = issuer.issue(&agent(), "http://a").unwrap();
        let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
        use base64::Engine;
        let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let mut claims: Value = serde_json::from_slice(&engine.decode(&parts[1]).unwrap()).unwrap();
        claims["sub"] = json!("someone-else");
        parts[1] = engine.encode(serde_json::to_vec(&claims).unwrap());
        assert!(verify(&issuer, &parts.join("."), "http://a").is_err());
    }

    #[test]
    fn another_audience_or_another_key_fails() {
        let issuer = TokenIssuer::generate().unwrap();
        let token = issuer.issue(&agent(), "http://a").unwrap();
        assert!(verify(&issuer, &token, "http://b").unwrap_err().contains("Audience"));
        let other = TokenIssuer::generate().unwrap();
        assert!(verify(&other, &token, "http://a").is_err());
        let expired = issuer.issue_at(&agent(), "http://a", 1_000).unwrap();
        assert!(verify(&issuer, &expired, "http://a").unwrap_err().contains("Expired"));
    }
}
