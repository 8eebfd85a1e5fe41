//! Words as search compares them: split on anything that is not a letter or digit, folded
//! (case, accents, ligatures) and stemmed by the language of the locale, the same way for the
//! indexed text and for what a patient types.

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A word of a text: folded, and where it stands in the text (byte offsets).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub folded: String,
    pub start: usize,
    pub end: usize,
}

/// The words of `text`. Words joined by hyphens also count as one word ("micro-needling" is
/// found as "microneedling" too).
pub fn tokens(text: &str) -> Vec<Token> {
    let mut words: Vec<Token> = Vec::new();
    let mut start = None;
    for (at, character) in text.char_indices().chain([(text.len(), ' ')]) {
        match (character.is_alphanumeric(), start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                words.push(Token { folded: fold(&text[from..at]), start: from, end: at });
                start = None;
            }
            _ => {}
        }
    }
    let mut joined = Vec::new();
    let mut run = 0;
    for at in 1..=words.len() {
        let hyphenated = at < words.len() && &text[words[at - 1].end..words[at].start] == "-";
        if hyphenated {
            continue;
        }
        if at - run > 1 {
            let folded = words[run..at].iter().map(|word| word.folded.as_str()).collect();
            joined.push(Token { folded, start: words[run].start, end: words[at - 1].end });
        }
        run = at;
    }
    words.extend(joined);
    words
}

/// `word` lowercased, without accents, ligatures spelt out: "Mélasma" is "melasma", "Œdème"
/// is "oedeme".
pub fn fold(word: &str) -> String {
    let mut folded = String::with_capacity(word.len());
    for character in word.chars().flat_map(char::to_lowercase) {
        match character {
            'œ' => folded.push_str("oe"),
            'æ' => folded.push_str("ae"),
            'ß' => folded.push_str("ss"),
            'ø' => folded.push('o'),
            'đ' => folded.push('d'),
            'ł' => folded.push('l'),
            _ => folded.extend(std::iter::once(character).nfd().filter(|c| !is_combining_mark(*c))),
        }
    }
    folded
}

/// The language part of a locale tag: `fr` of `fr-CA`.
pub fn language_tag(locale: &str) -> &str {
    locale.split(['-', '_']).next().unwrap_or_default()
}

/// The language rules of one locale: its stemmer (English and French; other languages are
/// matched on whole words and prefixes) and the words a query leaves out: the commonest, and
/// the operators people type out of habit ("and", "or", "not"), which find nothing alone.
pub struct Language {
    stemmer: Option<Stemmer>,
    stopwords: &'static [&'static str],
}

const ENGLISH_STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "how",
    "i", "in", "is", "it", "my", "not", "of", "on", "or", "the", "to", "what", "with",
];
const FRENCH_STOPWORDS: &[&str] = &[
    "a", "au", "aux", "avec", "d", "de", "des", "du", "en", "est", "et", "l", "la", "le", "les",
    "ma", "mes", "mon", "ou", "par", "pas", "pour", "que", "qui", "sur", "un", "une",
];

impl Language {
    /// The rules of `locale`'s language (`fr-CA` is French).
    pub fn of_locale(locale: &str) -> Self {
        match language_tag(locale).to_ascii_lowercase().as_str() {
            "en" => Self::with(Algorithm::English, ENGLISH_STOPWORDS),
            "fr" => Self::with(Algorithm::French, FRENCH_STOPWORDS),
            _ => Self { stemmer: None, stopwords: &[] },
        }
    }

    fn with(algorithm: Algorithm, stopwords: &'static [&'static str]) -> Self {
        Self { stemmer: Some(Stemmer::create(algorithm)), stopwords }
    }

    /// The stem of a folded word ("microneedling" and "microneedle" share one).
    pub fn stem(&self, folded: &str) -> String {
        match &self.stemmer {
            Some(stemmer) => stemmer.stem(folded).into_owned(),
            None => folded.to_owned(),
        }
    }

    /// Whether a query may leave this folded word out ("the", "de").
    pub fn is_stopword(&self, folded: &str) -> bool {
        self.stopwords.contains(&folded)
    }
}

/// Whether `typed` becomes `known` by one inserted, deleted, replaced or swapped character.
pub fn one_edit_apart(typed: &str, known: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (typed.chars().collect(), known.chars().collect());
    if a.len().abs_diff(b.len()) > 1 || a == b {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    match a.len().cmp(&b.len()) {
        std::cmp::Ordering::Less => a == &b[1..],
        std::cmp::Ordering::Greater => &a[1..] == b,
        std::cmp::Ordering::Equal => {
            a[1..] == b[1..] || (a.len() >= 2 && a[0] == b[1] && a[1] == b[0] && a[2..] == b[2..])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|token| token.folded).collect()
    }

    #[test]
    fn words_are_folded_and_split_on_punctuation() {
        assert_eq!(words("Mélasma, l'acné — ŒDÈME!"), ["melasma", "l", "acne", "oedeme"]);
    }

    #[test]
    fn hyphenated_words_also_count_as_one() {
        assert_eq!(words("micro-needling works"), ["micro", "needling", "works", "microneedling"]);
        let joined = tokens("a micro-needling").pop().unwrap();
        assert_eq!((joined.start, joined.end), (2, 16));
    }

    #[test]
    fn english_and_french_words_share_stems_with_their_forms() {
        let (english, french) = (Language::of_locale("en"), Language::of_locale("fr-CA"));
        assert_eq!(english.stem("microneedle"), english.stem("microneedling"));
        assert_eq!(english.stem("scars"), english.stem("scar"));
        assert_eq!(french.stem("cicatrices"), french.stem("cicatrice"));
        assert_eq!(Language::of_locale("de").stem("narben"), "narben");
    }

    #[test]
    fn one_edit_is_an_insertion_a_deletion_a_replacement_or_a_swap() {
        for (typed, known) in [
            ("hyperpigmentaton", "hyperpigmentation"),
            ("melasmma", "melasma"),
            ("melamsa", "melasma"),
            ("melazma", "melasma"),
        ] {
            assert!(one_edit_apart(typed, known), "{typed} / {known}");
        }
        for (typed, known) in [("melasma", "melasma"), ("mlsma", "melasma"), ("amelsam", "melasma")]
        {
            assert!(!one_edit_apart(typed, known), "{typed} / {known}");
        }
    }
}
