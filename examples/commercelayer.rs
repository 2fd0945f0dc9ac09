//! The generated Commerce Layer client, creating an API credential as the provisioning
//! API reference page's cURL example does, against a local stand-in of the API (no
//! account needed):
//!
//! ```text
//! cargo run --example commercelayer
//! ```
//!
//! Against the real API, leave out the stand-in and `base_url`, and pass your own access
//! token.

use openapi_clients::commercelayer::{types, Client};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = tests::stand_in::commercelayer().await;
    println!(
        "Commerce Layer stand-in listening on {}\n",
        server.base_url()
    );

    let client = Client::builder()
        .bearer_auth(tests::stand_in::commercelayer::ACCESS_TOKEN)
        .base_url(server.base_url())
        .build()?;

    // POST /api/api_credentials, with the JSON:API document of the page's cURL example.
    // `new` takes the required fields (in the order of the struct's fields, by JSON key);
    // `with_` methods set optional ones; `type`, which can be one value only, is filled in.
    let body = types::ApiCredentialCreateRequest::new(types::ApiCredentialCreateData::new(
        types::ApiCredentialCreateAttributes::new("sales_channel", "My app"),
        types::ApiCredentialCreateRelationships::new(types::ToOneRelationship::new(
            types::ResourceIdentifier::new("ABCRtyUpBa", "organizations"),
        )),
    ));
    let response = client.create_api_credential(body).await?;
    println!(
        "created: HTTP {} ({}), {} attempt(s)",
        response.status(),
        response.header("content-type").unwrap_or_default(),
        response.attempts()
    );
    // `Debug` redacts the credential's client secret.
    println!("{:#?}", response.body());
    if let Some(attributes) = response.data.as_ref().and_then(|d| d.attributes.as_ref()) {
        println!(
            "\nclient_id {:?}, scopes {:?}; the client secret is in `client_secret.expose()`",
            attributes.client_id.as_deref().unwrap_or_default(),
            attributes.scopes.as_deref().unwrap_or_default()
        );
    }
    Ok(())
}
