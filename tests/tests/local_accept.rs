//! The local Lambda out of file descriptors: connections wait in the backlog
//! and every accept fails. It waits between attempts instead of spinning on
//! the error, and serves the waiting connections once descriptors free up.
//! A test binary of its own, since it lowers the whole process's limit of
//! open files for a while.
//!
//! Nothing but Rust: the limit, the CPU clock and the descriptors are
//! rustix's safe system calls (no `prlimit`, no `/proc`, no second process).

use std::os::fd::AsRawFd as _;
use std::time::Duration;

use contract::{Invoked as _, InvokedCallee, InvokedClient, Reader};
use lambda_client_local::LocalLambda;
use rustix::io::Errno;
use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
use rustix::time::{ClockId, clock_gettime};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpSocket, TcpStream};

/// Connections opened while the process is out of descriptors: many more
/// than the descriptors it has left, so that most wait in the backlog.
const CONNECTIONS: usize = 40;

/// Descriptors the process may still open once the limit is lowered.
const HEADROOM: u64 = 8;

/// The CPU time of every thread of this process.
fn cpu_time() -> Duration {
    let now = clock_gettime(ClockId::ProcessCPUTime);
    Duration::new(
        u64::try_from(now.tv_sec).expect("a CPU time after the process started"),
        u32::try_from(now.tv_nsec).expect("nanoseconds under a second"),
    )
}

/// Sets this process's soft limit of open files, keeping the hard one.
fn limit_open_files(soft: Option<u64>) {
    let hard = getrlimit(Resource::Nofile).maximum;
    setrlimit(
        Resource::Nofile,
        Rlimit {
            current: soft,
            maximum: hard,
        },
    )
    .expect("sets the limit of open files");
}

/// The lowest descriptor free now: every one below it is open, so a limit
/// of `next_descriptor() + n` leaves at most `n` to open.
fn next_descriptor() -> u64 {
    let probe = TcpSocket::new_v4().expect("a socket");
    u64::try_from(probe.as_raw_fd()).expect("a descriptor")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accept_errors_are_waited_out_not_spun_on() {
    let lambda = LocalLambda::builder()
        .function("invoked", InvokedCallee::read(invoked::read))
        .start()
        .await
        .expect("starts");
    let address = lambda
        .endpoint_url()
        .trim_start_matches("http://")
        .parse()
        .expect("a socket address");
    // The clients' sockets are made while descriptors remain; connecting
    // them later takes none, so the limit binds the local Lambda alone.
    let sockets: Vec<TcpSocket> = (0..CONNECTIONS)
        .map(|_| TcpSocket::new_v4().expect("a socket"))
        .collect();
    let before = getrlimit(Resource::Nofile).current;
    limit_open_files(Some(next_descriptor() + HEADROOM));

    // The kernel completes each connection, in order, whether or not it is
    // accepted: the first few take the last descriptors, the rest wait.
    let mut connections: Vec<TcpStream> = Vec::with_capacity(CONNECTIONS);
    for socket in sockets {
        connections.push(socket.connect(address).await.expect("connects"));
    }
    let mut waiting = connections.pop().expect("a connection");
    let message = "waited";
    let body = format!(r#"{{"message":"{message}"}}"#);
    waiting
        .write_all(
            format!(
                "POST /2015-03-31/functions/invoked/invocations HTTP/1.1\r\n\
                 host: {address}\r\ncontent-type: application/json\r\n\
                 content-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            )
            .as_bytes(),
        )
        .await
        .expect("the request waits in the socket's buffer");
    tokio::time::sleep(Duration::from_secs(1)).await;

    // The fault: the process is out of descriptors, so every accept fails.
    let out = TcpSocket::new_v4().map(drop);
    let started = cpu_time();
    let mut answer = Vec::new();
    let unanswered =
        tokio::time::timeout(Duration::from_secs(1), waiting.read_to_end(&mut answer)).await;
    let spent = cpu_time() - started;

    limit_open_files(before);
    assert!(
        matches!(&out, Err(error) if Errno::from_io_error(error) == Some(Errno::MFILE)),
        "the process should be out of descriptors, and opening one gave {out:?}"
    );
    assert!(
        unanswered.is_err(),
        "a connection was answered while no accept could succeed: {:?}",
        String::from_utf8_lossy(&answer)
    );
    assert!(
        spent < Duration::from_millis(300),
        "a second of failed accepts took {spent:?} of CPU"
    );

    // Once descriptors free up, the connection that waited is accepted and
    // answered, and so is a new one.
    tokio::time::timeout(Duration::from_secs(10), waiting.read_to_end(&mut answer))
        .await
        .expect("the waiting connection is answered")
        .expect("reads the answer");
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.starts_with("HTTP/1.1 200 "),
        "the waiting invoke's answer: {answer}"
    );
    assert!(
        answer.ends_with(&format!(r#"{{"echo":"{message}"}}"#)),
        "the waiting invoke's answer: {answer}"
    );
    drop(connections);
    let echo = InvokedClient::new(lambda.sdk_client())
        .read(Reader {
            message: "back".to_owned(),
        })
        .await
        .expect("answers again");
    assert_eq!(echo.echo, "back");
}
