//! hyper's own answers to requests it cannot parse, given a body that says what was wrong.
//!
//! When hyper's HTTP/1 parser refuses a request head (a malformed request line or header,
//! an invalid `Content-Length` or `Transfer-Encoding`, a head over [`MAX_HEAD_BYTES`] or
//! with more than [`MAX_HEADERS`] fields, a target over [`MAX_URI_BYTES`]), no route sees
//! it: hyper writes `400`, `431` or `414` itself, with `content-length: 0`, and ends the
//! connection with the parse error (a `Content-Length` past what hyper can count, over
//! `u64::MAX - 2`, is one of its "head too large" errors: it is answered `413` instead).
//! [`ConnIo`] sits between hyper and the socket: a write
//! that is exactly such a head (a `4xx`/`5xx` status, no header but `connection: close`,
//! `content-length: 0` and `date`, nothing after it) is held back, reported written to
//! hyper. When the connection ends, [`finish`] looks at how: ended by a parse error, the
//! held head is sent with a plain-text body naming the problem (the style of
//! [`super::error::ApiError`]'s bodies); otherwise it is sent as it was. Any other IO
//! (a read, another write, a shutdown) first sends held bytes unchanged, so a write that
//! only looked like hyper's head (a body chunk) is delayed, never altered.
//!
//! Cost on the hot path: one length and prefix test per write; the full check runs only on
//! heads of at most [`CANNED_MAX`] bytes with a `4xx`/`5xx` status. The app's own error
//! answers always carry a `content-type` and a body, so they never match; `204`, `304`
//! and `HEAD` answers are not `4xx`/`5xx` or carry the app's headers.

