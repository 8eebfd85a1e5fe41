//! The GraphQL explorer: `GET /graphql` and `GET /admin/graphql` answer a page of our own for
//! writing and running queries and reading the schema's documentation. Its script and styles
//! are compiled into the binary and served from this server, so it works offline, and its
//! `Content-Security-Policy` lets it load and call nothing else.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, web};

const SCRIPT: &str = include_str!("explorer.js");
const STYLES: &str = include_str!("explorer.css");
pub const SCRIPT_PATH: &str = "/graphql/explorer.js";
pub const STYLES_PATH: &str = "/graphql/explorer.css";

const POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; \
                      img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The explorer page for the schema at `endpoint`; `credential` says what to paste as bearer.
pub fn page(endpoint: &str, title: &str, credential: &str) -> HttpResponse {
    let body = format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="{STYLES_PATH}">
<script src="{SCRIPT_PATH}" defer></script>
</head>
<body data-endpoint="{endpoint}">
<header>
<h1>{title}</h1>
<label>{credential}<input id="token" type="password" autocomplete="off" spellcheck="false"
 placeholder="Bearer credential"></label>
<button id="run" type="button">Run (Ctrl+Enter)</button>
<button id="open-docs" type="button">Documentation</button>
</header>
<noscript><p>This explorer needs JavaScript. Without it, send queries with
<code>POST {endpoint}</code> and a JSON body <code>{{"query": "..."}}</code>.</p></noscript>
<main>
<section aria-label="Query">
<label>Query<textarea id="query" spellcheck="false">{{ __typename }}</textarea></label>
<label>Variables (JSON)<textarea id="variables" spellcheck="false"></textarea></label>
</section>
<section aria-label="Result">
<label for="result">Result</label>
<pre id="result" tabindex="0" aria-live="polite"></pre>
</section>
<section id="docs" aria-label="Documentation" hidden></section>
</main>
</body>
</html>
"#
    );
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CONTENT_SECURITY_POLICY, POLICY))
        .insert_header((header::REFERRER_POLICY, "no-referrer"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(body)
}

fn asset(content_type: &'static str, body: &'static str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300")))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(body)
}

/// The explorer's script and styles.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(
        SCRIPT_PATH,
        web::get().to(|| async { asset("text/javascript; charset=utf-8", SCRIPT) }),
    )
    .route(STYLES_PATH, web::get().to(|| async { asset("text/css; charset=utf-8", STYLES) }));
}
