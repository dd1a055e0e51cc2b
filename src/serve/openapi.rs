//! The API's OpenAPI document, generated from the handlers and types.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "vnplan", description = "Vietnamese government plans as structured, searchable data"),
    paths(
        super::api::search,
        super::api::targets,
        super::api::compare,
        super::api::compare_csv,
        super::api::compare_chart,
        super::api::cascade,
        super::api::list_plans,
        super::api::plan,
        super::api::plan_source,
        super::api::upload,
        super::api::upload_status,
    ),
    modifiers(&TokenScheme)
)]
struct ApiDoc;

struct TokenScheme;

impl Modify for TokenScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}
