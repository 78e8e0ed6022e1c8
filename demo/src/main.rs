//! The six pitfalls of calling one Lambda function from another, each shown
//! twice: what the raw SDK lets slip, and what the typed client returns;
//! then a response stream, read both ways.
//!
//! ```text
//! cargo run -p demo                                   # against the local Lambda
//! cargo run -p demo -- --endpoint http://127.0.0.1:9000  # e.g. cargo lambda watch
//! ```
//!
//! Without `--endpoint` the demo starts the local Lambda in-process, hosting
//! `invoked` (with its own `GREETING`), `invoked-reserved` (reserved
//! concurrency 1, each call taking 200 ms) and `invoked-stream` (a word
//! every 100 ms). With it, the same calls go to
//! that endpoint, with credentials and region from the usual AWS chain (on a
//! loopback endpoint, dummy ones if none are set).

use std::process::ExitCode;

use aws_sdk_lambda::config::retry::RetryConfig;
use aws_sdk_lambda::error::ProvideErrorMetadata as _;
use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::InvocationType;
use contract::{Echo, Invoked, InvokedCallee, InvokedClient, ReadError, Reader};
use futures_util::StreamExt as _;
use invoked::{read, words};
use lambda_client::{ClientConfig, InvokeError, RetryPolicy, lambda_client};
use lambda_client_local::{LocalError, LocalFunction, LocalLambda};

/// A function whose reserved concurrency is 1, to show a throttle.
#[lambda_client]
trait Reserved {
    #[lambda_client(name = "invoked-reserved")]
    async fn read(&self, reader: Reader) -> Result<Echo, InvokeError<ReadError>>;
}

const GREETING: &str = "hello from invoked's own configuration";

#[tokio::main]
async fn main() -> ExitCode {
    let endpoint = match parse_arguments() {
        Ok(endpoint) => endpoint,
        Err(usage) => {
            eprintln!("{usage}");
            return ExitCode::FAILURE;
        }
    };
    // Kept alive until the demo ends: dropping it stops the server.
    let mut local = None;
    let sdk = match &endpoint {
        Some(endpoint) => remote_sdk(endpoint).await,
        None => match start_local().await {
            Ok(lambda) => local.insert(lambda).sdk_client(),
            Err(error) => {
                eprintln!("the local Lambda did not start: {error}");
                return ExitCode::FAILURE;
            }
        },
    };
    let shown = endpoint
        .clone()
        .or_else(|| {
            local
                .as_ref()
                .map(|lambda| lambda.endpoint_url().to_owned())
        })
        .unwrap_or_default();
    println!("lambda-client demo: six pitfalls of calling one Lambda function from another");
    println!("endpoint: {shown}");

    let client = InvokedClient::new(sdk.clone());
    failure_looks_like_success(&sdk, &client).await;
    values_travel_in_the_payload(&client).await;
    the_endpoint(&shown).await;
    sync_against_event(&sdk, &client).await;
    throttled(&sdk).await;
    own_configuration(&client).await;
    streaming(&sdk, &client).await;
    ExitCode::SUCCESS
}

fn parse_arguments() -> Result<Option<String>, String> {
    let usage = "usage: demo [--endpoint URL]";
    let mut arguments = std::env::args().skip(1);
    match (
        arguments.next().as_deref(),
        arguments.next(),
        arguments.next(),
    ) {
        (None, _, _) => Ok(None),
        (Some("--endpoint"), Some(url), None) => Ok(Some(url)),
        _ => Err(usage.to_owned()),
    }
}

async fn start_local() -> Result<LocalLambda, LocalError> {
    LocalLambda::builder()
        .host(LocalFunction::new("invoked", InvokedCallee::read(read)).env("GREETING", GREETING))
        .host(
            LocalFunction::new("invoked-reserved", InvokedCallee::read(read))
                .env("DELAY_MS", "200")
                .reserved_concurrency(1),
        )
        .host(
            LocalFunction::new("invoked-stream", InvokedCallee::words(words))
                .env("DELAY_MS", "100"),
        )
        .start()
        .await
}

async fn remote_sdk(endpoint: &str) -> aws_sdk_lambda::Client {
    let mut loader =
        aws_config::defaults(aws_config::BehaviorVersion::latest()).endpoint_url(endpoint);
    let loopback = endpoint.contains("://127.0.0.1") || endpoint.contains("://localhost");
    if loopback && std::env::var_os("AWS_ACCESS_KEY_ID").is_none() {
        // An emulator takes any credentials; without some, aws-config would go
        // looking for instance metadata.
        loader = loader
            .region(aws_config::Region::new("us-east-1"))
            .credentials_provider(aws_sdk_lambda::config::Credentials::new(
                "demo", "demo", None, None, "demo",
            ));
    }
    let config = loader.load().await;
    aws_sdk_lambda::Client::from_conf(
        aws_sdk_lambda::config::Builder::from(&config)
            .retry_config(RetryConfig::disabled())
            .build(),
    )
}