use std::io::{self, IoSlice};
use std::pin::Pin;
use std::task::{ready, Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

/// The longest request head (request line and header fields) read, in bytes: a longer
/// one is refused with `431` (hyper's `max_header_size`; without it hyper's limit is its
/// read buffer, somewhere between 408 KiB and 1 MiB depending on how the bytes arrive).
pub const MAX_HEAD_BYTES: usize = 96 * 1024;
/// The most header fields a request may have (hyper's default): `431` past it.
pub const MAX_HEADERS: usize = 100;
/// The longest request target (hyper's fixed bound): `414` past it.
pub const MAX_URI_BYTES: usize = u16::MAX as usize - 1;

/// The longest head recognised as hyper's own answer (it writes about 110 bytes).
const CANNED_MAX: usize = 256;
/// Time given to write an answer at the end of a connection and to read what the client
/// still sends (closing with unread bytes would reset the connection before the client
/// reads the answer).
const ANSWER_BOUND: Duration = Duration::from_secs(1);

/// A connection's socket, holding back hyper's own error heads (see the module
/// documentation).
pub struct ConnIo {
    stream: TcpStream,
    /// A head reported written to hyper but not sent yet.
    held: Option<Vec<u8>>,
    /// Held bytes being sent unchanged, from `sent` on.
    owed: Vec<u8>,
    sent: usize,
    /// The first bytes read since the last write: the start of the request being read
    /// (of the refused one, when hyper has already taken its head out of its buffer).
    started: [u8; 5],
    started_len: usize,
}

impl ConnIo {
    pub fn new(stream: TcpStream) -> Self {
        Self {
            stream,
            held: None,
            owed: Vec::new(),
            sent: 0,
            started: [0; 5],
            started_len: 0,
        }
    }

    /// Keeps the first bytes read since the last write.
    fn note_read(&mut self, read: &[u8]) {
        let n = read.len().min(self.started.len() - self.started_len);
        self.started[self.started_len..self.started_len + n].copy_from_slice(&read[..n]);
        self.started_len += n;
    }

    /// Whether the refused request is a `HEAD`, from what hyper left of it (`unread`): its
    /// head when hyper refused the head itself, else (hyper had taken the head out: an
    /// invalid `Content-Length` or `Transfer-Encoding`) from the start of what was read
    /// since the last answer.
    fn refused_head(&self, unread: &[u8]) -> bool {
        let method_len = unread.iter().take_while(|b| b.is_ascii_uppercase()).count();
        if method_len > 0 && unread.get(method_len) == Some(&b' ') {
            unread.starts_with(b"HEAD ")
        } else {
            self.started[..self.started_len] == *b"HEAD "
        }
    }

    /// Sends held bytes unchanged, before any other IO.
    fn poll_release(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let Some(held) = self.held.take() {
            self.owed = held;
            self.sent = 0;
        }
        self.poll_send_owed(cx)
    }

    /// Sends the bytes released so far.
    fn poll_send_owed(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.sent < self.owed.len() {
            let n = ready!(Pin::new(&mut self.stream).poll_write(cx, &self.owed[self.sent..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.sent += n;
        }
        self.owed.clear();
        self.sent = 0;
        Poll::Ready(Ok(()))
    }

    fn owes(&self) -> bool {
        self.held.is_some() || !self.owed.is_empty()
    }
}

impl AsyncRead for ConnIo {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.owes() {
            ready!(this.poll_release(cx))?;
        }
        let before = buf.filled().len();
        ready!(Pin::new(&mut this.stream).poll_read(cx, buf))?;
        if this.started_len < this.started.len() {
            this.note_read(&buf.filled()[before..]);
        }
        Poll::Ready(Ok(()))
    }
}

impl AsyncWrite for ConnIo {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if this.owes() {
            ready!(this.poll_release(cx))?;
        }
        if is_canned(buf) {
            this.held = Some(buf.to_vec());
            return Poll::Ready(Ok(buf.len()));
        }
        this.started_len = 0;
        Pin::new(&mut this.stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if this.owes() {
            ready!(this.poll_release(cx))?;
        }
        if let [first, rest @ ..] = bufs {
            if is_canned(first) && rest.iter().all(|b| b.is_empty()) {
                this.held = Some(first.to_vec());
                return Poll::Ready(Ok(first.len()));
            }
        }
        this.started_len = 0;
        Pin::new(&mut this.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    /// Sends what is owed; a held head stays held (it waits for [`finish`]).
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_send_owed(cx))?;
        Pin::new(&mut this.stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.owes() {
            ready!(this.poll_release(cx))?;
        }
        Pin::new(&mut this.stream).poll_shutdown(cx)
    }
}

/// Ends a connection that hyper has finished with (without shutting its socket down):
/// after a parse error, hyper's held answer goes out with a body naming the problem;
/// otherwise held bytes go out unchanged, and the socket is shut down as hyper would
/// have (after a normal end or a parse error; after other errors it is just closed).
///
/// `unread` is what hyper read and did not consume: after a parse error, the refused
/// request itself (or what followed its head, when hyper had taken the head out), whose
/// method says whether the answer may carry a body (not to `HEAD`).
pub async fn finish(mut io: ConnIo, unread: &[u8], result: Result<(), hyper::Error>) {
    let parse_error = match &result {
        Err(e) if e.is_parse() => Some(e),
        _ => None,
    };
    if let (Some(head), Some(error)) = (io.held.as_deref(), parse_error) {
        let to_head = io.refused_head(unread);
        if let Some(answer) = answer(head, &error.to_string(), to_head, unread) {
            io.held = None;
            tracing::debug!(error = %error, "request refused by the HTTP parser");
            let _ = tokio::time::timeout(
                ANSWER_BOUND,
                super::listener::answer_and_close(io.stream, answer),
            )
            .await;
            return;
        }
    }
    if result.is_ok() || parse_error.is_some() {
        let shutdown = std::future::poll_fn(|cx| Pin::new(&mut io).poll_shutdown(cx));
        let _ = tokio::time::timeout(ANSWER_BOUND, shutdown).await;
    } else if io.owes() {
        let _ = tokio::time::timeout(ANSWER_BOUND, io.flush_owed()).await;
    }
}

impl ConnIo {
    async fn flush_owed(&mut self) -> io::Result<()> {
        std::future::poll_fn(|cx| self.poll_release(cx)).await
    }
}

/// Whether `buf` is a whole response head as hyper writes for a request it could not
/// parse: a `4xx`/`5xx` status line, then only `connection`, `content-length: 0` (required)
/// and `date` fields.
fn is_canned(buf: &[u8]) -> bool {
    // The hot path: most writes fail one of these at once.
    if buf.len() > CANNED_MAX || buf.len() < 16 || !buf.starts_with(b"HTTP/1.") {
        return false;
    }
    if !matches!(buf[9], b'4' | b'5') {
        return false;
    }
    let Some(head) = buf.strip_suffix(b"\r\n\r\n") else {
        return false;
    };
    let mut lines = CrLfLines(head);
    if !lines.next().is_some_and(is_status_line) {
        return false;
    }
    let mut empty_length = false;
    for line in lines {
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            return false;
        };
        let (name, value) = (&line[..colon], line[colon + 1..].trim_ascii());
        if name.eq_ignore_ascii_case(b"content-length") && value == b"0" {
            empty_length = true;
        } else if !(name.eq_ignore_ascii_case(b"connection") || name.eq_ignore_ascii_case(b"date"))
        {
            return false;
        }
    }
    empty_length
}

/// The lines of a head without its final empty line, split at each CRLF.
struct CrLfLines<'a>(&'a [u8]);

impl<'a> Iterator for CrLfLines<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        if self.0.is_empty() {
            return None;
        }
        match self.0.windows(2).position(|w| w == b"\r\n") {
            Some(end) => {
                let line = &self.0[..end];
                self.0 = &self.0[end + 2..];
                Some(line)
            }
            None => Some(std::mem::take(&mut self.0)),
        }
    }
}

