//! Downloading an advisory archive to a file: a small HTTP/1.1 client for `http://` (local
//! mirrors, tests) and the system's `curl` for `https://`. A server is not trusted: the
//! status line, headers, chunk sizes and body are bounded, the whole transfer has one
//! deadline, and the body streams to the file instead of memory.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::Path;
use std::time::{Duration, Instant};

/// Longest status or header line accepted.
pub const MAX_LINE: usize = 8 << 10;
/// Largest header section accepted (all lines together).
pub const MAX_HEADERS: usize = 64 << 10;
/// Most header lines accepted.
pub const MAX_HEADER_LINES: usize = 100;

/// Bounds of one download.
#[derive(Clone, Debug)]
pub struct Options {
    /// Largest body accepted, in bytes.
    pub max_bytes: u64,
    /// Deadline for the whole transfer, from connecting to the last byte.
    pub timeout: Duration,
    /// Show progress on standard error (for a person at a terminal).
    pub progress: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_bytes: 1 << 30,
            timeout: Duration::from_secs(600),
            progress: false,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("cannot connect to {addr}: {message}")]
    Connect { addr: String, message: String },
    #[error("HTTP {0}")]
    Status(u16),
    #[error("the download did not finish within {0:?}")]
    Timeout(Duration),
    #[error("larger than the {0}-byte limit")]
    TooLarge(u64),
    #[error("not a valid HTTP response: {0}")]
    Protocol(String),
    #[error("{0}")]
    Io(String),
}

/// Download `url` to `to`, returning its size. A partial file is removed on failure.
pub fn download(url: &str, to: &Path, opts: &Options) -> Result<u64, FetchError> {
    let result = if let Some(rest) = url.strip_prefix("http://") {
        http_get(rest, to, opts)
    } else if url.starts_with("https://") {
        curl(url, to, opts)
    } else {
        Err(FetchError::Io(
            "only http:// and https:// URLs are supported".into(),
        ))
    };
    if result.is_err() {
        let _ = std::fs::remove_file(to);
    }
    result
}

fn curl(url: &str, to: &Path, opts: &Options) -> Result<u64, FetchError> {
    let mut c = std::process::Command::new("curl");
    c.arg(if opts.progress { "-fL" } else { "-fsSL" });
    if opts.progress {
        c.arg("--progress-bar");
    }
    let status = c
        .args(["--proto", "=https", "--max-redirs", "5", "--retry", "2"])
        .args(["--connect-timeout", "20", "--max-time"])
        .arg(opts.timeout.as_secs().max(1).to_string())
        .arg("--max-filesize")
        .arg(opts.max_bytes.to_string())
        .arg("-o")
        .arg(to)
        .arg(url)
        .status()
        .map_err(|e| FetchError::Io(format!("cannot run curl: {e}")))?;
    if !status.success() {
        return Err(match status.code() {
            Some(28) => FetchError::Timeout(opts.timeout),
            Some(63) => FetchError::TooLarge(opts.max_bytes),
            _ => FetchError::Io(format!("curl exited with {status}")),
        });
    }
    let len = std::fs::metadata(to)
        .map_err(|e| FetchError::Io(e.to_string()))?
        .len();
    if len > opts.max_bytes {
        return Err(FetchError::TooLarge(opts.max_bytes));
    }
    Ok(len)
}

/// A socket whose every read waits at most until the transfer's deadline.
struct Deadline {
    stream: TcpStream,
    until: Instant,
    timeout: Duration,
}

impl Read for Deadline {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let timed_out = || std::io::Error::new(std::io::ErrorKind::TimedOut, "deadline");
        let left = self
            .until
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
            .ok_or_else(timed_out)?;
        self.stream.set_read_timeout(Some(left))?;
        match self.stream.read(buf) {
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                Err(timed_out())
            }
            r => r,
        }
    }
}

fn read_error(e: std::io::Error, timeout: Duration) -> FetchError {
    if e.kind() == std::io::ErrorKind::TimedOut {
        FetchError::Timeout(timeout)
    } else {
        FetchError::Io(e.to_string())
    }
}

/// One line (without its CRLF), at most `max` bytes, however the server sends it.
fn read_line(r: &mut BufReader<Deadline>, max: usize, what: &str) -> Result<String, FetchError> {
    let mut line = Vec::new();
    let timeout = r.get_ref().timeout;
    loop {
        let buf = r.fill_buf().map_err(|e| read_error(e, timeout))?;
        if buf.is_empty() {
            return Err(FetchError::Protocol(format!(
                "the connection closed in the {what}"
            )));
        }
        let (chunk, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..=i], true),
            None => (buf, false),
        };
        if line.len() + chunk.len() > max + 2 {
            return Err(FetchError::Protocol(format!(
                "the {what} is longer than {max} bytes"
            )));
        }
        line.extend_from_slice(chunk);
        let n = chunk.len();
        r.consume(n);
        if done {
            break;
        }
    }
    while matches!(line.last(), Some(b'\n' | b'\r')) {
        line.pop();
    }
    String::from_utf8(line).map_err(|_| FetchError::Protocol(format!("the {what} is not text")))
}

