//! The JSON API under `/api/v1/`: stable field names, paging, and errors as
//! JSON with a message. Every handler is a thin layer over a library call the
//! command line makes too.

use std::sync::Arc;

use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::compare::{cascade_steps, chart_svg, kept_rows, CompareParams};
use super::search::SearchParams;
use super::security::TokenOffered;
use super::uploads::UploadStatus;
use super::AppState;
use crate::compare::cascade::Step;
use crate::compare::grid::Grid;
use crate::compare::Row;
use crate::index::search::{Plans, SearchError};
use crate::report::catalogue::{PlanFilter, PlanSummary};

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/search", get(search))
        .route("/targets", get(targets))
        .route("/compare", get(compare))
        .route("/compare.csv", get(compare_csv))
        .route("/compare/chart.svg", get(compare_chart))
        .route("/cascade", get(cascade))
        .route("/plans", get(list_plans))
        .route("/plans/{id}", get(plan))
        .route("/plans/{id}/source", get(plan_source))
        .route("/uploads", axum::routing::post(upload))
        .route("/uploads/{id}", get(upload_status))
        .route("/openapi.json", get(openapi))
        .route("/schema/plan.json", get(plan_schema))
        .fallback(|| async { ApiError::not_found("no such API route") })
}

/// An error as the API reports it: `{"error": {"status": 404, "message": "..."}}`.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// The HTTP status, repeated.
    pub status: u16,
    /// What went wrong, in plain words.
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }
    pub fn unauthorized(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, message)
    }
    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, message)
    }
    /// A failure of the server's own: logged whole, reported briefly.
    pub fn internal(err: anyhow::Error) -> ApiError {
        eprintln!("vnplan serve: {err:#}");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the server could not answer this request",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                status: self.status.as_u16(),
                message: self.message,
            },
        };
        let mut response = (self.status, Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"vnplan\""),
            );
        }
        response
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(err: anyhow::Error) -> ApiError {
        ApiError::internal(err)
    }
}

/// Which page of a list: 1-based, and how many items per page (at most 100).
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
pub struct Paging {
    #[serde(default = "first_page")]
    pub page: usize,
    #[serde(default = "default_per_page")]
    pub per_page: usize,
}

fn first_page() -> usize {
    1
}
fn default_per_page() -> usize {
    20
}

pub const MAX_PER_PAGE: usize = 100;

/// Whether a search answer counts its plans by facet, and how many values
/// of each facet it lists. Asked for, as with `vnplan search --facets`:
/// counting walks every match, where the hits stop at the page.
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
pub struct FacetOptions {
    /// Count the matching plans by programme, project, kind, place and year.
    #[serde(default)]
    pub facets: bool,
    /// Values per facet, those of the most plans (1 to 1000; default 20).
    /// A facet cut short says how many values it has in `facets.values`.
    #[serde(default = "default_facet_values")]
    pub facet_values: usize,
}

fn default_facet_values() -> usize {
    20
}

pub const MAX_FACET_VALUES: usize = 1000;

impl FacetOptions {
    pub fn checked(self) -> Result<FacetOptions, ApiError> {
        if !(1..=MAX_FACET_VALUES).contains(&self.facet_values) {
            return Err(ApiError::bad_request(format!(
                "facet_values is 1 to {MAX_FACET_VALUES}"
            )));
        }
        Ok(self)
    }
}

impl Paging {
    pub fn checked(self) -> Result<Paging, ApiError> {
        if self.page == 0 || self.per_page == 0 || self.per_page > MAX_PER_PAGE {
            return Err(ApiError::bad_request(format!(
                "page starts at 1 and per_page is 1 to {MAX_PER_PAGE}"
            )));
        }
        Ok(self)
    }

    pub fn slice<'a, T>(&self, items: &'a [T]) -> &'a [T] {
        let start = (self.page - 1)
            .saturating_mul(self.per_page)
            .min(items.len());
        let end = start.saturating_add(self.per_page).min(items.len());
        &items[start..end]
    }
}

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
pub struct PlanQuery {
    /// Document kind as written: "Kế hoạch", "Quyết định" (diacritics optional).
    pub doc_type: Option<String>,
    /// central, province, district or commune.
    pub level: Option<String>,
    pub province: Option<String>,
    pub locality: Option<String>,
    pub year: Option<i32>,
}

