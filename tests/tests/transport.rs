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

/// A qualifier written in the name is split from it once: the client's
/// prefix, suffix or resolver apply to the name alone, and the name's own
/// qualifier wins over the client's, as the `qualifier` key does.
#[lambda_client]
trait Pinned {
    #[lambda_client(name = "echo:7")]
    async fn echo(&self) -> Result<u64, InvokeError>;

    #[lambda_client(name = "arn:aws:lambda:eu-west-1:123456789012:function:echo:live")]
    async fn echo_by_arn(&self) -> Result<u64, InvokeError>;
}

#[tokio::test]
async fn a_qualifier_in_the_name_meets_the_clients_settings_rightly() {
    const ARN: &str = "arn:aws:lambda:eu-west-1:123456789012:function:echo";
    let rows = [
        (
            lambda_client::ClientConfig::new().qualifier("blue"),
            "echo",
            ARN.to_owned(),
        ),
        (
            lambda_client::ClientConfig::new().function_suffix("-v2"),
            "echo-v2",
            format!("{ARN}-v2"),
        ),
        (
            lambda_client::ClientConfig::new().function_prefix("prod-"),
            "prod-echo",
            format!("prod-{ARN}"),
        ),
    ];
    for (config, called, called_by_arn) in rows {
        let client = PinnedClient::with_config(Recorder::default(), config);
        client.echo().await.unwrap();
        client.echo_by_arn().await.unwrap();
        let requests = client.transport().requests.lock().unwrap();
        assert_eq!(
            (
                &*requests[0].function_name,
                requests[0].qualifier.as_deref()
            ),
            (called, Some("7"))
        );
        assert_eq!(
            (
                &*requests[1].function_name,
                requests[1].qualifier.as_deref()
            ),
            (called_by_arn.as_str(), Some("live"))
        );
    }
}

/// Errors found before sending and after the answer name the function as
/// the client resolved it.
#[tokio::test]
async fn every_error_names_what_was_called() {
    struct Answering(&'static str);

    impl Transport for Answering {
        async fn invoke(&self, _: InvokeRequest) -> Result<InvokeResponse, ApiError> {
            Ok(InvokeResponse::new(200, self.0.as_bytes().to_vec()))
        }
    }

    let config = || lambda_client::ClientConfig::new().function_prefix("prod-");
    let client = CounterClient::with_config(Answering(r#""not a number""#), config());
    let Err(InvokeError::Decode(error)) = client.add(1, "ada").await else {
        panic!("a string is no u64")
    };
    assert_eq!(error.function(), "prod-counter");
    let client = CounterClient::with_config(Answering(""), config());
    let Err(InvokeError::UnexpectedStatus(error)) = client.may_add().await else {
        panic!("a dry run answers 204")
    };
    assert_eq!(error.function(), "prod-counter");
}
