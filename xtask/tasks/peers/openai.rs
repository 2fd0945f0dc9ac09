use std::error::Error;

use async_openai::config::OpenAIConfig;
use async_openai::traits::RequestOptionsBuilder;
use async_openai::types::chat::{
    ChatCompletionRequestSystemMessage, ChatCompletionRequestUserMessage,
    CreateChatCompletionRequestArgs,
};
use async_openai::types::files::{ListFilesQuery, OpenAIFile};
use async_openai::Client;
use futures::StreamExt;

async fn chat(client: &Client<OpenAIConfig>) -> Result<Option<String>, Box<dyn Error>> {
    let request = CreateChatCompletionRequestArgs::default()
        .model("gpt-4o-mini")
        .messages([
            ChatCompletionRequestSystemMessage::from("Be terse").into(),
            ChatCompletionRequestUserMessage::from("Name three rivers").into(),
        ])
        .build()?;
    let response = client.chat().create(request).await?;
    let choice = response.choices.into_iter().next();
    Ok(choice.and_then(|choice| choice.message.content))
}

async fn chat_stream(client: &Client<OpenAIConfig>) -> Result<String, Box<dyn Error>> {
    let request = CreateChatCompletionRequestArgs::default()
        .model("gpt-4o-mini")
        .messages([
            ChatCompletionRequestSystemMessage::from("Be terse").into(),
            ChatCompletionRequestUserMessage::from("Name three rivers").into(),
        ])
        .build()?;
    let mut stream = client.chat().create_stream(request).await?;
    let mut text = String::new();
    while let Some(chunk) = stream.next().await {
        for choice in chunk?.choices {
            text.extend(choice.delta.content);
        }
    }
    Ok(text)
}

async fn all_files(client: &Client<OpenAIConfig>) -> Result<Vec<OpenAIFile>, Box<dyn Error>> {
    let mut files = Vec::new();
    let mut query = ListFilesQuery::default();
    loop {
        let page = client.files().query(&query)?.list().await?;
        files.extend(page.data);
        if !page.has_more {
            return Ok(files);
        }
        query.after = page.last_id;
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let config = OpenAIConfig::new().with_api_key(std::env::var("OPENAI_API_KEY")?);
    let client = Client::with_config(config);
    println!("{:?}", chat(&client).await?);
    println!("{}", chat_stream(&client).await?);
    println!("{}", all_files(&client).await?.len());
    Ok(())
}