impl From<&PlanQuery> for PlanFilter {
    fn from(q: &PlanQuery) -> PlanFilter {
        PlanFilter {
            doc_type: q.doc_type.clone(),
            level: q.level.clone(),
            province: q.province.clone(),
            locality: q.locality.clone(),
            year: q.year,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PlanList {
    pub total: usize,
    pub page: usize,
    pub per_page: usize,
    pub plans: Vec<PlanSummary>,
}

/// Plans grouped with their best passages (highlighted snippets), and facet
/// counts when asked (`facets=true`), as `vnplan search --format json
/// [--facets]` gives them. An empty query with no filter lists every plan.
#[utoipa::path(get, path = "/api/v1/search", params(SearchParams, Paging, FacetOptions),
    responses((status = 200, description = "`plans` (each with `passages`), `more`, `facets`, `page`, `per_page`"),
              (status = 400, body = ErrorBody)))]
async fn search(
    State(state): State<Arc<AppState>>,
    Query(params): Query<SearchParams>,
    Query(paging): Query<Paging>,
    Query(facet_options): Query<FacetOptions>,
) -> Result<Json<SearchAnswer>, ApiError> {
    let paging = paging.checked()?;
    let FacetOptions {
        facets,
        facet_values,
    } = facet_options.checked()?;
    let mut request = params
        .request(paging.per_page)
        .map_err(ApiError::bad_request)?;
    request.facets = facets;
    let found = super::search::run(state, request)
        .await
        .map_err(|err| match err {
            SearchError::Syntax(e) => ApiError::bad_request(e.to_string()),
            SearchError::Filter(message) => ApiError::bad_request(message),
            other => ApiError::internal(other.into()),
        })?;
    let mut found = found.unwrap_or(Plans {
        plans: Vec::new(),
        more: false,
        facets: None,
    });
    found.facets = found.facets.map(|f| f.top(facet_values));
    Ok(Json(SearchAnswer {
        page: paging.page,
        per_page: paging.per_page,
        found,
    }))
}

#[derive(Serialize)]
pub struct SearchAnswer {
    pub page: usize,
    pub per_page: usize,
    #[serde(flatten)]
    pub found: Plans,
}

#[derive(Serialize)]
pub struct TargetList {
    pub total: usize,
    pub page: usize,
    pub per_page: usize,
    pub targets: Vec<Row>,
}

/// Every target of every plan, each under the locality it is for, in the
/// normalised unit of what it counts, as `vnplan targets` lists them.
#[utoipa::path(get, path = "/api/v1/targets", params(CompareParams, Paging),
    responses((status = 200, description = "`targets`: locality, code, level, province, year, indicator, measure, comparator, value, unit, per_year, plan, plan_id, quote"),
              (status = 400, body = ErrorBody)))]
async fn targets(
    State(state): State<Arc<AppState>>,
    Query(params): Query<CompareParams>,
    Query(paging): Query<Paging>,
) -> Result<Json<TargetList>, ApiError> {
    let paging = paging.checked()?;
    let filter = params.filter().map_err(ApiError::bad_request)?;
    let rows = kept_rows(&state.comparison(), &filter);
    Ok(Json(TargetList {
        total: rows.len(),
        page: paging.page,
        per_page: paging.per_page,
        targets: paging.slice(&rows).to_vec(),
    }))
}

/// One or every indicator across localities: a line per locality, a column
/// per indicator (and year, with `by=year`) in one unit, as `vnplan compare
/// --format json` gives it.
#[utoipa::path(get, path = "/api/v1/compare", params(CompareParams),
    responses((status = 200, description = "`columns` (indicator, unit, year) and `lines` (locality, code, level, province, cells)"),
              (status = 400, body = ErrorBody)))]
async fn compare(
    State(state): State<Arc<AppState>>,
    Query(params): Query<CompareParams>,
) -> Result<Json<Grid>, ApiError> {
    Ok(Json(
        super::compare::compare(&state.comparison(), &params).map_err(ApiError::bad_request)?,
    ))
}

