//! The generated ThousandEyes client, creating a credential as the ThousandEyes API v6
//! reference page's cURL example does, against a local stand-in of the API (no account
//! needed):
//!
//! ```text
//! cargo run --example thousandeyes
//! ```
//!
//! Against the real API, leave out the stand-in and `base_url`, and pass your own user
//! name and API token.

use openapi_clients::thousandeyes::{types, Client};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = tests::stand_in::thousandeyes().await;
    println!("ThousandEyes stand-in listening on {}\n", server.base_url());

    let client = Client::builder()
        .basic_auth(
            tests::stand_in::thousandeyes::USERNAME,
            tests::stand_in::thousandeyes::PASSWORD,
        )
        .base_url(server.base_url())
        .build()?;

    // POST /v6/credentials/new.json?aid=..., with the body of the page's cURL example;
    // `aid`, an optional query parameter, is a setter of the request.
    // `value` is a `Secret`: `Debug` prints `[redacted]`.
    let body = types::CreateCredentialRequest::new("new_api_credential", "secret p@ssword");
    println!("request body (secrets redacted): {body:?}\n");
    let response = client
        .create_credential(body)
        .aid(tests::stand_in::thousandeyes::ACCOUNT_GROUP_ID)
        .await?;
    println!(
        "created: HTTP {}, {} attempt(s)",
        response.status(),
        response.attempts()
    );
    for name in [
        "x-organization-rate-limit-limit",
        "x-organization-rate-limit-remaining",
        "x-organization-rate-limit-reset",
    ] {
        println!("  {name}: {}", response.header(name).unwrap_or("(absent)"));
    }
    for credential in response.credentials.as_deref().unwrap_or_default() {
        println!(
            "  credential {} named {:?}, links: {:?}",
            credential.credential_id.unwrap_or_default(),
            credential.name.as_deref().unwrap_or_default(),
            credential
                .api_links
                .iter()
                .flatten()
                .filter_map(|link| link.href.as_deref())
                .collect::<Vec<_>>()
        );
    }
    Ok(())
}
