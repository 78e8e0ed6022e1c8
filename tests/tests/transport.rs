//! A test can supply its own transport: no SDK, no HTTP, and it sees every
//! request the generated client builds.

use std::sync::Mutex;

use lambda_client::{
    ApiError, InvocationType, InvokeError, InvokeRequest, InvokeResponse, ServiceError, Transport,
    lambda_client,
};

#[lambda_client]
trait Counter {
    #[lambda_client(name = "counter", qualifier = "live")]
    async fn add(&self, amount: u64, by: &str) -> Result<u64, InvokeError>;

    #[lambda_client(name = "counter", mode = "dry_run")]
    async fn may_add(&self) -> Result<(), InvokeError>;
}

#[derive(Default)]
struct Recorder {
    requests: Mutex<Vec<InvokeRequest>>,
}

impl Transport for Recorder {
    async fn invoke(&self, request: InvokeRequest) -> Result<InvokeResponse, ApiError> {
        let answer = match request.invocation_type {
            InvocationType::DryRun => Err(ApiError::Service(
                ServiceError::new(&*request.function_name, "AccessDeniedException", 403)
                    .with_message("no lambda:InvokeFunction"),
            )),
            _ => Ok(InvokeResponse::new(200, b"42".to_vec()).with_executed_version("3")),
        };
        self.requests.lock().unwrap().push(request);
        answer
    }
}

#[tokio::test]
async fn a_hand_written_transport_sees_each_request() {
    let client = CounterClient::new(Recorder::default());
    assert_eq!(client.add(2, "ada").await.unwrap(), 42);
    let Err(InvokeError::Service(error)) = client.may_add().await else {
        panic!()
    };
    assert_eq!(
        (error.code(), error.status()),
        ("AccessDeniedException", 403)
    );
    assert!(
        error
            .to_string()
            .contains("lambda:InvokeFunction on the function")
    );

    let requests = client.transport().requests.lock().unwrap();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        (
            &*requests[0].function_name,
            requests[0].qualifier.as_deref(),
            requests[0].invocation_type
        ),
        ("counter", Some("live"), InvocationType::RequestResponse)
    );
    assert_eq!(requests[0].payload, br#"{"amount":2,"by":"ada"}"#);
    assert_eq!(
        (requests[1].invocation_type, requests[1].payload.as_slice()),
        (InvocationType::DryRun, b"{}".as_slice())
    );
}

#[tokio::test]
async fn clones_share_the_transport_behind_an_arc() {
    let client = CounterClient::new(std::sync::Arc::new(Recorder::default()));
    let clone = client.clone();
    let (a, b) = tokio::join!(client.add(1, "a"), clone.add(2, "b"));
    assert_eq!((a.unwrap(), b.unwrap()), (42, 42));
    assert_eq!(client.transport().requests.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn the_client_resolves_names_and_supplies_a_qualifier_the_method_lacks() {
    let config = lambda_client::ClientConfig::new()
        .function_prefix("prod-")
        .qualifier("blue");
    let client = CounterClient::with_config(Recorder::default(), config);

    client.add(1, "ada").await.unwrap();
    let Err(InvokeError::Service(error)) = client.may_add().await else {
        panic!()
    };
    assert_eq!(
        error.function(),
        "prod-counter",
        "errors name what was called"
    );

    let requests = client.transport().requests.lock().unwrap();
    let called: Vec<(&str, Option<&str>)> = requests
        .iter()
        .map(|request| (&*request.function_name, request.qualifier.as_deref()))
        .collect();
    // The method's own qualifier wins over the client's.
    assert_eq!(
        called,
        [
            ("prod-counter", Some("live")),
            ("prod-counter", Some("blue"))
        ]
    );
}

#[tokio::test]
async fn a_closure_resolves_names() {
    let config = lambda_client::ClientConfig::new()
        .function_names(|name| format!("arn:aws:lambda:eu-west-1:123456789012:function:{name}-v2"));
    let client = CounterClient::with_config(Recorder::default(), config);

    client.add(1, "ada").await.unwrap();
    assert_eq!(
        &*client.transport().requests.lock().unwrap()[0].function_name,
        "arn:aws:lambda:eu-west-1:123456789012:function:counter-v2"
    );
}
