//! JSON that is safe inside an HTML `<script>` element.
//!
//! Sites paste delivery responses — the JSON-LD above all — into
//! `<script type="application/ld+json">`, where `</script>` in any text would end the element
//! and run what follows. `<`, `>` and `&` are therefore written as `\u003c`, `\u003e` and
//! `\u0026`, and U+2028/U+2029 (line breaks to older JavaScript) as `\u2028`/`\u2029`: valid
//! JSON escapes, so the document parses to exactly the same value.

use std::io;

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, Serializer};

/// `value` as compact JSON with no `<`, `>`, `&`, U+2028 or U+2029 left in it.
pub fn to_vec<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<Vec<u8>> {
    let mut body = Vec::with_capacity(1024);
    value.serialize(&mut Serializer::with_formatter(&mut body, ScriptSafe))?;
    Ok(body)
}

/// serde_json's compact output, with string contents escaped as above. These characters can
/// only appear inside strings, so escaping string fragments is enough.
struct ScriptSafe;

impl Formatter for ScriptSafe {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (at, character) in fragment.char_indices() {
            let escaped = match character {
                '<' => "\\u003c",
                '>' => "\\u003e",
                '&' => "\\u0026",
                '\u{2028}' => "\\u2028",
                '\u{2029}' => "\\u2029",
                _ => continue,
            };
            writer.write_all(&fragment.as_bytes()[start..at])?;
            writer.write_all(escaped.as_bytes())?;
            start = at + character.len_utf8();
        }
        CompactFormatter.write_string_fragment(writer, &fragment[start..])
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::to_vec;

    #[test]
    fn a_script_end_tag_is_escaped_and_parses_back_to_itself() {
        let value = json!({"answer": "</script><script>alert(1)</script> & \u{2028}\u{2029} é"});

        let body = to_vec(&value).unwrap();

        let text = String::from_utf8(body.clone()).unwrap();
        assert!(!text.contains(['<', '>', '&', '\u{2028}', '\u{2029}']), "{text}");
        assert!(text.contains("\\u003c/script\\u003e"), "{text}");
        assert_eq!(serde_json::from_slice::<Value>(&body).unwrap(), value);
    }
}
