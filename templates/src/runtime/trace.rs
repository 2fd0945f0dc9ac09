//! Tracing (the crate's `tracing` feature): one span per call and one per attempt, with
//! the OpenTelemetry HTTP client attribute names; without the feature, nothing (these
//! types are empty and their methods do nothing).
//!
//! Spans carry the method, the path template (never the path's values), the operation
//! id, the status, the attempt number and the duration: never a URL, a query value, a
//! header value or a body, so no credential can reach a span.

#[cfg(feature = "tracing")]
use std::time::Instant;

use reqwest::Method;

/// The span of one call (`http.call`), parent of its attempts' spans.
pub(super) struct CallTrace {
    #[cfg(feature = "tracing")]
    pub(super) span: tracing::Span,
    #[cfg(feature = "tracing")]
    start: Instant,
}

/// The span of one attempt (`http.attempt`); its duration is recorded when it is dropped.
pub(super) struct AttemptTrace {
    #[cfg(feature = "tracing")]
    span: tracing::Span,
    #[cfg(feature = "tracing")]
    start: Instant,
}

impl CallTrace {
    pub(super) fn new(operation: &'static str, method: &Method, template: &'static str) -> Self {
        #[cfg(feature = "tracing")]
        {
            let span = tracing::info_span!(
                "http.call",
                otel.name = %format_args!("{method} {template}"),
                otel.kind = "client",
                "openapi.operation_id" = operation,
                "http.request.method" = method.as_str(),
                "url.template" = template,
                "http.response.status_code" = tracing::field::Empty,
                "http.request.resend_count" = tracing::field::Empty,
                "error.type" = tracing::field::Empty,
                "http.client.request.duration" = tracing::field::Empty,
            );
            CallTrace {
                span,
                start: Instant::now(),
            }
        }
        #[cfg(not(feature = "tracing"))]
        {
            let _ = (operation, method, template);
            CallTrace {}
        }
    }

    /// The span of attempt `attempt` (from 1), a child of the call's.
    pub(super) fn attempt(
        &self,
        attempt: u32,
        method: &Method,
        template: &'static str,
    ) -> AttemptTrace {
        #[cfg(feature = "tracing")]
        {
            let span = tracing::info_span!(
                parent: &self.span,
                "http.attempt",
                otel.name = %format_args!("{method} {template}"),
                otel.kind = "client",
                "http.request.method" = method.as_str(),
                "url.template" = template,
                "http.request.resend_count" = attempt.saturating_sub(1),
                attempt = attempt,
                "http.response.status_code" = tracing::field::Empty,
                "error.type" = tracing::field::Empty,
                "http.client.request.duration" = tracing::field::Empty,
            );
            AttemptTrace {
                span,
                start: Instant::now(),
            }
        }
        #[cfg(not(feature = "tracing"))]
        {
            let _ = (attempt, method, template);
            AttemptTrace {}
        }
    }

    /// Records how the call ended: the last status, or the kind of error.
    pub(super) fn end(&self, status: Option<u16>, error: Option<&'static str>, attempts: u32) {
        #[cfg(feature = "tracing")]
        {
            record_outcome(&self.span, status, error);
            self.span
                .record("http.request.resend_count", attempts.saturating_sub(1));
            self.span.record(
                "http.client.request.duration",
                self.start.elapsed().as_secs_f64(),
            );
        }
        #[cfg(not(feature = "tracing"))]
        let _ = (status, error, attempts);
    }
}

impl AttemptTrace {
    /// Records the attempt's response status.
    pub(super) fn status(&self, status: u16) {
        #[cfg(feature = "tracing")]
        record_outcome(&self.span, Some(status), None);
        #[cfg(not(feature = "tracing"))]
        let _ = status;
    }

    /// Records why the attempt failed without a response.
    pub(super) fn error(&self, kind: &'static str) {
        #[cfg(feature = "tracing")]
        record_outcome(&self.span, None, Some(kind));
        #[cfg(not(feature = "tracing"))]
        let _ = kind;
    }
}

#[cfg(feature = "tracing")]
impl Drop for AttemptTrace {
    fn drop(&mut self) {
        self.span.record(
            "http.client.request.duration",
            self.start.elapsed().as_secs_f64(),
        );
    }
}

/// `http.response.status_code`, and `error.type` (the status for 4xx and 5xx, as the
/// conventions say, or the kind of failure).
#[cfg(feature = "tracing")]
fn record_outcome(span: &tracing::Span, status: Option<u16>, error: Option<&'static str>) {
    if let Some(status) = status {
        span.record("http.response.status_code", status);
        if status >= 400 {
            span.record("error.type", status.to_string().as_str());
        }
    }
    if let Some(kind) = error {
        span.record("error.type", kind);
    }
}
