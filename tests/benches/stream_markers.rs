//! The byte-stream reader on hostile data: 16 MiB made of the error
//! trailer's own marker repeated, against 16 MiB of plain bytes, each in
//! 32 KiB chunks and in one chunk, read through the public `ByteStream`.
//!
//! - the CPU time per MiB of each (one thread that never waits), and the ratio marker / plain for each chunking;
//! - the growth of resident memory while reading, over its size before.
//!
//! ```text
//! cargo bench -p lambda-client-tests --bench stream_markers
//! ```
//!
//! Each case runs in a process of its own (so that its peak memory is its
//! own), the cases taking turns round after round; a process reads its
//! input `PASSES` times and reports the median. Linux only: memory is
//! read from `/proc`.

use std::process::Command;
use std::time::Instant;

use bytes::Bytes;
use futures_util::{FutureExt as _, StreamExt as _};
use lambda_client::{ByteStream, InvokeStreamResponse, StreamEvent};

const SIZE: usize = 16 * 1024 * 1024;
const ROUNDS: usize = 5;
const PASSES: usize = 9;
/// What the reader looks for at the end of a stream: eight NUL bytes, the
/// name, a NUL (README, "Response streams").
const MARKER: &[u8] = b"\0\0\0\0\0\0\0\0lambda-client-error\0";

fn input(kind: &str) -> Bytes {
    let mut data = Vec::with_capacity(SIZE);
    let pattern: &[u8] = match kind {
        "markers" => MARKER,
        "plain" => b"plain text of a user's file, 0123456789\n",
        other => panic!("unknown input {other}"),
    };
    while data.len() < SIZE {
        let take = pattern.len().min(SIZE - data.len());
        data.extend_from_slice(&pattern[..take]);
    }
    data.into()
}

/// Reads `data` cut into `chunk`-byte events; the bytes that came out.
fn read(data: &Bytes, chunk: usize) -> usize {
    let events: Vec<_> = (0..data.len())
        .step_by(chunk)
        .map(|at| {
            Ok(StreamEvent::Chunk(
                data.slice(at..(at + chunk).min(data.len())),
            ))
        })
        .chain([Ok(StreamEvent::Complete {
            error_code: None,
            error_details: None,
            log_result: None,
        })])
        .collect();
    let response = InvokeStreamResponse::new(Box::pin(futures_util::stream::iter(events)));
    let mut stream: ByteStream = ByteStream::from_response("files", response);
    let mut read = 0;
    while let Some(item) = stream.next().now_or_never().expect("ready") {
        read += item.expect("plain data").len();
    }
    read
}

/// A field of `/proc/self/status`, in KiB.
fn memory(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc");
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|value| value.trim().trim_end_matches(" kB").parse().ok())
        .expect("a memory field")
}

/// One case in this process: prints the median CPU ns per MiB and the
/// growth of the peak resident memory, in KiB.
fn case(kind: &str, chunk: usize) {
    let data = input(kind);
    let before = memory("VmHWM").max(memory("VmRSS"));
    let mut times = Vec::with_capacity(PASSES);
    for _ in 0..PASSES {
        // One thread that never waits: its wall time is its CPU time.
        let started = Instant::now();
        assert_eq!(read(&data, chunk), SIZE, "every byte arrives");
        times.push(started.elapsed().as_nanos());
    }
    times.sort_unstable();
    let per_mib = times[PASSES / 2] / (SIZE as u128 / (1024 * 1024));
    println!("{per_mib} {}", memory("VmHWM").saturating_sub(before));
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    if arguments.first().map(String::as_str) == Some("case") {
        case(&arguments[1], arguments[2].parse().expect("a chunk size"));
        return;
    }
    let this = std::env::current_exe().expect("this bench");
    let chunkings = [("32 KiB chunks", 32 * 1024), ("one chunk", SIZE)];
    println!("stream_markers: 16 MiB through ByteStream, {ROUNDS} rounds of {PASSES} passes");
    for (name, chunk) in chunkings {
        let mut runs: [Vec<(f64, f64)>; 2] = [Vec::new(), Vec::new()];
        for round in 0..ROUNDS {
            let order = if round % 2 == 0 { [0, 1] } else { [1, 0] };
            for index in order {
                let kind = ["plain", "markers"][index];
                let output = Command::new(&this)
                    .args(["case", kind, &chunk.to_string()])
                    .output()
                    .expect("a case runs");
                assert!(output.status.success(), "{kind} failed: {output:?}");
                let text = String::from_utf8_lossy(&output.stdout);
                let mut fields = text.split_whitespace().map(|field| field.parse::<f64>());
                let ns = fields.next().expect("ns").expect("a number");
                let kib = fields.next().expect("kib").expect("a number");
                runs[index].push((ns, kib));
            }
        }
        let [plain, markers] = runs.map(|runs| {
            let mut ns: Vec<f64> = runs.iter().map(|run| run.0).collect();
            let kib = runs.iter().map(|run| run.1).fold(0.0, f64::max);
            (median(&mut ns), kib)
        });
        println!(
            "  {name}: plain {:.1} µs/MiB, markers {:.1} µs/MiB, markers/plain {:.2}; peak memory growth plain {:.0} KiB, markers {:.0} KiB",
            plain.0 / 1000.0,
            markers.0 / 1000.0,
            markers.0 / plain.0,
            plain.1,
            markers.1
        );
    }
}