fn reader(message: &str) -> Reader {
    Reader {
        message: message.to_owned(),
    }
}

fn heading(number: u8, title: &str) {
    println!("\n{number}. {title}");
}

fn describe<T: std::fmt::Debug>(result: &Result<T, InvokeError<ReadError>>) -> String {
    match result {
        Ok(value) => format!("Ok({value:?})"),
        Err(InvokeError::Function(error)) => format!("Err(InvokeError::Function({error:?}))"),
        Err(error) => format!("Err({}): {error}", variant(error)),
    }
}

fn variant(error: &InvokeError<ReadError>) -> &'static str {
    match error {
        InvokeError::Function(_) => "InvokeError::Function",
        InvokeError::Throttled(_) => "InvokeError::Throttled",
        InvokeError::Service(_) => "InvokeError::Service",
        InvokeError::Transport(_) => "InvokeError::Transport",
        InvokeError::Decode(_) => "InvokeError::Decode",
        InvokeError::UnexpectedStatus(_) => "InvokeError::UnexpectedStatus",
        _ => "InvokeError",
    }
}

/// The raw SDK's view of one call: `Ok` with a status, or its error.
async fn raw_call(
    sdk: &aws_sdk_lambda::Client,
    function: &str,
    invocation_type: InvocationType,
    payload: &str,
) -> String {
    let sent = sdk
        .invoke()
        .function_name(function)
        .invocation_type(invocation_type)
        .payload(Blob::new(payload))
        .send()
        .await;
    match sent {
        Ok(output) => format!(
            "Ok: status {}, function_error {:?}, payload {} bytes",
            output.status_code(),
            output.function_error(),
            output.payload().map_or(0, |payload| payload.as_ref().len()),
        ),
        Err(error) => match error.as_service_error() {
            Some(refusal) => format!(
                "Err: service error {} ({}); the caller must match the code by name",
                refusal.code().unwrap_or("without a code"),
                refusal.message().unwrap_or("no message"),
            ),
            None => format!("Err: {error}"),
        },
    }
}

async fn failure_looks_like_success(sdk: &aws_sdk_lambda::Client, client: &InvokedClient) {
    heading(1, "The callee's failure looks like success");
    let raw = raw_call(
        sdk,
        "invoked",
        InvocationType::RequestResponse,
        r#"{"message":"fail"}"#,
    )
    .await;
    println!("   raw SDK      {raw}");
    if raw.starts_with("Ok") {
        println!(
            "                (code that checks only the Result carries on as if the call worked)"
        );
    }
    let typed = client.read(reader("fail")).await;
    println!("   typed client {}", describe(&typed));
}

async fn values_travel_in_the_payload(client: &InvokedClient) {
    heading(2, "Nothing travels but the payload");
    println!(
        "   the method's arguments are the payload: read(Reader {{ message: \"hi\" }}) sends {{\"message\":\"hi\"}}"
    );
    let typed = client.read(reader("hi")).await;
    println!("   typed client {}", describe(&typed));
}

async fn the_endpoint(endpoint: &str) {
    heading(3, "A VPC function may have no route to the Lambda endpoint");
    println!(
        "   this demo's SDK points at {endpoint} (in code: endpoint_url; from the environment: AWS_ENDPOINT_URL_LAMBDA,"
    );
    println!("   e.g. a Lambda interface endpoint in the VPC). An endpoint that does not answer:");
    let unreachable = aws_sdk_lambda::Client::from_conf(
        aws_sdk_lambda::Config::builder()
            .behavior_version(aws_sdk_lambda::config::BehaviorVersion::latest())
            .region(aws_sdk_lambda::config::Region::new("us-east-1"))
            .credentials_provider(aws_sdk_lambda::config::Credentials::new(
                "demo", "demo", None, None, "demo",
            ))
            .endpoint_url("http://127.0.0.1:1")
            .retry_config(RetryConfig::disabled())
            .build(),
    );
    let typed = InvokedClient::new(unreachable).read(reader("hi")).await;
    println!("   typed client {}", describe(&typed));
}

