//! Logs, traces and metrics.
//!
//! * Tracing: JSON lines in production (`LOG_FORMAT=json`), readable lines locally; filtered by
//!   `RUST_LOG`. The readable format escapes control characters in field values and messages
//!   ([`EscapedFields`]), so a value taken from outside (a bus attribute, a header) cannot forge
//!   log lines or send terminal escapes; the JSON format escapes them as JSON strings.
//! * Trace context: a W3C `traceparent` is carried in every bus message's attributes, so one grant
//!   can be followed from the HTTP request through chain-svc and back.
//! * Metrics: a Prometheus recorder rendered by each service's `GET /metrics`.

use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use rand::RngCore;
use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;
use tracing::field::{Field, Visit};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::field::RecordFields;
use tracing_subscriber::fmt::format::{Compact, Format, Writer};
use tracing_subscriber::fmt::{FormatFields, SubscriberBuilder};

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// One JSON object per line (for Cloud Logging).
    Json,
    /// Human-readable lines.
    Pretty,
}

/// Installs the global tracing subscriber. Safe to call twice (the second call is a no-op).
pub fn init_tracing(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    let _ = match format {
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .try_init(),
        LogFormat::Pretty => pretty(builder).try_init(),
    };
}

/// The readable format: compact lines whose fields go through [`EscapedFields`].
fn pretty<F>(
    builder: SubscriberBuilder<tracing_subscriber::fmt::format::DefaultFields, Format, F>,
) -> SubscriberBuilder<EscapedFields, Format<Compact>, F> {
    builder.compact().fmt_fields(EscapedFields)
}

/// Formats an event's or span's fields as `name=value` separated by spaces (the message bare),
/// like tracing-subscriber's default, but with every control character (newline, carriage return,
/// ESC, ...) and Unicode line/paragraph separator written as its escape (`\n`, `\u{1b}`), so
/// one event is always one line and cannot carry terminal escape sequences.
#[derive(Debug, Clone, Copy, Default)]
pub struct EscapedFields;

impl<'writer> FormatFields<'writer> for EscapedFields {
    fn format_fields<R: RecordFields>(
        &self,
        mut writer: Writer<'writer>,
        fields: R,
    ) -> fmt::Result {
        let mut visitor = EscapingVisitor {
            writer: &mut writer,
            first: true,
            result: Ok(()),
        };
        fields.record(&mut visitor);
        visitor.result
    }
}

/// Writes each field through [`escape_controls`].
struct EscapingVisitor<'a, 'writer> {
    writer: &'a mut Writer<'writer>,
    first: bool,
    result: fmt::Result,
}

impl Visit for EscapingVisitor<'_, '_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.record_debug(field, &format_args!("{value}"));
        } else {
            self.record_debug(field, &value);
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        let name = field.name();
        // The `log` crate bridge's metadata fields, which the default formatter hides too.
        if self.result.is_err() || name.starts_with("log.") {
            return;
        }
        let name = name.strip_prefix("r#").unwrap_or(name);
        let text = format!("{value:?}");
        let text = escape_controls(&text);
        let sep = if self.first { "" } else { " " };
        self.first = false;
        self.result = if name == "message" {
            write!(self.writer, "{sep}{text}")
        } else {
            write!(self.writer, "{sep}{name}={text}")
        };
    }
}

/// `text` with control characters and Unicode line/paragraph separators replaced by their
/// escapes; borrowed when there is nothing to escape.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    let needs = |c: char| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}');
    if !text.chars().any(needs) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if needs(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Installs aws-lc-rs as the process-wide rustls provider before any client picks one (aptos-sdk
/// would otherwise install ring while Google's crate expects aws-lc-rs).
pub fn install_crypto_provider() {
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
}

/// The process's Prometheus recorder, installed on first use.
pub fn metrics_handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new()
                .set_buckets(&[
                    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
                    30.0, 60.0,
                ])
                .expect("static buckets are valid")
                .build_recorder();
            let handle = recorder.handle();
            // A second recorder (another test in the same process) keeps the first.
            let _ = metrics::set_global_recorder(recorder);
            handle
        })
        .clone()
}

/// A W3C trace context (`traceparent`), version 00.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceContext {
    /// 16-byte trace id as 32 lowercase hex digits.
    pub trace_id: String,
    /// 8-byte parent span id as 16 lowercase hex digits.
    pub span_id: String,
    /// Whether the trace is sampled.
    pub sampled: bool,
}

/// The message attribute (and HTTP header) that carries the trace context.
pub const TRACEPARENT: &str = "traceparent";

