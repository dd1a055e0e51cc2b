//! The pages, rendered on the server from the templates in `templates/` and
//! usable without JavaScript; two small scripts (a live search box, upload
//! progress) help where they can. Every text from a plan goes through the
//! templates' HTML escaping.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::api::{filtered_plans, receive, PlanQuery};
use super::security::TokenOffered;
use super::uploads::{UploadState, UploadStatus};
use super::view::{pieces, section_rows, Piece, SectionRow};
use super::AppState;
use crate::model::Plan;
use crate::report::catalogue::PlanSummary;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(home))
        .route("/plans/{id}", get(plan_page))
        .route("/upload", get(upload_page).post(upload_form))
        .route("/uploads/{id}", get(upload_status_page))
        .route("/static/{name}", get(static_file))
}

/// A page, or the error page with its status.
pub struct Page(Result<String, (StatusCode, String)>);

impl IntoResponse for Page {
    fn into_response(self) -> Response {
        match self.0 {
            Ok(html) => Html(html).into_response(),
            Err((status, message)) => {
                let page = ErrorPage {
                    title: status.canonical_reason().unwrap_or("Error").to_string(),
                    message,
                };
                let html = page.render().unwrap_or_else(|_| "error".into());
                (status, Html(html)).into_response()
            }
        }
    }
}

fn render(template: &impl Template) -> Page {
    Page(template.render().map_err(|e| {
        eprintln!("vnplan serve: a template failed: {e}");
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            "the page could not be made".into(),
        )
    }))
}

fn error_page(status: StatusCode, message: impl Into<String>) -> Page {
    Page(Err((status, message.into())))
}

pub async fn not_found() -> Page {
    error_page(StatusCode::NOT_FOUND, "There is no page here.")
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    title: String,
    message: String,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    total: usize,
    plans: Vec<Arc<PlanSummary>>,
}

async fn home(State(state): State<Arc<AppState>>, Query(query): Query<PlanQuery>) -> Page {
    let plans = filtered_plans(&state, &query);
    render(&HomePage {
        total: plans.len(),
        plans: plans.into_iter().take(50).collect(),
    })
}

#[derive(Template)]
#[template(path = "plan.html")]
struct PlanPage {
    summary: PlanSummary,
    plan: Plan,
    sections: Vec<SectionRow>,
    pieces: Vec<Piece>,
}

async fn plan_page(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Page {
    let plan = match state.plan(&id) {
        Ok(Some(plan)) => plan,
        Ok(None) => return error_page(StatusCode::NOT_FOUND, format!("There is no plan {id}.")),
        Err(err) => {
            eprintln!("vnplan serve: {err:#}");
            return error_page(
                StatusCode::INTERNAL_SERVER_ERROR,
                "This plan could not be read.",
            );
        }
    };
    render(&PlanPage {
        summary: PlanSummary::of(&plan),
        sections: section_rows(&plan),
        pieces: pieces(&plan),
        plan,
    })
}

#[derive(Template)]
#[template(path = "upload.html")]
struct UploadPage {
    accepts_uploads: bool,
}

async fn upload_page(State(state): State<Arc<AppState>>) -> Page {
    render(&UploadPage {
        accepts_uploads: state.config.token.is_some(),
    })
}

#[derive(Template)]
#[template(path = "uploads.html")]
struct UploadsPage {
    uploads: Vec<UploadStatus>,
    /// Some are still waiting: the page reloads itself.
    pending: bool,
}

fn uploads_page(uploads: Vec<UploadStatus>) -> Page {
    let pending = uploads
        .iter()
        .any(|u| matches!(u.state, UploadState::Queued | UploadState::Ingesting));
    render(&UploadsPage { uploads, pending })
}

/// The upload form sent without JavaScript.
async fn upload_form(
    State(state): State<Arc<AppState>>,
    token: TokenOffered,
    form: Multipart,
) -> Page {
    match receive(state, token, form).await {
        Ok(uploads) => uploads_page(uploads),
        Err(err) => error_page(err.status, err.message),
    }
}

async fn upload_status_page(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Page {
    match state.uploads.status(&id) {
        Some(status) => uploads_page(vec![status]),
        None => error_page(StatusCode::NOT_FOUND, format!("There is no upload {id}.")),
    }
}

/// The static files, embedded in the binary: only these names exist.
const STATIC_FILES: &[(&str, &str, &str)] = &[
    (
        "style.css",
        "text/css; charset=utf-8",
        include_str!("../../static/style.css"),
    ),
    (
        "search.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/search.js"),
    ),
    (
        "upload.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/upload.js"),
    ),
];

async fn static_file(Path(name): Path<String>) -> Response {
    match STATIC_FILES.iter().find(|(n, _, _)| *n == name) {
        Some((_, media_type, body)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(media_type)),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=3600"),
                ),
            ],
            *body,
        )
            .into_response(),
        None => not_found().await.into_response(),
    }
}
