use std::error::Error;

use octocrab::models::issues::{Comment, Issue};
use octocrab::models::Repository;
use octocrab::{params, Octocrab};

async fn get_repository(octocrab: &Octocrab) -> Result<Repository, Box<dyn Error>> {
    let repository = octocrab.repos("rust-lang", "rust").get().await?;
    Ok(repository)
}

async fn open_bugs(octocrab: &Octocrab) -> Result<Vec<Issue>, Box<dyn Error>> {
    let page = octocrab
        .issues("rust-lang", "rust")
        .list()
        .state(params::State::Open)
        .labels(&["C-bug".to_string()])
        .per_page(100)
        .send()
        .await?;
    let issues = octocrab.all_pages(page).await?;
    Ok(issues)
}

async fn comment(octocrab: &Octocrab) -> Result<Comment, Box<dyn Error>> {
    let comment = octocrab
        .issues("rust-lang", "rust")
        .create_comment(1, "Thanks for the report!")
        .await?;
    Ok(comment)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let octocrab = Octocrab::builder()
        .personal_token(std::env::var("GITHUB_TOKEN")?)
        .build()?;
    println!("{}", get_repository(&octocrab).await?.name);
    println!("{}", open_bugs(&octocrab).await?.len());
    println!("{}", comment(&octocrab).await?.id);
    Ok(())
}
