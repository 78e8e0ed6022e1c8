//! Response streams' figures, through the local Lambda over loopback:
//!
//! - a 200 MiB stream of 1 KiB records, read three ways: the typed
//!   `ResponseStream`, the raw SDK's `EventReceiver` (no decoding), and the
//!   same receiver with a hand-written line split and `serde_json::from_slice`;
//!   the caller's CPU time per GiB and its wall time, each reader in a
//!   process of its own, taking turns round after round;
//! - the growth of each reader's resident memory over its idle size, and the
//!   local Lambda's over the whole run;
//! - the time to the first record of a callee that writes one, then sleeps 1 s.
//!
//! ```text
//! cargo bench -p lambda-client-tests --bench streaming
//! ```
//!
//! The local Lambda runs in a child process, and each reader in another, so
//! that a reader's CPU time and memory are its own. Linux only: CPU time and
//! memory are read from `/proc`.

use std::io::{BufRead as _, BufReader, Write as _};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::InvokeWithResponseStreamResponseEvent as Event;
use futures_util::StreamExt as _;
use lambda_client::{InvokeError, ResponseStream, lambda_client};
use lambda_client_local::{LocalFunction, LocalLambda};
use lambda_client_tests::sdk_for;
use serde::{Deserialize, Serialize};

const ROUNDS: usize = 5;
const RECORD_TEXT: usize = 1000;
/// 200 MiB of records of about 1 KiB.
const STREAM_BYTES: u64 = 200 * 1024 * 1024;

#[derive(Debug, Serialize, Deserialize)]
pub struct Record {
    index: u64,
    text: String,
}

#[lambda_client]
pub trait Bench {
    #[lambda_client(name = "records", mode = "stream")]
    async fn records(&self, bytes: u64) -> Result<ResponseStream<Record>, InvokeError>;

    #[lambda_client(name = "first", mode = "stream")]
    async fn first(&self) -> Result<ResponseStream<Record>, InvokeError>;
}

fn main() {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    match arguments.first().map(String::as_str) {
        Some("serve") => runtime.block_on(serve()),
        Some("read") => runtime.block_on(read(&arguments[1], &arguments[2])),
        _ => orchestrate(),
    }
}

/// The local Lambda, until stdin closes.
async fn serve() {
    let records = |bytes: u64| async move {
        // A record's line is about 1,027 bytes; the stream stays under
        // Lambda's 200 MiB with its prelude.
        let count = bytes.saturating_sub(1024 * 1024) / (RECORD_TEXT as u64 + 30);
        let text = "r".repeat(RECORD_TEXT);
        Ok::<_, String>(futures_util::stream::iter(0..count).map(move |index| {
            Ok::<_, String>(Record {
                index,
                text: text.clone(),
            })
        }))
    };
    let first = || async move {
        let one = futures_util::stream::once(async {
            Ok::<_, String>(Record {
                index: 0,
                text: "first".to_owned(),
            })
        });
        let then = futures_util::stream::once(async {
            tokio::time::sleep(Duration::from_secs(1)).await;
            Ok(Record {
                index: 1,
                text: "late".to_owned(),
            })
        });
        Ok::<_, String>(one.chain(then))
    };
    let lambda = LocalLambda::builder()
        .host(
            LocalFunction::new("records", BenchCallee::records(records))
                .timeout(Duration::from_secs(300)),
        )
        .host(LocalFunction::new("first", BenchCallee::first(first)))
        .start()
        .await
        .expect("the local Lambda starts");
    println!("{}", lambda.endpoint_url());
    // Until the orchestrator closes stdin.
    tokio::task::spawn_blocking(|| {
        let mut line = String::new();
        let _ = std::io::stdin().read_line(&mut line);
    })
    .await
    .expect("waited");
}

