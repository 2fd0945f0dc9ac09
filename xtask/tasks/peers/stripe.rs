use std::error::Error;

use futures::TryStreamExt;
use stripe::Client;
use stripe_core::customer::{CreateCustomer, ListCustomer};
use stripe_core::payment_intent::CreatePaymentIntent;
use stripe_core::{Customer, PaymentIntent};
use stripe_types::Currency;

async fn create_customer(client: &Client) -> Result<Customer, Box<dyn Error>> {
    let customer = CreateCustomer::new()
        .email("jenny.rosen@example.com")
        .metadata([("order_id".to_string(), "6735".to_string())])
        .send(client)
        .await?;
    Ok(customer)
}

async fn create_payment_intent(
    client: &Client,
    customer: &Customer,
) -> Result<PaymentIntent, Box<dyn Error>> {
    let intent = CreatePaymentIntent::new(2000, Currency::USD)
        .customer(customer.id.as_str())
        .send(client)
        .await?;
    Ok(intent)
}

async fn all_customers(client: &Client) -> Result<Vec<Customer>, Box<dyn Error>> {
    let customers = ListCustomer::new()
        .paginate()
        .stream(client)
        .try_collect()
        .await?;
    Ok(customers)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let client = Client::new(std::env::var("STRIPE_SECRET_KEY")?);
    let customer = create_customer(&client).await?;
    println!("{}", create_payment_intent(&client, &customer).await?.id);
    println!("{}", all_customers(&client).await?.len());
    Ok(())
}