impl TraceContext {
    /// A new root context.
    pub fn new_root() -> Self {
        let mut rng = rand::thread_rng();
        let mut trace = [0u8; 16];
        let mut span = [0u8; 8];
        rng.fill_bytes(&mut trace);
        rng.fill_bytes(&mut span);
        Self {
            trace_id: hex::encode(trace),
            span_id: hex::encode(span),
            sampled: true,
        }
    }

    /// Parses a `traceparent` value; `None` when it is not a valid version-00 header.
    pub fn parse(header: &str) -> Option<Self> {
        let mut parts = header.trim().split('-');
        let (version, trace, span, flags) =
            (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
        let hex_of = |s: &str, n: usize| {
            s.len() == n && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        };
        if parts.next().is_some()
            || version != "00"
            || !hex_of(trace, 32)
            || !hex_of(span, 16)
            || !hex_of(flags, 2)
            || trace.bytes().all(|b| b == b'0')
            || span.bytes().all(|b| b == b'0')
        {
            return None;
        }
        let flags = u8::from_str_radix(flags, 16).ok()?;
        Some(Self {
            trace_id: trace.into(),
            span_id: span.into(),
            sampled: flags & 1 == 1,
        })
    }

    /// A child context: same trace, new span id (the span that sends the next hop).
    pub fn child(&self) -> Self {
        let mut span = [0u8; 8];
        rand::thread_rng().fill_bytes(&mut span);
        Self {
            trace_id: self.trace_id.clone(),
            span_id: hex::encode(span),
            sampled: self.sampled,
        }
    }

    /// Continues `header` if valid, else starts a new root.
    pub fn continue_or_root(header: Option<&str>) -> Self {
        header
            .and_then(Self::parse)
            .map(|c| c.child())
            .unwrap_or_else(Self::new_root)
    }

    /// The `traceparent` header value.
    pub fn header(&self) -> String {
        format!(
            "00-{}-{}-{}",
            self.trace_id,
            self.span_id,
            if self.sampled { "01" } else { "00" }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// A `MakeWriter` collecting everything written into one buffer.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
        type Writer = Captured;
        fn make_writer(&'a self) -> Self::Writer {
            self.clone()
        }
    }

    #[test]
    fn pretty_logs_escape_control_characters_in_fields_and_messages() {
        let out = Captured::default();
        let subscriber = pretty(tracing_subscriber::fmt().with_env_filter(EnvFilter::new("info")))
            .with_ansi(false)
            .with_writer(out.clone())
            .finish();
        let attribute = "x\n2026-01-01T00:00:00Z  INFO forged: granted\r\u{1b}[2J";
        tracing::subscriber::with_default(subscriber, || {
            let span = tracing::info_span!("consume", attr = %attribute);
            let _entered = span.enter();
            tracing::info!(display = %attribute, debug = ?attribute, "got {attribute}");
        });
        let text = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
        assert_eq!(
            text.matches('\n').count(),
            1,
            "one event, one line: {text:?}"
        );
        assert!(text.ends_with('\n'), "{text:?}");
        assert!(!text.contains('\r') && !text.contains('\u{1b}'), "{text:?}");
        assert!(
            text.contains(r"display=x\n2026-01-01T00:00:00Z  INFO forged: granted\r\u{1b}[2J"),
            "{text:?}"
        );
        assert!(text.contains(r"got x\n2026"), "{text:?}");
        assert!(text.contains(r"attr=x\n2026"), "{text:?}");
    }

    #[test]
    fn escape_controls_borrows_clean_text() {
        assert!(matches!(escape_controls("plain ünïcode"), Cow::Borrowed(_)));
        assert_eq!(escape_controls("a\tb\u{7f}\u{2028}"), r"a\tb\u{7f}\u{2028}");
    }

    #[test]
    fn traceparent_round_trips() {
        let root = TraceContext::new_root();
        assert_eq!(TraceContext::parse(&root.header()), Some(root.clone()));
        let child = root.child();
        assert_eq!(child.trace_id, root.trace_id);
        assert_ne!(child.span_id, root.span_id);
    }

    #[test]
    fn invalid_traceparents_are_refused() {
        for bad in [
            "",
            "00-abc-def-01",
            "01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            "00-00000000000000000000000000000000-b7ad6b7169203331-01",
            "00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01",
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra",
        ] {
            assert_eq!(TraceContext::parse(bad), None, "{bad}");
        }
        assert!(
            TraceContext::parse("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                .is_some()
        );
    }
}