/// The same comparison as CSV (UTF-8 with a BOM; `excel_vi=true` for `;`
/// and decimal commas).
#[utoipa::path(get, path = "/api/v1/compare.csv", params(CompareParams),
    responses((status = 200, content_type = "text/csv", description = "The grid as CSV"),
              (status = 400, body = ErrorBody)))]
async fn compare_csv(
    State(state): State<Arc<AppState>>,
    Query(params): Query<CompareParams>,
) -> Result<Response, ApiError> {
    let grid =
        super::compare::compare(&state.comparison(), &params).map_err(ApiError::bad_request)?;
    let body = crate::compare::format::csv(&grid, params.excel_vi())?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"vnplan-compare.csv\""),
            ),
        ],
        body,
    )
        .into_response())
}

/// The bar chart of the comparison's fullest column, as SVG.
#[utoipa::path(get, path = "/api/v1/compare/chart.svg", params(CompareParams),
    responses((status = 200, content_type = "image/svg+xml", description = "A bar per locality"),
              (status = 404, body = ErrorBody)))]
async fn compare_chart(
    State(state): State<Arc<AppState>>,
    Query(params): Query<CompareParams>,
) -> Result<Response, ApiError> {
    let grid =
        super::compare::compare(&state.comparison(), &params).map_err(ApiError::bad_request)?;
    let svg =
        chart_svg(&grid).ok_or_else(|| ApiError::not_found("no target matches these filters"))?;
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("image/svg+xml"),
        )],
        svg,
    )
        .into_response())
}

/// Each target a plan sets for a locality below it, beside the locality's
/// own target for the same indicator and year and the difference.
#[utoipa::path(get, path = "/api/v1/cascade", params(CompareParams),
    responses((status = 200, description = "Steps: locality, indicator, unit, year, set_by, set_value, own_plan, own_value, difference, implements"),
              (status = 400, body = ErrorBody)))]
async fn cascade(
    State(state): State<Arc<AppState>>,
    Query(params): Query<CompareParams>,
) -> Result<Json<Vec<Step>>, ApiError> {
    Ok(Json(
        cascade_steps(&state.comparison(), &params).map_err(ApiError::bad_request)?,
    ))
}

/// The plans that match the filters, newest first.
pub fn filtered_plans(state: &AppState, query: &PlanQuery) -> Vec<Arc<PlanSummary>> {
    let filter = PlanFilter::from(query);
    let mut plans: Vec<Arc<PlanSummary>> = state
        .plans()
        .into_iter()
        .filter(|p| filter.matches(p))
        .collect();
    plans.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id)));
    plans
}

#[utoipa::path(get, path = "/api/v1/plans", params(PlanQuery, Paging),
    responses((status = 200, body = PlanList), (status = 400, body = ErrorBody)))]
async fn list_plans(
    State(state): State<Arc<AppState>>,
    Query(query): Query<PlanQuery>,
    Query(paging): Query<Paging>,
) -> Result<Json<PlanList>, ApiError> {
    let paging = paging.checked()?;
    let plans = filtered_plans(&state, &query);
    Ok(Json(PlanList {
        total: plans.len(),
        page: paging.page,
        per_page: paging.per_page,
        plans: paging.slice(&plans).iter().map(|p| (**p).clone()).collect(),
    }))
}

/// One plan's JSON, as `vnplan show` prints it (schema: `/api/v1/schema/plan.json`).
#[utoipa::path(get, path = "/api/v1/plans/{id}", params(("id" = String, Path)),
    responses((status = 200, description = "The plan JSON (see /api/v1/schema/plan.json)"),
              (status = 404, body = ErrorBody)))]
async fn plan(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let plan = state
        .plan(&id)?
        .ok_or_else(|| ApiError::not_found(format!("no plan {id}")))?;
    Ok(Json(plan).into_response())
}

/// The file a plan was read from, if it is still where it was and unchanged.
#[utoipa::path(get, path = "/api/v1/plans/{id}/source", params(("id" = String, Path)),
    responses((status = 200, description = "The source file's bytes"),
              (status = 404, body = ErrorBody)))]