/// `HTTP/1.x NNN Reason`.
fn is_status_line(line: &[u8]) -> bool {
    line.len() >= 12
        && (line.starts_with(b"HTTP/1.1 ") || line.starts_with(b"HTTP/1.0 "))
        && line[9..12].iter().all(u8::is_ascii_digit)
        && (line.len() == 12 || line[12] == b' ')
}

/// hyper's head with a body naming the error hyper described as `said`: a `content-type`
/// and the body's length in place of `content-length: 0`, hyper's other fields kept; the
/// body itself left out in answer to `HEAD`. `unread` is what hyper left of the refused
/// request: a `Content-Length` past what hyper can count is answered `413`, not `431`.
fn answer(head: &[u8], said: &str, to_head: bool, unread: &[u8]) -> Option<Vec<u8>> {
    let head = std::str::from_utf8(head).ok()?;
    let status: u16 = head.get(9..12)?.parse().ok()?;
    let mut lines = head.trim_end_matches("\r\n").split("\r\n");
    let mut status_line = lines.next()?.to_owned();
    let body = if uncountable_length(said, unread) {
        status_line = format!("{} 413 Payload Too Large", status_line.get(..8)?);
        format!(
            "request body too large: the Content-Length announced is past the largest body \
             HTTP/1 can count ({} bytes), let alone what this server accepts; the request was \
             not read and the connection is closed\n",
            u64::MAX - 2
        )
    } else {
        format!("{}\n", explain(status, said))
    };
    let mut out = String::with_capacity(head.len() + body.len() + 96);
    out.push_str(&status_line);
    out.push_str(
        "\r\ncontent-type: text/plain; charset=utf-8\r\naccess-control-allow-origin: *\r\n",
    );
    for line in lines.filter(|l| !l.to_ascii_lowercase().starts_with("content-length:")) {
        out.push_str(line);
        out.push_str("\r\n");
    }
    out.push_str(&format!("content-length: {}\r\n\r\n", body.len()));
    if !to_head {
        out.push_str(&body);
    }
    Some(out.into_bytes())
}

/// Whether hyper's "message head is too large" was about a `Content-Length` over
/// `u64::MAX - 2` (its largest) rather than the head. hyper refuses such a length once it
/// has taken the head out of its buffer, so what it leaves (`unread`) is what came after
/// it; a head really too large, or with too many fields, is still there: at least
/// 64 KiB (hyper also refuses a 64 KiB field name), or over [`MAX_HEADERS`] lines.
fn uncountable_length(said: &str, unread: &[u8]) -> bool {
    if !said.starts_with("message head is too large") || unread.len() >= 1 << 16 {
        return false;
    }
    let head = unread
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(unread, |end| &unread[..end]);
    CrLfLines(head).count() <= MAX_HEADERS
}

