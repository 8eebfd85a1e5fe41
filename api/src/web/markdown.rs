//! Markdown as the admin previews it: CommonMark to HTML, with raw HTML shown as text and
//! links only to the web or mail, so a preview can never run script.

use actix_web::{HttpResponse, web};
use pulldown_cmark::{CowStr, Event, Parser, Tag, html};

use super::page::PageResult;
use super::session::SignedIn;

pub const PREVIEW_PATH: &str = "/admin/markdown";

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(PREVIEW_PATH, web::post().to(preview));
}

/// `POST /admin/markdown` (`csrf`, `text`): the HTML of the editor's Markdown preview.
async fn preview(signed_in: SignedIn, body: web::Bytes) -> PageResult {
    let posted = signed_in.posted(&body)?;
    let html = to_html(posted.get("text").unwrap_or_default());
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header(("cache-control", "no-store"))
        .insert_header(("x-content-type-options", "nosniff"))
        .body(html))
}

/// `markdown` as safe HTML.
pub fn to_html(markdown: &str) -> String {
    let events = Parser::new(markdown).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            let dest_url = if safe(&dest_url) { dest_url } else { CowStr::from("#") };
            Event::Start(Tag::Link { link_type, dest_url, title, id })
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            let dest_url = if safe(&dest_url) { dest_url } else { CowStr::from("") };
            Event::Start(Tag::Image { link_type, dest_url, title, id })
        }
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

fn safe(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    match lower.split_once(':') {
        Some((scheme, _)) if !scheme.contains('/') => matches!(scheme, "http" | "https" | "mailto"),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_never_survives_a_preview() {
        let html = to_html(
            "**Calm** <script>alert(1)</script> [x](javascript:alert(1)) [y](https://a.example)",
        );
        assert!(html.contains("<strong>Calm</strong>"));
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("href=\"https://a.example\""), "{html}");
    }
}
