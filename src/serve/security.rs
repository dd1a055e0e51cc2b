//! What keeps an open server safe: a token for writes (and for reads when the
//! server is private), compared in constant time; response headers that stop
//! a plan's text from running as script or the pages from being framed;
//! limits on request size, upload count and request time.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, FromRequestParts, Request, State};
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use subtle::ConstantTimeEq;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

use super::api::ApiError;
use super::AppState;

/// The secret that grants writes. Never printed.
#[derive(Clone)]
pub struct Token(String);

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(..)")
    }
}

impl Token {
    /// A token of at least 16 characters, surrounding white space removed.
    pub fn new(text: &str) -> Result<Token, String> {
        let text = text.trim();
        if text.chars().count() < 16 {
            return Err("the token must be at least 16 characters long".into());
        }
        Ok(Token(text.to_string()))
    }

    /// Whether `offered` is this token, in time that does not depend on
    /// where the two first differ.
    pub fn accepts(&self, offered: &str) -> bool {
        self.0.as_bytes().ct_eq(offered.as_bytes()).into()
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Bytes of one upload request, all files together.
    pub max_upload_bytes: usize,
    /// Files in one upload request.
    pub max_upload_files: usize,
    /// Time to answer a request (uploads included).
    pub request_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_upload_bytes: 64 * 1024 * 1024,
            max_upload_files: 50,
            request_timeout: Duration::from_secs(60),
        }
    }
}

/// The token a request offers: `Authorization: Bearer T` or `X-Vnplan-Token: T`.
fn offered_token(parts: &Parts) -> Option<&str> {
    let header = |name: &HeaderName| parts.headers.get(name).and_then(|v| v.to_str().ok());
    header(&header::AUTHORIZATION)
        .and_then(|v| v.strip_prefix("Bearer "))
        .or_else(|| header(&HeaderName::from_static("x-vnplan-token")))
}

impl AppState {
    /// Whether `offered` grants writes.
    pub fn authorise(&self, offered: Option<&str>) -> Result<(), ApiError> {
        let Some(token) = &self.config.token else {
            return Err(ApiError::forbidden(
                "this server takes no uploads: it was started without a token (--token-file or VNPLAN_TOKEN)",
            ));
        };
        match offered {
            Some(offered) if token.accepts(offered) => Ok(()),
            Some(_) => Err(ApiError::unauthorized("the token is wrong")),
            None => Err(ApiError::unauthorized(
                "writes need a token: send it as `Authorization: Bearer TOKEN`",
            )),
        }
    }
}

/// The token a request offers in its headers, if any (checked by
/// [`AppState::authorise`] where the route needs it).
pub struct TokenOffered(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for TokenOffered {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(TokenOffered(offered_token(parts).map(str::to_string)))
    }
}

/// On a private server, every request needs the token.
pub async fn require_read_token(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    if state.config.private {
        let (parts, body) = request.into_parts();
        state.authorise(offered_token(&parts))?;
        return Ok(next.run(Request::from_parts(parts, body)).await);
    }
    Ok(next.run(request).await)
}

/// Scripts and styles only from this server, never inline: a plan's text,
/// whatever it holds, is escaped where shown and could not run if it were not.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Headers on every response, a body limit and a time limit, around `router`.
pub fn protect<S: Clone + Send + Sync + 'static>(router: Router<S>, limits: Limits) -> Router<S> {
    let fixed = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
    };
    router
        // The body limit below is the one that counts, for every extractor.
        .layer(DefaultBodyLimit::disable())
        // Multipart framing adds a little to the files themselves.
        .layer(RequestBodyLimitLayer::new(
            limits.max_upload_bytes + 64 * 1024,
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            limits.request_timeout,
        ))
        .layer(fixed(
            header::CONTENT_SECURITY_POLICY,
            CONTENT_SECURITY_POLICY,
        ))
        .layer(fixed(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(fixed(header::X_FRAME_OPTIONS, "DENY"))
        .layer(fixed(header::REFERRER_POLICY, "no-referrer"))
        .layer(fixed(
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_and_compared_whole() {
        assert!(Token::new("short").is_err());
        let token = Token::new("  correct-horse-battery-staple\n").unwrap();
        assert!(token.accepts("correct-horse-battery-staple"));
        assert!(!token.accepts("correct-horse-battery-stapl"));
        assert!(!token.accepts("correct-horse-battery-staple!"));
        assert!(!token.accepts(""));
        assert_eq!(format!("{token:?}"), "Token(..)");
    }
}