/// What was wrong, from hyper's description of its parse error (its wording, matched on
/// the start so that an added detail does not lose the explanation).
fn explain(status: u16, said: &str) -> String {
    let what = if said.starts_with("invalid HTTP method") {
        "malformed request line: it must be `METHOD target HTTP/1.1`, the method a word \
         of letters such as GET or POST"
            .to_owned()
    } else if said.starts_with("invalid HTTP version") {
        "malformed request line: it must end with the protocol version HTTP/1.1 (or \
         HTTP/1.0), separated from the target by one space"
            .to_owned()
    } else if said.starts_with("invalid URI") {
        "malformed request target: the URI in the request line is not valid (spaces, \
         control characters and non-ASCII bytes must be percent-encoded)"
            .to_owned()
    } else if said.starts_with("URI too long") {
        format!(
            "request target too long: the URI in the request line is over {MAX_URI_BYTES} \
             bytes; send a long SPARQL query in a POST body (Content-Type: \
             application/sparql-query) instead"
        )
    } else if said.starts_with("invalid HTTP header") {
        "malformed header: every header line must be `Name: value`, the name made of \
         letters, digits and `-` and followed by a colon, the value without control \
         characters"
            .to_owned()
    } else if said.starts_with("invalid content-length") {
        "invalid Content-Length header: it must be one number of bytes (several \
         Content-Length headers must all agree)"
            .to_owned()
    } else if said.starts_with("invalid transfer-encoding") {
        "invalid Transfer-Encoding header: its last coding must be `chunked`".to_owned()
    } else if said.starts_with("unexpected transfer-encoding") {
        "unexpected Transfer-Encoding header: an HTTP/1.0 request cannot use it".to_owned()
    } else if said.starts_with("message head is too large") {
        format!(
            "request head too large: the request line and headers must stay within \
             {MAX_HEAD_BYTES} bytes and {MAX_HEADERS} header fields; send a long SPARQL \
             query in a POST body (Content-Type: application/sparql-query) instead"
        )
    } else {
        match status {
            414 => format!("request target too long ({said})"),
            431 => format!("request head too large ({said})"),
            _ => format!("the request is not valid HTTP/1.1 ({said})"),
        }
    };
    format!("{what}; the request was not read and the connection is closed")
}

#[cfg(test)]
mod tests {
    use super::*;

    const HYPER_400: &[u8] = b"HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\
          content-length: 0\r\ndate: Mon, 30 Nov 2026 03:30:00 GMT\r\n\r\n";

    #[test]
    fn hypers_own_heads_are_recognised() {
        assert!(is_canned(HYPER_400));
        assert!(is_canned(
            b"HTTP/1.1 431 Request Header Fields Too Large\r\nconnection: close\r\n\
              content-length: 0\r\ndate: Mon, 30 Nov 2026 03:30:05 GMT\r\n\r\n"
        ));
        assert!(is_canned(
            b"HTTP/1.1 414 URI Too Long\r\ncontent-length: 0\r\n\r\n"
        ));
    }

    #[test]
    fn other_heads_and_bytes_are_not() {
        // A success, an error with a body, an empty 204, a HEAD answer, a body chunk.
        for bytes in [
            &b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"[..],
            b"HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain\r\ncontent-length: 0\r\n\r\n",
            b"HTTP/1.1 400 Bad Request\r\ncontent-length: 12\r\n\r\n",
            b"HTTP/1.1 204 No Content\r\ndate: Mon, 30 Nov 2026 03:30:00 GMT\r\n\r\n",
            b"HTTP/1.1 404 Not Found\r\nconnection: close\r\n\r\n",
            b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\nbody",
            b"HTTP/1.1 4xx Bad Request\r\ncontent-length: 0\r\n\r\n",
            b"{\"head\":{\"vars\":[\"s\"]},\"results\":{\"bindings\":[]}}",
            b"",
        ] {
            assert!(!is_canned(bytes), "{:?}", String::from_utf8_lossy(bytes));
        }
    }

