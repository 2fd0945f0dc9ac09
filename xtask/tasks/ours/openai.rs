use std::error::Error;

use openai_client::types::{
    ChatCompletionRequestSystemMessage, ChatCompletionRequestUserMessage,
    CreateChatCompletionRequest, OpenAiFile,
};
use openai_client::Client;

async fn chat(client: &Client) -> Result<Option<String>, Box<dyn Error>> {
    let request = CreateChatCompletionRequest::new(
        vec![
            ChatCompletionRequestSystemMessage::new("Be terse").into(),
            ChatCompletionRequestUserMessage::new("Name three rivers").into(),
        ],
        "gpt-4o-mini",
    );
    let response = client.create_chat_completion(request).await?.into_body();
    let choice = response.choices.into_iter().next();
    Ok(choice.and_then(|choice| choice.message.content))
}

async fn chat_stream(client: &Client) -> Result<String, Box<dyn Error>> {
    let request = CreateChatCompletionRequest::new(
        vec![
            ChatCompletionRequestSystemMessage::new("Be terse").into(),
            ChatCompletionRequestUserMessage::new("Name three rivers").into(),
        ],
        "gpt-4o-mini",
    )
    .with_stream(true);
    let response = client.create_chat_completion(request).stream().await?;
    let mut events = response.into_body();
    let mut text = String::new();
    while let Some(event) = events.next().await {
        let event = event?;
        if event.data == "[DONE]" {
            break;
        }
        for choice in event.decode()?.choices {
            text.extend(choice.delta.content.flatten());
        }
    }
    Ok(text)
}

async fn all_files(client: &Client) -> Result<Vec<OpenAiFile>, Box<dyn Error>> {
    let files = client.list_files().items().try_collect().await?;
    Ok(files)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let client = Client::builder()
        .api_key_auth(std::env::var("OPENAI_API_KEY")?)
        .build()?;
    println!("{:?}", chat(&client).await?);
    println!("{}", chat_stream(&client).await?);
    println!("{}", all_files(&client).await?.len());
    Ok(())
}
