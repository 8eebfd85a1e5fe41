//! What a delivery GraphQL answer depends on, as a response-cache key: the document with its
//! insignificant characters dropped (whitespace, commas and comments outside strings, so two
//! spellings of one query share an answer), the operation chosen and the variables in a fixed
//! order. Locale and preview are arguments, so they are in the document or the variables; the
//! workspace, its generation and the key's clinic are added by the response cache.

use async_graphql::Request;

/// The cache key of `request`.
pub fn of(request: &Request) -> String {
    // serde_json's maps are ordered by key, so `{"a":1,"b":2}` and `{"b":2,"a":1}` agree.
    let variables = serde_json::to_value(&request.variables).unwrap_or_default();
    format!(
        "graphql|{}|{}|{variables}",
        request.operation_name.as_deref().unwrap_or(""),
        normalised(&request.query)
    )
}

/// `document` with each run of ignored tokens outside strings made one space (or nothing at
/// either end). Strings and block strings are kept byte for byte.
pub fn normalised(document: &str) -> String {
    let mut out = String::with_capacity(document.len());
    let mut chars = document.chars().peekable();
    let mut gap = false;
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' | ',' | '\u{feff}' => gap = true,
            '#' => {
                gap = true;
                while chars.next_if(|&c| c != '\n' && c != '\r').is_some() {}
            }
            _ => {
                if gap && !out.is_empty() {
                    out.push(' ');
                }
                gap = false;
                out.push(c);
                if c == '"' {
                    copy_string(&mut chars, &mut out);
                }
            }
        }
    }
    out
}

/// Copies the rest of a string that began with the `"` just copied: a block string when two
/// more quotes follow, else a one-line string with `\` escapes.
fn copy_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, out: &mut String) {
    let mut ahead = chars.clone();
    if ahead.next() == Some('"') && ahead.next() == Some('"') {
        out.push_str("\"\"");
        chars.nth(1);
        let mut quotes = 0;
        while let Some(c) = chars.next() {
            out.push(c);
            if c == '\\' && chars.clone().take(3).eq("\"\"\"".chars()) {
                // An escaped `\"""` is text, not the end.
                out.extend(chars.by_ref().take(3));
                quotes = 0;
                continue;
            }
            quotes = if c == '"' { quotes + 1 } else { 0 };
            if quotes == 3 {
                return;
            }
        }
        return;
    }
    while let Some(c) = chars.next() {
        out.push(c);
        match c {
            '\\' => out.extend(chars.next()),
            '"' | '\n' => return,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spacing_commas_and_comments_do_not_change_the_key() {
        let a = "query Q($slug: String!) {\n  treatment(slug: $slug) {\n    name, summary # text\n  }\n}";
        let b = "query Q($slug: String!) { treatment(slug: $slug) { name summary } }";

        assert_eq!(normalised(a), normalised(b));
        assert_eq!(normalised(b), b);
    }

    #[test]
    fn strings_are_kept_as_they_are() {
        let one = r#"{ search(q: "dark  spots, # not a comment") { edges { cursor } } }"#;
        let escaped = r#"{ search(q: "a \"quoted\"   word") { edges { cursor } } }"#;
        let block = "{ search(q: \"\"\"two\n\n  lines, \\\"\"\" kept\"\"\") { edges { cursor } } }";

        assert!(normalised(one).contains("\"dark  spots, # not a comment\""));
        assert!(normalised(escaped).contains(r#""a \"quoted\"   word""#));
        assert!(normalised(block).contains("\"\"\"two\n\n  lines, \\\"\"\" kept\"\"\""));
        assert_ne!(normalised(one), normalised(&one.replace("dark  spots", "dark spots")));
    }

    #[test]
    fn variables_in_another_order_give_the_same_key() {
        let query = "query($a: Int, $b: Int) { treatments(first: $a) { totalCount } }";
        let request = |variables: serde_json::Value| {
            Request::new(query).variables(async_graphql::Variables::from_json(variables))
        };

        let ab = of(&request(serde_json::json!({"a": 1, "b": 2})));
        let ba = of(&request(serde_json::json!({"b": 2, "a": 1})));

        assert_eq!(ab, ba);
        assert_ne!(ab, of(&request(serde_json::json!({"a": 2, "b": 2}))));
    }
}