/// Header lines up to the blank one, bounded in number and size.
fn read_headers(r: &mut BufReader<Deadline>) -> Result<Vec<(String, String)>, FetchError> {
    let mut out = Vec::new();
    let mut total = 0;
    loop {
        let line = read_line(r, MAX_LINE, "headers")?;
        if line.is_empty() {
            return Ok(out);
        }
        total += line.len() + 2;
        if total > MAX_HEADERS || out.len() >= MAX_HEADER_LINES {
            return Err(FetchError::Protocol(format!(
                "more than {MAX_HEADERS} bytes or {MAX_HEADER_LINES} lines of headers"
            )));
        }
        if let Some((k, v)) = line.split_once(':') {
            out.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
}

/// Copy exactly `n` bytes (or, without `n`, to the end) from `r` to `w`, within `max`
/// bytes in all (`written` counts what came before).
fn copy(
    r: &mut BufReader<Deadline>,
    w: &mut impl Write,
    n: Option<u64>,
    written: &mut u64,
    opts: &Options,
    total: Option<u64>,
) -> Result<(), FetchError> {
    let mut buf = vec![0u8; 64 << 10];
    let mut left = n;
    while left != Some(0) {
        let want = left.map_or(buf.len() as u64, |l| l.min(buf.len() as u64)) as usize;
        let got = r
            .read(&mut buf[..want])
            .map_err(|e| read_error(e, opts.timeout))?;
        if got == 0 {
            return match left {
                Some(l) => Err(FetchError::Protocol(format!(
                    "the connection closed {l} bytes short of the body"
                ))),
                None => Ok(()),
            };
        }
        *written += got as u64;
        if *written > opts.max_bytes {
            return Err(FetchError::TooLarge(opts.max_bytes));
        }
        w.write_all(&buf[..got])
            .map_err(|e| FetchError::Io(e.to_string()))?;
        left = left.map(|l| l - got as u64);
        if opts.progress {
            let mib = |b: u64| b as f64 / 1048576.0;
            match total {
                Some(t) => eprint!("\r  {:5.1} / {:.1} MiB \x1b[K", mib(*written), mib(t)),
                None => eprint!("\r  {:5.1} MiB \x1b[K", mib(*written)),
            }
        }
    }
    Ok(())
}

fn http_get(host_and_path: &str, to: &Path, opts: &Options) -> Result<u64, FetchError> {
    let start = Instant::now();
    let until = start + opts.timeout;
    let (host, path) = match host_and_path.split_once('/') {
        Some((h, p)) => (h, format!("/{p}")),
        None => (host_and_path, "/".to_string()),
    };
    let addr = if host.contains(':') {
        host.to_string()
    } else {
        format!("{host}:80")
    };
    let connect_err = |message: String| FetchError::Connect {
        addr: addr.clone(),
        message,
    };
    let sock = addr
        .to_socket_addrs()
        .map_err(|e| connect_err(e.to_string()))?
        .next()
        .ok_or_else(|| connect_err("no address".into()))?;
    let stream = TcpStream::connect_timeout(&sock, opts.timeout.min(Duration::from_secs(20)))
        .map_err(|e| connect_err(e.to_string()))?;
    stream
        .set_write_timeout(Some(opts.timeout.min(Duration::from_secs(60))))
        .map_err(|e| FetchError::Io(e.to_string()))?;
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: tollgate/{}\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n",
        tollgate_core::TOOL_VERSION
    );
    (&stream)
        .write_all(request.as_bytes())
        .map_err(|e| FetchError::Io(e.to_string()))?;
    let mut r = BufReader::new(Deadline {
        stream,
        until,
        timeout: opts.timeout,
    });
    let status = read_line(&mut r, MAX_LINE, "status line")?;
    let code: u16 = status
        .strip_prefix("HTTP/1.")
        .and_then(|s| s.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| FetchError::Protocol("no HTTP status line".into()))?;
    let headers = read_headers(&mut r)?;
    if code != 200 {
        return Err(FetchError::Status(code));
    }
    let mut length: Option<u64> = None;
    let mut chunked = false;
    for (k, v) in &headers {
        match k.as_str() {
            "content-length" => {
                let n: u64 = v.parse().map_err(|_| {
                    FetchError::Protocol("a Content-Length that is not a number".into())
                })?;
                if length.is_some_and(|l| l != n) {
                    return Err(FetchError::Protocol("two different Content-Lengths".into()));
                }
                length = Some(n);
            }
            "transfer-encoding" if v.eq_ignore_ascii_case("chunked") => chunked = true,
            "transfer-encoding" if !v.eq_ignore_ascii_case("identity") => {
                return Err(FetchError::Protocol(
                    "an unsupported Transfer-Encoding".into(),
                ))
            }
            _ => {}
        }
    }
    if length.is_some_and(|l| l > opts.max_bytes) {
        return Err(FetchError::TooLarge(opts.max_bytes));
    }
    let file =
        std::fs::File::create(to).map_err(|e| FetchError::Io(format!("{}: {e}", to.display())))?;
    let mut w = std::io::BufWriter::new(file);
    let mut written = 0u64;
    if chunked {
        loop {
            let line = read_line(&mut r, 1024, "chunk size")?;
            let hex = line.split(';').next().unwrap_or("").trim();
            let n = (hex.len() <= 16)
                .then(|| u64::from_str_radix(hex, 16).ok())
                .flatten()
                .ok_or_else(|| FetchError::Protocol("a chunk size that is not a number".into()))?;
            if n == 0 {
                read_headers(&mut r)?; // trailers
                break;
            }
            if n > opts.max_bytes.saturating_sub(written) {
                return Err(FetchError::TooLarge(opts.max_bytes));
            }
            copy(&mut r, &mut w, Some(n), &mut written, opts, None)?;
            if !read_line(&mut r, 0, "chunk end")?.is_empty() {
                return Err(FetchError::Protocol("a chunk longer than its size".into()));
            }
        }
    } else {
        copy(&mut r, &mut w, length, &mut written, opts, length)?;
    }
    if opts.progress {
        eprint!("\r\x1b[K");
    }
    w.flush().map_err(|e| FetchError::Io(e.to_string()))?;
    Ok(written)
}
