//! The generated Nylas client, creating and updating a connector credential as the Nylas
//! reference pages' samples do, against a local stand-in of the API (no account needed):
//!
//! ```text
//! cargo run --example nylas
//! ```
//!
//! Against the real API, leave out the stand-in and `base_url`, and pass your own key.

use openapi_clients::nylas::{types, Client, Error};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = tests::stand_in::nylas().await;
    println!("Nylas stand-in listening on {}\n", server.base_url());

    let client = Client::builder()
        .nylas_api_key(tests::stand_in::nylas::API_KEY)
        .base_url(server.base_url())
        .build()?;

    // POST /v3/connectors/google/creds, with the body of the page's cURL sample.
    // `new` takes the required fields (in the order of the struct's fields, by JSON key).
    let body =
        types::CreateCredentialRequest::Connector(types::ConnectorOverrideCredentialRequest::new(
            types::ConnectorOverrideCredentialData::new("<CLIENT_ID>", "<CLIENT_SECRET>"),
            "CONNECTOR",
        ));
    println!("request body (secrets redacted): {body:?}\n");
    let created = client
        .create_credential(&types::Provider::Google, body.clone())
        .await?;
    println!(
        "created: HTTP {}, {} attempt(s)\n{:#?}\n",
        created.status(),
        created.attempts(),
        created.body()
    );
    let id = created
        .into_body()
        .data
        .map(|credential| credential.id)
        .unwrap_or_default();

    // Names must be unique: creating the same credential again is a documented 400,
    // decoded into the operation's error enum.
    match client
        .create_credential(&types::Provider::Google, body)
        .await
    {
        Err(Error::Api(api)) => match &api.body {
            types::CreateCredentialError::BadRequest(e) => println!(
                "second create refused: HTTP {}: {}\n",
                api.status,
                e.error.message.as_deref().unwrap_or("(no message)")
            ),
            types::CreateCredentialError::Unauthorized(e) => {
                println!("not authenticated: {:?}", e.error.message)
            }
            // The error enum is `#[non_exhaustive]`: a status the spec documents later
            // lands here until this code handles it.
            other => println!("refused: HTTP {}: {other:?}", api.status),
        },
        Err(other) => return Err(other.into()),
        Ok(response) => println!("unexpectedly created again: {:?}", response.body()),
    }

    // PATCH /v3/connectors/google/creds/{id}, with the body of the page's cURL sample:
    // every field of an update is optional, and `with_` methods set the ones sent. The
    // spec makes the body itself optional: the request's `body` setter sends one.
    let update = types::UpdateCredentialRequest::new()
        .with_name("google")
        .with_credential_data(
            types::UpdateCredentialData::new()
                .with_client_id("<PROVIDER_CLIENT_ID>")
                .with_client_secret("<PROVIDER_CLIENT_SECRET>"),
        );
    let updated = client
        .update_credential(&types::Provider::Google, &id)
        .body(update)
        .await?;
    println!(
        "updated: HTTP {}\n{:#?}\n",
        updated.status(),
        updated.body()
    );
    Ok(())
}
