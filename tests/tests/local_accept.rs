//! The local Lambda out of file descriptors: connections wait in the backlog
//! and every accept fails. It waits between attempts instead of spinning on
//! the error. A test binary of its own, since it lowers the whole process's
//! limit of open files for a while.

use std::process::{Command, Stdio};
use std::time::Duration;

use contract::{Invoked as _, InvokedCallee, InvokedClient, Reader};
use lambda_client_local::LocalLambda;

/// The CPU time of every thread of this process, read through files opened
/// beforehand: once the limit is reached, nothing more can be opened.
struct CpuClock(Vec<std::fs::File>);

impl CpuClock {
    fn new() -> Self {
        let tasks = std::fs::read_dir("/proc/self/task").expect("Linux's /proc");
        CpuClock(
            tasks
                .filter_map(|task| std::fs::File::open(task.ok()?.path().join("schedstat")).ok())
                .collect(),
        )
    }

    fn now(&self) -> Duration {
        use std::os::unix::fs::FileExt as _;

        let nanos = self
            .0
            .iter()
            .filter_map(|stat| {
                let mut buffer = [0_u8; 128];
                let read = stat.read_at(&mut buffer, 0).ok()?;
                let text = std::str::from_utf8(&buffer[..read]).ok()?;
                text.split_whitespace().next()?.parse::<u64>().ok()
            })
            .sum();
        Duration::from_nanos(nanos)
    }
}

/// Sets this process's soft limit of open files, keeping the hard one.
fn limit_open_files(soft: usize) {
    let status = Command::new("prlimit")
        .args([
            "--pid",
            &std::process::id().to_string(),
            &format!("--nofile={soft}:"),
        ])
        .status()
        .expect("prlimit runs");
    assert!(status.success(), "prlimit failed");
}

fn soft_limit() -> usize {
    let limits = std::fs::read_to_string("/proc/self/limits").expect("Linux's /proc");
    let line = limits
        .lines()
        .find(|line| line.starts_with("Max open files"))
        .expect("a limit of open files");
    line.split_whitespace()
        .nth(3)
        .and_then(|soft| soft.parse().ok())
        .expect("a number")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accept_errors_are_waited_out_not_spun_on() {
    let lambda = LocalLambda::builder()
        .function("invoked", InvokedCallee::read(invoked::read))
        .start()
        .await
        .expect("starts");
    let port = lambda
        .endpoint_url()
        .rsplit(':')
        .next()
        .expect("a port")
        .to_owned();
    // Another process opens the connections, so that its descriptors do not
    // count against this process's limit.
    let mut connector = Command::new("python3")
        .args([
            "-c",
            "import socket, sys, time\n\
             time.sleep(0.3)\n\
             held = [socket.create_connection(('127.0.0.1', int(sys.argv[1]))) for _ in range(40)]\n\
             time.sleep(30)",
            &port,
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .expect("python3 runs");
    let clock = CpuClock::new();
    let open = std::fs::read_dir("/proc/self/fd")
        .expect("Linux's /proc")
        .count();
    let before = soft_limit();
    limit_open_files(open + 8);

    tokio::time::sleep(Duration::from_secs(1)).await;
    let started = clock.now();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let spent = clock.now() - started;

    let _ = connector.kill();
    let _ = connector.wait();
    limit_open_files(before);
    assert!(
        spent < Duration::from_millis(300),
        "a second of failed accepts took {spent:?} of CPU"
    );
    // Once descriptors free up, it answers again.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let echo = InvokedClient::new(lambda.sdk_client())
        .read(Reader {
            message: "back".to_owned(),
        })
        .await
        .expect("answers again");
    assert_eq!(echo.echo, "back");
}
