use std::error::Error;

use github_client::types::{
    FullRepository, IssueComment, IssueSimple, IssuesCreateCommentRequest, IssuesListState,
};
use github_client::Client;

async fn get_repository(client: &Client) -> Result<FullRepository, Box<dyn Error>> {
    let repository = client.repos_get("rust-lang", "rust").await?;
    Ok(repository.into_body())
}

async fn open_bugs(client: &Client) -> Result<Vec<IssueSimple>, Box<dyn Error>> {
    let issues = client
        .issues_list_for_repo("rust-lang", "rust")
        .state(IssuesListState::Open)
        .labels("C-bug")
        .per_page(100)
        .items()
        .try_collect()
        .await?;
    Ok(issues)
}

async fn comment(client: &Client) -> Result<IssueComment, Box<dyn Error>> {
    let body = IssuesCreateCommentRequest::new("Thanks for the report!");
    let comment = client
        .issues_create_comment("rust-lang", "rust", 1, body)
        .await?;
    Ok(comment.into_body())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let token = std::env::var("GITHUB_TOKEN")?;
    let client = Client::builder()
        .default_header("Authorization", &format!("Bearer {token}"))
        .build()?;
    println!("{}", get_repository(&client).await?.name);
    println!("{}", open_bugs(&client).await?.len());
    println!("{}", comment(&client).await?.id);
    Ok(())
}