    #[test]
    fn the_answer_keeps_hypers_fields_and_counts_its_body() {
        let answer = answer(HYPER_400, "invalid content-length parsed", false, b"").unwrap();
        let answer = String::from_utf8(answer).unwrap();
        let (head, body) = answer.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 400 Bad Request\r\n"), "{head}");
        assert!(head.contains("\r\nconnection: close\r\n"), "{head}");
        assert!(
            head.contains("\r\ndate: Mon, 30 Nov 2026 03:30:00 GMT\r\n"),
            "{head}"
        );
        assert!(head.contains("\r\ncontent-type: text/plain; charset=utf-8\r\n"));
        assert!(
            head.ends_with(&format!("\r\ncontent-length: {}", body.len())),
            "{head}"
        );
        assert!(!head.contains("content-length: 0"), "{head}");
        assert!(
            body.contains("Content-Length") && body.ends_with('\n'),
            "{body}"
        );
        assert!(explain(414, "URI too long").contains("65534"));
        assert!(explain(431, "message head is too large").contains("98304"));
        assert!(explain(400, "something new").contains("something new"));
    }

    #[test]
    fn a_length_past_what_hyper_counts_is_413_not_a_large_head() {
        let hyper_431 = b"HTTP/1.1 431 Request Header Fields Too Large\r\nconnection: close\r\n\
              content-length: 0\r\ndate: Mon, 30 Nov 2026 03:30:05 GMT\r\n\r\n";
        let said = "message head is too large";
        let text = |unread: &[u8]| {
            String::from_utf8(answer(hyper_431, said, false, unread).unwrap()).unwrap()
        };
        // What follows a head announcing `Content-Length: 18446744073709551615`.
        for unread in [&b""[..], b"ASK {}"] {
            let refused = text(unread);
            assert!(
                refused.starts_with("HTTP/1.1 413 Payload Too Large\r\n"),
                "{refused}"
            );
            assert!(refused.contains("Content-Length"), "{refused}");
            assert!(!refused.contains("98304"), "{refused}");
        }
        // A head really too large, or with too many fields: hyper's status and reason.
        let big = format!("GET / HTTP/1.1\r\nX-Big: {}", "a".repeat(100 * 1024));
        let many = format!(
            "GET / HTTP/1.1\r\n{}\r\n",
            "X-Field: v\r\n".repeat(MAX_HEADERS + 1)
        );
        for unread in [big.as_bytes(), many.as_bytes()] {
            let refused = text(unread);
            assert!(refused.starts_with("HTTP/1.1 431 "), "{refused}");
            assert!(refused.contains("98304"), "{refused}");
        }
    }

    /// Everything the client receives until the server side closes.
    async fn received(client: TcpStream) -> Vec<u8> {
        let mut all = Vec::new();
        let mut buf = [0; 4096];
        loop {
            client.readable().await.unwrap();
            match client.try_read(&mut buf) {
                Ok(0) => return all,
                Ok(n) => all.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(e) => panic!("{e}"),
            }
        }
    }

    async fn pair() -> (ConnIo, TcpStream) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let client = TcpStream::connect(listener.local_addr().unwrap())
            .await
            .unwrap();
        let (server, _) = listener.accept().await.unwrap();
        (ConnIo::new(server), client)
    }

    /// Bytes that only look like hyper's answer, followed by more writes or by a
    /// connection that ends without a parse error, go out unchanged and in order.
    #[tokio::test]
    async fn a_lookalike_goes_out_unchanged() {
        let (mut io, client) = pair().await;
        let n = std::future::poll_fn(|cx| Pin::new(&mut io).poll_write(cx, HYPER_400))
            .await
            .unwrap();
        assert_eq!(n, HYPER_400.len());
        assert!(io.held.is_some());
        std::future::poll_fn(|cx| Pin::new(&mut io).poll_flush(cx))
            .await
            .unwrap();
        let slices = [IoSlice::new(b"after")];
        std::future::poll_fn(|cx| Pin::new(&mut io).poll_write_vectored(cx, &slices))
            .await
            .unwrap();
        let slices = [IoSlice::new(HYPER_400), IoSlice::new(b"")];
        std::future::poll_fn(|cx| Pin::new(&mut io).poll_write_vectored(cx, &slices))
            .await
            .unwrap();
        assert!(io.held.is_some());
        finish(io, b"", Ok(())).await;
        let mut expected = HYPER_400.to_vec();
        expected.extend_from_slice(b"after");
        expected.extend_from_slice(HYPER_400);
        assert_eq!(received(client).await, expected);
    }
}
