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

use super::api::receive;
use super::compare::{self as compare_view, CompareParams};
use super::search::{self as search_view, FacetView, SearchParams, FACETS, PLANS_PER_PAGE};
use super::security::TokenOffered;
use super::uploads::{UploadState, UploadStatus};
use super::view::{pieces, section_rows, Piece, SectionRow};
use super::AppState;
use crate::compare::cascade::Step;
use crate::compare::grid::Grid;
use crate::index::search;
use crate::model::Plan;
use crate::report::catalogue::PlanSummary;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(search_page))
        .route("/plans/{id}", get(plan_page))
        .route("/compare", get(compare_page))
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
#[template(path = "search.html")]
struct SearchPage {
    params: SearchParams,
    /// The filters chosen, kept by the query box when a new query is typed.
    hidden: Vec<(&'static str, String)>,
    error: Option<String>,
    /// Plans matched; None when nothing is indexed yet.
    total: Option<usize>,
    plans: Vec<ResultPlan>,
    facets: Vec<FacetView>,
    previous: Option<String>,
    next: Option<String>,
}

struct ResultPlan {
    id: String,
    name: String,
    place: String,
    passages: Vec<ResultPassage>,
}

struct ResultPassage {
    heading: String,
    /// The section of the plan page it is in.
    anchor: String,
    pieces: Vec<(String, bool)>,
}

/// The home page is the search: with no query, every plan, with its facets.
async fn search_page(
    State(state): State<Arc<AppState>>,
    Query(params): Query<SearchParams>,
) -> Page {
    let hidden = FACETS
        .iter()
        .filter_map(|&name| {
            let value = params.value(name);
            (!value.trim().is_empty()).then(|| (name, value.to_string()))
        })
        .collect();
    let mut page = SearchPage {
        params: params.clone(),
        hidden,
        error: None,
        total: None,
        plans: Vec::new(),
        facets: Vec::new(),
        previous: None,
        next: None,
    };
    let request = match params.request(PLANS_PER_PAGE) {
        Ok(request) => request,
        Err(message) => {
            page.error = Some(message);
            return render(&page);
        }
    };
    match search_view::run(state.clone(), request).await {
        Ok(Some(found)) => {
            if let Some(facets) = &found.facets {
                page.total = Some(facets.plans);
                page.facets = search_view::facet_views(&params, facets);
            }
            let number = params.page();
            page.previous = (number > 1).then(|| params.url_of_page(number - 1));
            page.next = found.more.then(|| params.url_of_page(number + 1));
            page.plans = found
                .plans
                .iter()
                .map(|hit| ResultPlan {
                    id: hit.plan_id.clone(),
                    name: state
                        .plan_summary(&hit.plan_id)
                        .map(|s| s.display_name())
                        .or_else(|| hit.title.clone())
                        .unwrap_or_else(|| hit.plan_id.clone()),
                    place: [
                        hit.locality.clone(),
                        hit.province.clone(),
                        hit.year.map(|y| y.to_string()),
                    ]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" · "),
                    passages: hit
                        .passages
                        .iter()
                        .map(|p| ResultPassage {
                            heading: p.section_path.clone(),
                            anchor: p.section_id.clone().unwrap_or_default(),
                            pieces: search_view::snippet_pieces(&p.snippet),
                        })
                        .collect(),
                })
                .collect();
        }
        Ok(None) => {}
        Err(search::SearchError::Syntax(err)) => page.error = Some(err.to_string()),
        Err(search::SearchError::Filter(message)) => page.error = Some(message),
        Err(err) => {
            eprintln!("vnplan serve: search failed: {err:#}");
            page.error = Some("The search could not be made.".into());
        }
    }
    render(&page)
}

#[derive(Template)]
#[template(path = "compare.html")]
struct ComparePage {
    params: CompareParams,
    indicators: Vec<(String, usize)>,
    programmes: Vec<(String, usize)>,
    levels: [(&'static str, &'static str); 4],
    error: Option<String>,
    grid: Grid,
    chart: Option<String>,
    steps: Vec<Step>,
    query: String,
    query_vi: String,
}

impl ComparePage {
    /// A value as the tables write it.
    fn num(&self, value: impl Number) -> String {
        crate::compare::format::number(value.get(), false)
    }
}

/// A number however deep the template's bindings refer to it.
trait Number {
    fn get(&self) -> f64;
}

impl Number for f64 {
    fn get(&self) -> f64 {
        *self
    }
}

impl<T: Number + ?Sized> Number for &T {
    fn get(&self) -> f64 {
        (**self).get()
    }
}

async fn compare_page(
    State(state): State<Arc<AppState>>,
    Query(params): Query<CompareParams>,
) -> Page {
    let comparison = state.comparison();
    let (grid, steps, error) = match (
        compare_view::compare(&comparison, &params),
        compare_view::cascade_steps(&comparison, &params),
    ) {
        (Ok(grid), Ok(steps)) => (grid, steps, None),
        (Err(message), _) | (_, Err(message)) => (
            Grid {
                columns: Vec::new(),
                lines: Vec::new(),
            },
            Vec::new(),
            Some(message),
        ),
    };
    let mut vi = params.clone();
    vi.excel_vi = "true".into();
    render(&ComparePage {
        indicators: compare_view::indicators(&comparison),
        programmes: compare_view::programmes(&comparison),
        levels: [
            ("", "(tất cả · all)"),
            ("province", "tỉnh · province"),
            ("district", "huyện · district"),
            ("commune", "xã · commune"),
        ],
        error,
        chart: compare_view::chart_svg(&grid),
        grid,
        steps,
        query: params.query(),
        query_vi: vi.query(),
        params,
    })
}

#[derive(Template)]
#[template(path = "plan.html")]
struct PlanPage {
    summary: PlanSummary,
    plan: Plan,
    sections: Vec<SectionRow>,
    pieces: Vec<Piece>,
    /// (id, name) of the plans in the data this one cites as implementing.
    implements: Vec<(String, String)>,
    implemented_by: Vec<(String, String)>,
    unresolved: Vec<String>,
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
    let comparison = state.comparison();
    let node = comparison.hierarchy.node(&plan.id);
    let named = |ids: &[String]| -> Vec<(String, String)> {
        ids.iter()
            .map(|id| {
                let name = state
                    .plan_summary(id)
                    .map_or_else(|| id.clone(), |s| s.display_name());
                (id.clone(), name)
            })
            .collect()
    };
    render(&PlanPage {
        implements: node.map(|n| named(&n.implements)).unwrap_or_default(),
        implemented_by: node.map(|n| named(&n.implemented_by)).unwrap_or_default(),
        unresolved: node.map(|n| n.unresolved.clone()).unwrap_or_default(),
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