/// One reader: prints its CPU time, wall time, bytes and records, and its
/// resident memory idle and at its peak.
async fn read(how: &str, endpoint: &str) {
    let sdk = sdk_for(endpoint);
    let client = BenchClient::new(sdk.clone());
    // Warm: a connection, and the code paths, before the idle size is taken.
    warm(&client).await;
    let idle = memory("VmRSS");
    let cpu = cpu_ns();
    let started = Instant::now();
    let (bytes, records) = match how {
        "typed" => typed(&client).await,
        "raw" => raw(&sdk, false).await,
        "hand" => raw(&sdk, true).await,
        "first" => {
            let started = Instant::now();
            let mut stream = client.first().await.expect("starts");
            stream.next().await.expect("a record").expect("decodes");
            let first = started.elapsed();
            println!("first_ms {:.2}", first.as_secs_f64() * 1000.0);
            return;
        }
        other => panic!("no reader {other}"),
    };
    let wall = started.elapsed();
    let cpu = cpu_ns() - cpu;
    println!(
        "{how} cpu_ns {cpu} wall_ns {} bytes {bytes} records {records} rss_idle_kb {idle} rss_peak_kb {}",
        wall.as_nanos(),
        memory("VmHWM")
    );
}

async fn warm(client: &BenchClient) {
    let stream = client.records(4 * 1024 * 1024).await.expect("starts");
    let read: Vec<_> = stream.collect().await;
    assert!(read.iter().all(Result::is_ok));
}

async fn typed(client: &BenchClient) -> (u64, u64) {
    let mut stream = client.records(STREAM_BYTES).await.expect("starts");
    let (mut bytes, mut records) = (0, 0);
    while let Some(record) = stream.next().await {
        let record = record.expect("a record");
        bytes += record.text.len() as u64;
        records += 1;
    }
    (bytes, records)
}

/// The raw SDK's receiver; with `decode`, a hand-written reader of its
/// records: the prelude skipped, the lines split (with `memchr`, as a
/// careful hand would), each decoded.
async fn raw(sdk: &aws_sdk_lambda::Client, decode: bool) -> (u64, u64) {
    let output = sdk
        .invoke_with_response_stream()
        .function_name("records")
        .payload(Blob::new(STREAM_BYTES.to_string()))
        .send()
        .await
        .expect("starts");
    let mut events = output.event_stream;
    let (mut bytes, mut records) = (0, 0);
    let mut buffer: Vec<u8> = Vec::new();
    let mut prelude = true;
    while let Some(event) = events.recv().await.expect("an event") {
        let Event::PayloadChunk(chunk) = event else {
            continue;
        };
        let chunk = chunk.payload.expect("bytes").into_bytes();
        if !decode {
            bytes += chunk.len() as u64;
            records += 1;
            continue;
        }
        buffer.extend_from_slice(&chunk);
        if prelude {
            let Some(end) = buffer.windows(8).position(|window| window == [0; 8]) else {
                continue;
            };
            buffer.drain(..end + 8);
            prelude = false;
        }
        let mut start = 0;
        while let Some(end) = memchr::memchr(b'\n', &buffer[start..]) {
            let record: Record =
                serde_json::from_slice(&buffer[start..start + end]).expect("a record");
            bytes += record.text.len() as u64;
            records += 1;
            start += end + 1;
        }
        buffer.drain(..start);
    }
    (bytes, records)
}

/// The CPU time of every thread of this process, in nanoseconds.
fn cpu_ns() -> u64 {
    std::fs::read_dir("/proc/self/task")
        .expect("/proc")
        .filter_map(Result::ok)
        .filter_map(|task| std::fs::read_to_string(task.path().join("schedstat")).ok())
        .filter_map(|stat| stat.split_whitespace().next()?.parse::<u64>().ok())
        .sum()
}

/// A `/proc/self/status` figure, in kB.
fn memory(field: &str) -> u64 {
    status_field("/proc/self/status", field)
}

fn status_field(path: &str, field: &str) -> u64 {
    let status = std::fs::read_to_string(path).expect("/proc");
    status
        .lines()
        .find_map(|line| {
            let value = line.strip_prefix(field)?.strip_prefix(':')?;
            value.split_whitespace().next()?.parse().ok()
        })
        .unwrap_or(0)
}

struct Run {
    cpu_ns: f64,
    wall_ns: f64,
    bytes: f64,
    rss_growth_kb: f64,
}

