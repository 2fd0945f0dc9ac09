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
    let body = types::ApiCredentialCreateRequest {
        data: types::ApiCredentialCreateData {
            r#type: types::ApiCredentialCreateDataType::ApiCredentials,
            attributes: types::ApiCredentialCreateAttributes {
                name: "My app".to_owned(),
                kind: "sales_channel".to_owned(),
                custom: None,
                expires_in: None,
                metadata: None,
                mode: None,
                redirect_uri: None,
                reference: None,
                reference_origin: None,
            },
            relationships: types::ApiCredentialCreateRelationships {
                organization: types::ToOneRelationship {
                    data: types::ResourceIdentifier {
                        r#type: "organizations".to_owned(),
                        id: "ABCRtyUpBa".to_owned(),
                    },
                },
                role: None,
            },
        },
    };
    let response = client.create_api_credential(&body).await?;
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
