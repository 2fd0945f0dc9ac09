use std::error::Error;

use stripe_client::types::{
    Customer, PaymentIntent, PostCustomersRequest, PostPaymentIntentsRequest,
};
use stripe_client::Client;

async fn create_customer(client: &Client) -> Result<Customer, Box<dyn Error>> {
    let body = PostCustomersRequest::new()
        .with_email("jenny.rosen@example.com")
        .with_metadata([("order_id".to_string(), "6735".to_string())]);
    let customer = client.post_customers().body(body).await?;
    Ok(customer.into_body())
}

async fn create_payment_intent(
    client: &Client,
    customer: &Customer,
) -> Result<PaymentIntent, Box<dyn Error>> {
    let body = PostPaymentIntentsRequest::new(2000, "usd").with_customer(&customer.id);
    let intent = client.post_payment_intents(body).await?;
    Ok(intent.into_body())
}

async fn all_customers(client: &Client) -> Result<Vec<Customer>, Box<dyn Error>> {
    let customers = client.get_customers().items().try_collect().await?;
    Ok(customers)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let client = Client::builder()
        .bearer_auth(std::env::var("STRIPE_SECRET_KEY")?)
        .build()?;
    let customer = create_customer(&client).await?;
    println!("{}", create_payment_intent(&client, &customer).await?.id);
    println!("{}", all_customers(&client).await?.len());
    Ok(())
}