fn run_reader(how: &str, endpoint: &str) -> (Run, String) {
    let output = Command::new(std::env::current_exe().expect("this bench"))
        .args(["read", how, endpoint])
        .output()
        .expect("the reader runs");
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{how}: {text}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let field = |name: &str| -> f64 {
        let mut words = text.split_whitespace();
        while let Some(word) = words.next() {
            if word == name {
                return words
                    .next()
                    .and_then(|value| value.parse().ok())
                    .unwrap_or(f64::NAN);
            }
        }
        f64::NAN
    };
    (
        Run {
            cpu_ns: field("cpu_ns"),
            wall_ns: field("wall_ns"),
            bytes: field("bytes"),
            rss_growth_kb: field("rss_peak_kb") - field("rss_idle_kb"),
        },
        text,
    )
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn orchestrate() {
    let mut server: Child = Command::new(std::env::current_exe().expect("this bench"))
        .arg("serve")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the local Lambda starts");
    let mut endpoint = String::new();
    BufReader::new(server.stdout.take().expect("stdout"))
        .read_line(&mut endpoint)
        .expect("the endpoint");
    let endpoint = endpoint.trim().to_owned();
    let server_status = format!("/proc/{}/status", server.id());
    let server_idle = status_field(&server_status, "VmRSS");

    println!("streaming: 200 MiB of ~1 KiB records through the local Lambda, {ROUNDS} rounds");
    let readers = ["typed", "raw", "hand"];
    let mut runs: Vec<Vec<Run>> = readers.iter().map(|_| Vec::new()).collect();
    for round in 0..ROUNDS {
        // Each round in another order, so that no reader always goes first.
        for offset in 0..readers.len() {
            let which = (round + offset) % readers.len();
            let (run, _) = run_reader(readers[which], &endpoint);
            runs[which].push(run);
        }
    }
    let gib = 1024.0 * 1024.0 * 1024.0;
    // The raw receiver counts every byte of the stream: its size.
    let stream_bytes = median(runs[1].iter().map(|run| run.bytes).collect());
    println!("  the stream: {:.1} MiB", stream_bytes / 1024.0 / 1024.0);
    let mut cpu_per_gib = Vec::new();
    for (reader, runs) in readers.iter().zip(&runs) {
        // Every reader reads the same stream: CPU per GiB of it.
        let cpu = median(
            runs.iter()
                .map(|run| run.cpu_ns / 1e9 / (stream_bytes / gib))
                .collect(),
        );
        let wall = median(runs.iter().map(|run| run.wall_ns / 1e9).collect());
        let growth = runs.iter().map(|run| run.rss_growth_kb).fold(0.0, f64::max) / 1024.0;
        println!(
            "  {reader:<6} CPU {cpu:6.3} s/GiB   wall {wall:6.3} s   RSS growth at most {growth:5.1} MiB"
        );
        cpu_per_gib.push(cpu);
    }
    println!(
        "  typed / hand-written reader CPU per GiB: {:.3} (the bound is 1.11)",
        cpu_per_gib[0] / cpu_per_gib[2]
    );
    println!(
        "  typed / raw receiver CPU per GiB: {:.3} (the raw receiver decodes nothing)",
        cpu_per_gib[0] / cpu_per_gib[1]
    );
    let per_round: Vec<f64> = runs[0]
        .iter()
        .zip(&runs[2])
        .map(|(typed, hand)| {
            assert_eq!(typed.bytes, hand.bytes, "both readers read every record");
            typed.cpu_ns / hand.cpu_ns
        })
        .collect();
    println!(
        "  typed / hand per round: {}",
        per_round
            .iter()
            .map(|ratio| format!("{ratio:.3}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let server_peak = status_field(&server_status, "VmHWM");
    println!(
        "  local Lambda RSS: idle {:.1} MiB, peak {:.1} MiB, growth {:.1} MiB",
        server_idle as f64 / 1024.0,
        server_peak as f64 / 1024.0,
        (server_peak.saturating_sub(server_idle)) as f64 / 1024.0
    );

    let mut firsts = Vec::new();
    for _ in 0..5 {
        let (_, text) = run_reader("first", &endpoint);
        let first: f64 = text
            .split_whitespace()
            .nth(1)
            .and_then(|value| value.parse().ok())
            .unwrap_or(f64::NAN);
        firsts.push(first);
    }
    println!(
        "  first record of a callee that then sleeps 1 s: median {:.1} ms, worst {:.1} ms (the bound is 50 ms)",
        median(firsts.clone()),
        firsts.iter().copied().fold(0.0, f64::max)
    );
    drop(server.stdin.take().map(|mut stdin| stdin.write_all(b"\n")));
    let _ = server.wait();
}