async fn plan_source(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let plan = state
        .plan(&id)?
        .ok_or_else(|| ApiError::not_found(format!("no plan {id}")))?;
    let gone = || ApiError::not_found("the source file is no longer where it was read from");
    let bytes = tokio::fs::read(&plan.source.path)
        .await
        .map_err(|_| gone())?;
    // The path is only a record: serve the file only if it is still the one read.
    if blake3::hash(&bytes).to_hex().as_str() != plan.source.hash {
        return Err(gone());
    }
    let name = super::uploads::safe_file_name(&plan.source.path);
    let disposition = format!(
        "attachment; filename=\"{}\"; filename*=UTF-8''{}",
        name.replace(|c: char| !c.is_ascii_alphanumeric() && c != '.', "_"),
        percent_encode(&name)
    );
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(media_type(&plan.source.format)),
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The media type of a source format; anything unknown downloads as bytes.
fn media_type(format: &str) -> &'static str {
    match format {
        "pdf" => "application/pdf",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "doc" => "application/msword",
        "odt" => "application/vnd.oasis.opendocument.text",
        "rtf" => "application/rtf",
        // Served as bytes: a saved page must not run in this site's origin.
        _ => "application/octet-stream",
    }
}

#[derive(Serialize, ToSchema)]
pub struct UploadList {
    pub uploads: Vec<UploadStatus>,
}

/// Stores the files of a multipart form (any field name) and queues them for
/// ingest. Needs the write token, in a header or as a `token` field before
/// the files (what a form without JavaScript can send).
#[utoipa::path(post, path = "/api/v1/uploads",
    request_body(content_type = "multipart/form-data", description = "One or more files"),
    security(("token" = [])),
    responses((status = 202, body = UploadList), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 413, body = ErrorBody)))]
async fn upload(
    State(state): State<Arc<AppState>>,
    access: TokenOffered,
    form: Multipart,
) -> Result<(StatusCode, Json<UploadList>), ApiError> {
    let uploads = receive(state, access, form).await?;
    Ok((StatusCode::ACCEPTED, Json(UploadList { uploads })))
}

/// Reads an upload form, checks its token, stores its files.
pub async fn receive(
    state: Arc<AppState>,
    mut access: TokenOffered,
    mut form: Multipart,
) -> Result<Vec<UploadStatus>, ApiError> {
    let limits = state.config.limits;
    let mut files: Vec<(String, axum::body::Bytes)> = Vec::new();
    while let Some(field) = form.next_field().await.map_err(multipart_error)? {
        let Some(name) = field.file_name().map(str::to_string) else {
            if field.name() == Some("token") && access.0.is_none() {
                access.0 = Some(field.text().await.map_err(multipart_error)?);
            }
            continue;
        };
        state.authorise(access.0.as_deref())?;
        if files.len() == limits.max_upload_files {
            return Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("at most {} files per upload", limits.max_upload_files),
            ));
        }
        let bytes = field.bytes().await.map_err(multipart_error)?;
        if bytes.is_empty() {
            return Err(ApiError::bad_request(format!("{name}: the file is empty")));
        }
        files.push((name, bytes));
    }
    state.authorise(access.0.as_deref())?;
    if files.is_empty() {
        return Err(ApiError::bad_request(
            "no file in the form: send multipart/form-data with one or more files",
        ));
    }
    tokio::task::spawn_blocking(move || {
        files
            .iter()
            .map(|(name, bytes)| state.uploads.store(name, bytes))
            .collect::<anyhow::Result<Vec<_>>>()
    })
    .await
    .map_err(|e| ApiError::internal(e.into()))?
    .map_err(ApiError::internal)
}

fn multipart_error(err: axum::extract::multipart::MultipartError) -> ApiError {
    let status = err.status();
    let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
        "the upload is larger than the server accepts".to_string()
    } else {
        format!("the upload is not a well-formed form: {}", err.body_text())
    };
    ApiError::new(status, message)
}

/// What became of an upload.
#[utoipa::path(get, path = "/api/v1/uploads/{id}", params(("id" = String, Path)),
    responses((status = 200, body = UploadStatus), (status = 404, body = ErrorBody)))]
async fn upload_status(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<UploadStatus>, ApiError> {
    state
        .uploads
        .status(&id)
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("no upload {id}")))
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(super::openapi::document())
}

/// The JSON Schema of a plan, as `vnplan schema` prints it.
async fn plan_schema() -> Json<serde_json::Value> {
    Json(crate::write::plan_schema())
}
