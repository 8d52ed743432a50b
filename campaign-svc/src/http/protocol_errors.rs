//! The answers hyper writes by itself, before any handler runs, in the API's JSON error shape.
//!
//! A request line too long for a URI (over 64 KiB) or headers beyond the read buffer never reach
//! the router: hyper answers `414` or `431` straight onto the connection with an empty body and
//! closes it. [`JsonProtocolErrors`] wraps the connection's stream and replaces those two answers
//! with the same status and a `{"error":{...}}` body. The router itself never answers 414 or
//! 431, so a response starting with either status line is always hyper's own.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// A connection stream whose hyper-written 414 and 431 answers carry a JSON body.
pub struct JsonProtocolErrors<S> {
    inner: S,
    /// The replacement being written, and how much of it is out.
    replacing: Option<(Vec<u8>, usize)>,
}

impl<S> JsonProtocolErrors<S> {
    /// Wraps a connection's stream.
    pub fn new(inner: S) -> Self {
        Self {
            inner,
            replacing: None,
        }
    }
}

/// The JSON answer replacing hyper's empty one, if `head` starts one of hyper's own answers.
fn replacement(head: &[u8]) -> Option<Vec<u8>> {
    let (status, reason, code, message) = if head.starts_with(b"HTTP/1.1 414 ") {
        (
            414,
            "URI Too Long",
            "uri_too_long",
            "the request URL exceeds 64 KiB",
        )
    } else if head.starts_with(b"HTTP/1.1 431 ") {
        (
            431,
            "Request Header Fields Too Large",
            "headers_too_large",
            "the request headers are too large",
        )
    } else {
        return None;
    };
    let body = serde_json::to_string(&super::error::ErrorBody::naming(code, message, None))
        .expect("an error body serialises");
    Some(
        format!(
            "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
             connection: close\r\n\r\n{body}",
            body.len()
        )
        .into_bytes(),
    )
}

impl<S: AsyncRead + Unpin> AsyncRead for JsonProtocolErrors<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for JsonProtocolErrors<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if this.replacing.is_none() {
            match replacement(buf) {
                Some(bytes) => this.replacing = Some((bytes, 0)),
                None => return Pin::new(&mut this.inner).poll_write(cx, buf),
            }
        }
        // hyper calls again with the same bytes while we return Pending, so the replacement is
        // written whole before hyper's (empty-bodied) answer counts as written.
        while let Some((bytes, written)) = &mut this.replacing {
            if *written == bytes.len() {
                this.replacing = None;
                return Poll::Ready(Ok(buf.len()));
            }
            let n = ready!(Pin::new(&mut this.inner).poll_write(cx, &bytes[*written..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            *written += n;
        }
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }

    // Vectored writes are declined so hyper flattens each answer into one buffer, whose start
    // is then always the status line.
    fn is_write_vectored(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[tokio::test]
    async fn hypers_own_414_gets_a_json_body_and_other_answers_pass_unchanged() {
        // A 16-byte pipe: the replacement goes out over many partial writes.
        let (ours, mut theirs) = tokio::io::duplex(16);
        let reader = tokio::spawn(async move {
            let mut out = String::new();
            theirs.read_to_string(&mut out).await.unwrap();
            out
        });
        let mut wrapped = JsonProtocolErrors::new(ours);
        let normal = b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n";
        wrapped.write_all(normal).await.unwrap();
        wrapped
            .write_all(b"HTTP/1.1 414 URI Too Long\r\ncontent-length: 0\r\n\r\n")
            .await
            .unwrap();
        wrapped.shutdown().await.unwrap();
        drop(wrapped);
        let out = reader.await.unwrap();
        let (first, rest) = out.split_at(normal.len());
        assert_eq!(first.as_bytes(), normal);
        assert!(rest.starts_with("HTTP/1.1 414 URI Too Long\r\n"), "{rest}");
        assert!(rest.contains("content-type: application/json"), "{rest}");
        let body: serde_json::Value =
            serde_json::from_str(rest.split("\r\n\r\n").nth(1).unwrap()).unwrap();
        assert_eq!(body["error"]["code"], "uri_too_long");
    }
}
