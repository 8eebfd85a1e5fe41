//! The rules the validators apply, as data. Each input module lists its fields' rules from the
//! same constants its checks use, and the OpenAPI document states them from these lists, so a
//! generated client refuses what the server refuses and a limit is still written once.

/// One rule on one value.
#[derive(Clone, Debug, PartialEq)]
pub enum Rule {
    /// At most this many characters.
    MaxLength(usize),
    /// At least this many characters.
    MinLength(usize),
    /// At least one character that is not white space (the value is trimmed).
    NotBlank,
    /// A list of at most this many items.
    MaxItems(usize),
    /// A list of at least this many items.
    MinItems(usize),
    /// A list whose items do not repeat.
    Unique,
    /// A whole number within these bounds, inclusive.
    Within(i64, i64),
    /// Text matching this regular expression (ECMA-262, as JSON Schema reads it).
    Pattern(String),
    /// One of these spellings.
    OneOf(Vec<&'static str>),
}

/// What the JSON Schema `pattern` of [`Rule::NotBlank`] is: a character outside Rust's
/// `char::is_whitespace`, which is what `str::trim` removes.
pub const NOT_BLANK_PATTERN: &str = "[^\\t\\n\\u000b\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";

/// What the JSON Schema `pattern` of a text without control characters (Rust's
/// `char::is_control`, Unicode's `Cc`) is.
pub const NO_CONTROL_PATTERN: &str = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$";

/// A text without control characters holding at least one character that is neither white
/// space nor a control character: [`NOT_BLANK_PATTERN`] and [`NO_CONTROL_PATTERN`] at once, as
/// a schema holds one `pattern`.
pub const NOT_BLANK_NO_CONTROL_PATTERN: &str = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\u0000-\\u0020\\u007f-\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][^\\u0000-\\u001f\\u007f-\\u009f]*$";

/// The rules of the field at `path`: a property name, `[]` for a list's items, joined by `.`
/// (`name`, `also_known_as.[]`, `sessions.min`).
#[derive(Clone, Debug, PartialEq)]
pub struct FieldRules {
    pub path: String,
    pub rules: Vec<Rule>,
}

impl FieldRules {
    pub fn new(path: impl Into<String>, rules: impl Into<Vec<Rule>>) -> Self {
        Self { path: path.into(), rules: rules.into() }
    }
}

/// Text matching `pattern`.
pub fn pattern(pattern: impl Into<String>) -> Rule {
    Rule::Pattern(pattern.into())
}

/// A text that must not be blank, of at most `max` characters.
pub fn required_text(max: usize) -> Vec<Rule> {
    vec![Rule::NotBlank, Rule::MaxLength(max)]
}

/// A whole number within `bounds`.
pub fn within(bounds: std::ops::RangeInclusive<i32>) -> Rule {
    Rule::Within(i64::from(*bounds.start()), i64::from(*bounds.end()))
}

/// The rules of a `{min, max}` range within `bounds`, on the range field `path`.
pub fn range(path: &str, bounds: std::ops::RangeInclusive<i32>) -> [FieldRules; 2] {
    let within = within(bounds);
    [
        FieldRules::new(format!("{path}.min"), [within.clone()]),
        FieldRules::new(format!("{path}.max"), [within]),
    ]
}
