//! Excerpts of a matched passage: a short window around the first matched word, as plain text
//! and as HTML with the matched words in `<mark>` (everything else escaped), so a site can show
//! either without parsing anything.

use super::text::tokens;

/// The longest excerpt, in bytes of the passage (ellipses apart).
const WINDOW: usize = 200;
/// How much text comes before the first matched word.
const LEAD: usize = 60;

/// An excerpt in both forms.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    pub html: String,
}

/// The excerpt of `text` around the words `is_marked` accepts (given folded).
pub fn excerpt(text: &str, is_marked: impl Fn(&str) -> bool) -> Snippet {
    let marked = marked_ranges(text, is_marked);
    let (start, end) = window(text, marked.first().map_or(0, |range| range.0));
    let (before, after) =
        (if start > 0 { "…" } else { "" }, if end < text.len() { "…" } else { "" });
    let mut html = String::from(before);
    let mut at = start;
    for &(from, to) in marked.iter().filter(|(from, to)| *from >= start && *to <= end) {
        html.push_str(&escape(&text[at..from]));
        html.push_str("<mark>");
        html.push_str(&escape(&text[from..to]));
        html.push_str("</mark>");
        at = to;
    }
    html.push_str(&escape(&text[at..end]));
    html.push_str(after);
    Snippet { text: format!("{before}{}{after}", &text[start..end]), html }
}

/// The byte ranges of the marked words, in order, overlapping ones merged.
fn marked_ranges(text: &str, is_marked: impl Fn(&str) -> bool) -> Vec<(usize, usize)> {
    let mut ranges: Vec<(usize, usize)> = tokens(text)
        .into_iter()
        .filter(|token| is_marked(&token.folded))
        .map(|token| (token.start, token.end))
        .collect();
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (from, to) in ranges {
        match merged.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => merged.push((from, to)),
        }
    }
    merged
}

/// The part of `text` shown: up to [`WINDOW`] bytes from a little before `focus`, cut at white
/// space where it can be.
fn window(text: &str, focus: usize) -> (usize, usize) {
    if text.len() <= WINDOW {
        return (0, text.len());
    }
    let mut start = focus.saturating_sub(LEAD);
    if start > 0 {
        start = text[start..focus].find(char::is_whitespace).map_or(start, |at| start + at + 1);
    }
    start = floor_boundary(text, start);
    let mut end = floor_boundary(text, (start + WINDOW).min(text.len()));
    if end < text.len() {
        end = text[start..end].rfind(char::is_whitespace).map_or(end, |at| start + at);
    }
    (start, end)
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            _ => escaped.push(character),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matched_words_are_marked_and_the_rest_escaped() {
        let snippet = excerpt("Dark <spots> & Taches", |word| word == "spots" || word == "taches");
        assert_eq!(snippet.text, "Dark <spots> & Taches");
        assert_eq!(snippet.html, "Dark &lt;<mark>spots</mark>&gt; &amp; <mark>Taches</mark>");
    }

    #[test]
    fn a_long_text_is_cut_around_the_first_match() {
        let text = format!("{} melasma {}", "word ".repeat(60), "after ".repeat(60));
        let snippet = excerpt(&text, |word| word == "melasma");
        assert!(snippet.text.starts_with('…') && snippet.text.ends_with('…'), "{}", snippet.text);
        assert!(snippet.html.contains("<mark>melasma</mark>"));
        assert!(snippet.text.len() <= WINDOW + 2 * '…'.len_utf8());
    }

    #[test]
    fn a_cut_never_splits_a_character() {
        let text = "é".repeat(300);
        let snippet = excerpt(&text, |_| false);
        assert!(snippet.text.ends_with('…'));
    }
}