async fn sync_against_event(sdk: &aws_sdk_lambda::Client, client: &InvokedClient) {
    heading(4, "The invocation type decides everything");
    let raw = raw_call(
        sdk,
        "invoked",
        InvocationType::Event,
        r#"{"message":"later"}"#,
    )
    .await;
    println!("   raw SDK, Event       {raw}");
    println!("                        (no result, and no sign of whether the callee will succeed)");
    println!(
        "   typed, mode = sync   {}",
        describe(&client.read(reader("now")).await)
    );
    println!(
        "   typed, mode = event  {}",
        describe(&client.read_later(reader("later")).await)
    );
    println!(
        "   typed, mode = dry_run {}",
        describe(&client.may_read(reader("check")).await)
    );
}

async fn throttled(sdk: &aws_sdk_lambda::Client) {
    heading(5, "A sync call over the callee's concurrency fails at once");
    let pause = || tokio::time::sleep(std::time::Duration::from_millis(50));
    let second_raw = async {
        // Let the first call take the only slot.
        pause().await;
        raw_call(
            sdk,
            "invoked-reserved",
            InvocationType::RequestResponse,
            r#"{"message":"second"}"#,
        )
        .await
    };
    let (_, second_raw) = tokio::join!(
        raw_call(
            sdk,
            "invoked-reserved",
            InvocationType::RequestResponse,
            r#"{"message":"first"}"#
        ),
        second_raw
    );
    println!("   raw SDK, second call            {second_raw}");
    for (label, config) in [
        (
            "typed, retries off              ",
            ClientConfig::new().retry(RetryPolicy::none()),
        ),
        (
            "typed, concurrency_limit(1)     ",
            ClientConfig::new()
                .retry(RetryPolicy::none())
                .concurrency_limit("invoked-reserved", 1),
        ),
    ] {
        let client = ReservedClient::with_config(sdk.clone(), config);
        let (_, (second, took)) = tokio::join!(client.read(reader("first")), async {
            pause().await;
            let started = std::time::Instant::now();
            (client.read(reader("second")).await, started.elapsed())
        });
        println!(
            "   {label} second call {} ({} ms)",
            describe(&second),
            took.as_millis()
        );
    }
    println!(
        "   a 429 proves the callee never started: the default policy retries it with backoff;"
    );
    println!(
        "   concurrency_limit keeps calls under the callee's reserved concurrency, so none is sent"
    );
}

async fn own_configuration(client: &InvokedClient) {
    heading(6, "The callee runs with its own configuration");
    let here = std::env::var("GREETING")
        .map_or_else(|_| "unset".to_owned(), |greeting| format!("{greeting:?}"));
    println!("   GREETING in this process: {here}");
    println!("   invoked's own GREETING is {GREETING:?}, set on the function, not by the caller:");
    println!(
        "   typed client {}",
        describe(&client.read(reader("who configures you?")).await)
    );
}

async fn streaming(sdk: &aws_sdk_lambda::Client, client: &InvokedClient) {
    heading(7, "A response stream, as the callee writes it");
    let message = r#"{"message":"streams arrive word by word"}"#;
    let raw = sdk
        .invoke_with_response_stream()
        .function_name("invoked-stream")
        .payload(Blob::new(message))
        .send()
        .await;
    match raw {
        Ok(output) => {
            let mut events = output.event_stream;
            let mut chunks = Vec::new();
            while let Ok(Some(event)) = events.recv().await {
                if let Ok(chunk) = event.as_payload_chunk()
                    && let Some(payload) = chunk.payload()
                {
                    chunks.push(payload.as_ref().to_vec());
                }
            }
            let first = chunks.first().map(|chunk| chunk.escape_ascii().to_string());
            println!(
                "   raw SDK      {} PayloadChunk events of bytes to split and decode by hand; the first:",
                chunks.len()
            );
            println!("                {}", first.unwrap_or_default());
            println!(
                "                (lambda_runtime's metadata prelude and eight NUL bytes, meant for function URLs)"
            );
        }
        Err(error) => println!("   raw SDK      Err: {error}"),
    }
    let started = std::time::Instant::now();
    match client.words(reader("streams arrive word by word")).await {
        Ok(mut words) => {
            while let Some(word) = words.next().await {
                let millis = started.elapsed().as_millis();
                match word {
                    Ok(word) => println!("   typed client after {millis:>4} ms: Ok({word:?})"),
                    Err(error) => println!(
                        "   typed client after {millis:>4} ms: {}",
                        describe::<()>(&Err(error))
                    ),
                }
            }
        }
        Err(error) => println!("   typed client {}", describe::<()>(&Err(error))),
    }
    match client.words(reader("one failing two")).await {
        Ok(words) => {
            let read: Vec<_> = words.collect().await;
            for item in read {
                println!("   typed client, a failing word: {}", describe(&item));
            }
        }
        Err(error) => println!("   typed client {}", describe::<()>(&Err(error))),
    }
}
