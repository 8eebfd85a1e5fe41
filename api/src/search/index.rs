//! The inverted index of one workspace in one locale, and how a query is matched and ranked
//! against it.
//!
//! Every word of every passage is indexed folded, and by its stem in the language of the
//! document it comes from (a document served in the default locale keeps its language). A
//! query matches a document when each of its words is found in it: as the same word, the same
//! stem, as the start of a word (the last word of a query, for type-ahead), or — for words of
//! five letters or more that match nothing else — one typo away. Each word counts the best
//! passage it is found in, by the passage's weight and how closely it matched.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::document::SearchDocument;
use super::text::{Language, Token, language_tag, one_edit_apart, tokens};
use crate::delivery::snapshots::SnapshotKind;

/// Where a word occurs: a document, one of its passages, and the passage's weight in tenths
/// (kept here so scoring reads the list alone).
type Posting = (u32, u16, u16);

/// How a query word was found: the same `word`, the same `stem`, a `prefix` of a longer word,
/// or one `typo` away.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = SearchMatchHow)]
pub enum MatchKind {
    Word,
    Stem,
    Prefix,
    Typo,
}

impl MatchKind {
    /// How much a match of this kind counts, relative to the same word.
    fn closeness(self) -> f32 {
        match self {
            MatchKind::Word => 1.0,
            MatchKind::Stem => 0.9,
            MatchKind::Prefix => 0.6,
            MatchKind::Typo => 0.5,
        }
    }
}

/// Words shorter than this are matched whole, never as a prefix or with a typo.
const MIN_PREFIX: usize = 3;
const MIN_TYPO: usize = 5;
/// Query words beyond this many are ignored.
pub const MAX_QUERY_WORDS: usize = 12;

/// The index of one locale.
pub struct LocaleIndex {
    documents: Vec<SearchDocument>,
    /// Each document's place in the order of names (then slugs), which breaks score ties.
    name_rank: Vec<u32>,
    /// Each document's kind, apart from the documents so the filter reads a compact list.
    kinds: Vec<SnapshotKind>,
    words: BTreeMap<String, Vec<Posting>>,
    /// Keyed by language tag and stem: `en:microneedl`.
    stems: HashMap<String, Vec<Posting>>,
    /// The languages of the indexed documents, by tag.
    languages: Vec<(String, Language)>,
}

/// A document a query found.
#[derive(Debug)]
pub struct Found<'a> {
    pub document: &'a SearchDocument,
    pub score: f32,
    /// The passages that matched, with how, best first.
    pub passages: Vec<(u16, MatchKind)>,
}

/// One page of what a query found.
#[derive(Debug)]
pub struct Results<'a> {
    pub hits: Vec<Found<'a>>,
    /// Whether more follow the page.
    pub more: bool,
    /// The indexed words that matched, to mark in excerpts.
    pub marks: Marks,
}

/// Which documents a search may find: of these kinds, and treatments among these slugs.
pub struct Filter<'a> {
    pub kinds: &'a [SnapshotKind],
    pub treatments: Option<&'a HashSet<String>>,
}

/// The words and stems a query matched (stems keyed by language, as indexed).
#[derive(Debug, Default)]
pub struct Marks {
    pub words: HashSet<String>,
    pub stems: HashSet<String>,
}

/// What one query word matched: the posting lists it was found in, with how, and each
/// document's best score for it (0 where it is not found), by document number.
struct WordMatches<'a> {
    lists: Vec<(&'a [Posting], MatchKind)>,
    scores: Vec<f32>,
}

impl LocaleIndex {
    pub fn build(documents: Vec<SearchDocument>) -> Self {
        let mut index = Self {
            documents: Vec::new(),
            name_rank: Vec::new(),
            kinds: Vec::new(),
            words: BTreeMap::new(),
            stems: HashMap::new(),
            languages: Vec::new(),
        };
        for document in documents {
            index.add(document);
        }
        for postings in index.words.values_mut().chain(index.stems.values_mut()) {
            postings.sort_unstable();
            postings.dedup();
            postings.shrink_to_fit();
        }
        index.rank_names();
        index
    }

    fn rank_names(&mut self) {
        let names: Vec<String> =
            self.documents.iter().map(|document| document.name.to_lowercase()).collect();
        let mut by_name: Vec<usize> = (0..self.documents.len()).collect();
        by_name.sort_by(|&a, &b| {
            let slugs = || self.documents[a].slug.cmp(&self.documents[b].slug);
            names[a].cmp(&names[b]).then_with(slugs)
        });
        self.name_rank = vec![0; by_name.len()];
        for (rank, document) in by_name.into_iter().enumerate() {
            self.name_rank[document] = u32::try_from(rank).unwrap_or(u32::MAX);
        }
    }

    fn add(&mut self, document: SearchDocument) {
        let at = u32::try_from(self.documents.len()).unwrap_or(u32::MAX);
        let tag = language_tag(&document.locale).to_owned();
        if !self.languages.iter().any(|(known, _)| *known == tag) {
            self.languages.push((tag.clone(), Language::of_locale(&tag)));
        }
        let language = &self.languages.iter().find(|(known, _)| *known == tag).unwrap().1;
        for (passage_at, passage) in
            document.passages.iter().enumerate().take(usize::from(u16::MAX))
        {
            let tenths = (passage.weight * 10.0).round() as u16;
            let posting = (at, u16::try_from(passage_at).unwrap_or(u16::MAX), tenths);
            for token in tokens(&passage.text) {
                // A word that is its own stem is found as a word (see `matches`).
                let stem = language.stem(&token.folded);
                if stem != token.folded {
                    self.stems.entry(format!("{tag}:{stem}")).or_default().push(posting);
                }
                self.words.entry(token.folded).or_default().push(posting);
            }
        }
        self.kinds.push(document.kind);
        self.documents.push(document);
    }

    /// The query's words as the index compares them: folded, without the words a query may
    /// leave out ("the", "and": a query of only those finds nothing), at most
    /// [`MAX_QUERY_WORDS`].
    pub fn query_words(&self, query: &str, language: &Language) -> Vec<String> {
        // "micro-needling" is looked for as "microneedling", which finds both spellings.
        let all = tokens(query);
        let joined: Vec<&Token> =
            all.iter().filter(|token| query[token.start..token.end].contains('-')).collect();
        let mut words: Vec<String> = all
            .iter()
            .filter(|token| {
                let within = |span: &&Token| span.start <= token.start && token.end <= span.end;
                joined
                    .iter()
                    .filter(|span| span.end - span.start > token.end - token.start)
                    .all(|span| !within(span))
            })
            .map(|token| token.folded.clone())
            .collect();
        words.retain(|word| !language.is_stopword(word));
        words.dedup();
        words.truncate(MAX_QUERY_WORDS);
        words
    }

    /// The page `offset..offset + limit` of the documents matching every word of `words`,
    /// best first (ties by name), among those `filter` lets through. The last word may be the
    /// start of a longer one.
    pub fn search(
        &self,
        words: &[String],
        filter: &Filter<'_>,
        offset: usize,
        limit: usize,
    ) -> Results<'_> {
        let mut marks = Marks::default();
        let matches = self.all_matches(words);
        for (word, found) in words.iter().zip(&matches) {
            self.remember_marks(word, found, &mut marks);
        }
        let mut ranked = self.ranked(&matches, filter);
        let end = offset.saturating_add(limit);
        let more = ranked.len() > end;
        // Only the pages up to this one need an order: the rest is left unsorted.
        if more {
            ranked.select_nth_unstable_by_key(end, |&(key, _)| key);
            ranked.truncate(end);
        }
        ranked.sort_unstable_by_key(|&(key, _)| key);
        let hits = ranked
            .into_iter()
            .skip(offset)
            .take(limit)
            .map(|(key, document)| {
                let score = f32::from_bits(!((key >> 32) as u32));
                self.found(document, score, &matches)
            })
            .collect();
        Results { hits, more, marks }
    }

    /// Every document matching every word of `words` that `filter` lets through, in no
    /// particular order and unexplained: what a list's text filter needs.
    pub fn matching(&self, words: &[String], filter: &Filter<'_>) -> Vec<&SearchDocument> {
        let ranked = self.ranked(&self.all_matches(words), filter);
        ranked.into_iter().map(|(_, document)| &self.documents[document as usize]).collect()
    }

    /// What each word matched; the last word may be the start of a longer one.
    fn all_matches(&self, words: &[String]) -> Vec<WordMatches<'_>> {
        let last = words.len().saturating_sub(1);
        words.iter().enumerate().map(|(at, word)| self.matches(word, at == last)).collect()
    }

    /// The documents every word matched that `filter` lets through, each with one number
    /// ordering it best first: the score's bits inverted (a positive float's bits order as
    /// the float does), then its place by name.
    fn ranked(&self, matches: &[WordMatches<'_>], filter: &Filter<'_>) -> Vec<(u64, u32)> {
        let mut ranked = Vec::new();
        if matches.is_empty() {
            return ranked;
        }
        for document in 0..self.documents.len() {
            let score = matches.iter().try_fold(0.0, |total, found| {
                let score = found.scores[document];
                (score > 0.0).then_some(total + score)
            });
            if let Some(score) = score
                && self.lets_through(filter, document)
            {
                let key = (u64::from(!score.to_bits()) << 32) | u64::from(self.name_rank[document]);
                ranked.push((key, u32::try_from(document).unwrap_or(u32::MAX)));
            }
        }
        ranked
    }

    fn lets_through(&self, filter: &Filter<'_>, document: usize) -> bool {
        let kind = self.kinds[document];
        filter.kinds.contains(&kind)
            && (kind != SnapshotKind::Treatment
                || filter
                    .treatments
                    .is_none_or(|slugs| slugs.contains(&self.documents[document].slug)))
    }

    /// A hit with the passages each word matched in, found in the sorted posting lists.
    fn found(&self, document: u32, score: f32, matches: &[WordMatches<'_>]) -> Found<'_> {
        let doc = &self.documents[document as usize];
        let mut passages: Vec<(u16, MatchKind)> = Vec::new();
        for &(list, kind) in matches.iter().flat_map(|found| &found.lists) {
            let from = list.partition_point(|&(at, _, _)| at < document);
            for &(_, passage, _) in list[from..].iter().take_while(|&&(at, _, _)| at == document) {
                if !passages.iter().any(|(known, _)| *known == passage) {
                    passages.push((passage, kind));
                }
            }
        }
        passages.sort_by(|a, b| {
            let weight = |at: u16| doc.passages[usize::from(at)].weight;
            weight(b.0).total_cmp(&weight(a.0)).then(a.0.cmp(&b.0))
        });
        Found { document: doc, score, passages }
    }

    fn matches<'a>(&'a self, word: &str, last: bool) -> WordMatches<'a> {
        let mut lists: Vec<(&[Posting], MatchKind)> = Vec::new();
        if let Some(postings) = self.words.get(word) {
            lists.push((postings, MatchKind::Word));
        }
        for (tag, language) in &self.languages {
            let stem = language.stem(word);
            if let Some(postings) = self.stems.get(&format!("{tag}:{stem}")) {
                lists.push((postings, MatchKind::Stem));
            }
            // Words that are their own stem are indexed as words only.
            if let Some(postings) = self.words.get(&stem).filter(|_| stem != word) {
                lists.push((postings, MatchKind::Stem));
            }
        }
        if last && word.chars().count() >= MIN_PREFIX {
            for (_, postings) in self.prefixed(word).filter(|(known, _)| known.as_str() != word) {
                lists.push((postings, MatchKind::Prefix));
            }
        }
        if lists.is_empty() && word.chars().count() >= MIN_TYPO {
            for (_, postings) in self.one_typo_from(word) {
                lists.push((postings, MatchKind::Typo));
            }
        }
        let mut scores = vec![0.0_f32; self.documents.len()];
        for &(list, kind) in &lists {
            let closeness = kind.closeness() / 10.0;
            for &(document, _, tenths) in list {
                let score = &mut scores[document as usize];
                *score = score.max(f32::from(tenths) * closeness);
            }
        }
        WordMatches { lists, scores }
    }

    fn prefixed<'a, 'w>(
        &'a self,
        word: &'w str,
    ) -> impl Iterator<Item = (&'a String, &'a Vec<Posting>)> + use<'a, 'w> {
        self.words.range(word.to_owned()..).take_while(move |(known, _)| known.starts_with(word))
    }

    fn one_typo_from<'a, 'w>(
        &'a self,
        word: &'w str,
    ) -> impl Iterator<Item = (&'a String, &'a Vec<Posting>)> + use<'a, 'w> {
        let length = word.chars().count();
        self.words.iter().filter(move |(known, _)| {
            known.len().abs_diff(word.len()) <= 2
                && known.chars().count().abs_diff(length) <= 1
                && one_edit_apart(word, known)
        })
    }

    /// Records the indexed words `word` matched, so excerpts can mark them.
    fn remember_marks(&self, word: &str, found: &WordMatches<'_>, marks: &mut Marks) {
        if found.lists.is_empty() {
            return;
        }
        let found_as = |kind: MatchKind| found.lists.iter().any(|(_, how)| *how == kind);
        marks.words.insert(word.to_owned());
        for (tag, language) in &self.languages {
            marks.stems.insert(format!("{tag}:{}", language.stem(word)));
        }
        if found_as(MatchKind::Prefix) {
            marks.words.extend(self.prefixed(word).map(|(known, _)| known.clone()));
        }
        if found_as(MatchKind::Typo) {
            marks.words.extend(self.one_typo_from(word).map(|(known, _)| known.clone()));
        }
    }

    /// Whether a folded word of a passage in `locale` is one the query matched.
    pub fn is_marked(&self, marks: &Marks, locale: &str, folded: &str) -> bool {
        if marks.words.contains(folded) {
            return true;
        }
        let tag = language_tag(locale);
        self.languages.iter().find(|(known, _)| known == tag).is_some_and(|(_, language)| {
            marks.stems.contains(&format!("{tag}:{}", language.stem(folded)))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::document::{Passage, weight};

    fn document(
        slug: &str,
        name: &str,
        locale: &str,
        texts: &[(&'static str, f32, &str)],
    ) -> SearchDocument {
        let mut passages = vec![Passage {
            field: "name",
            weight: weight::NAME,
            text: name.to_owned(),
            via: format!("name '{name}'"),
        }];
        passages.extend(texts.iter().map(|&(field, weight, text)| Passage {
            field,
            weight,
            text: text.to_owned(),
            via: field.to_owned(),
        }));
        SearchDocument {
            kind: SnapshotKind::Treatment,
            slug: slug.to_owned(),
            name: name.to_owned(),
            locale: locale.to_owned(),
            passages,
        }
    }

    fn library() -> LocaleIndex {
        LocaleIndex::build(vec![
            document(
                "microneedling",
                "Microneedling",
                "en",
                &[("summary", 2.0, "Fine needles for acne scars.")],
            ),
            document(
                "chemical-peel",
                "Chemical peel",
                "en",
                &[("body", 1.0, "Peels pair well with microneedling.")],
            ),
            document(
                "melasma",
                "Mélasma",
                "fr",
                &[("summary", 2.0, "Des cicatrices et taches brunes.")],
            ),
        ])
    }

    fn slugs(index: &LocaleIndex, query: &str, locale: &str) -> Vec<String> {
        let language = Language::of_locale(locale);
        let words = index.query_words(query, &language);
        let kinds = [SnapshotKind::Treatment, SnapshotKind::Condition];
        let results = index.search(&words, &Filter { kinds: &kinds, treatments: None }, 0, 10);
        results.hits.iter().map(|found| found.document.slug.clone()).collect()
    }

    #[test]
    fn a_name_match_outranks_a_body_match() {
        assert_eq!(slugs(&library(), "microneedling", "en"), ["microneedling", "chemical-peel"]);
    }

    #[test]
    fn stems_prefixes_accents_and_one_typo_find_the_word() {
        let index = library();
        assert_eq!(slugs(&index, "microneedle", "en"), ["microneedling", "chemical-peel"]);
        assert_eq!(slugs(&index, "micron", "en"), ["microneedling", "chemical-peel"]);
        assert_eq!(slugs(&index, "MELASMA", "en"), ["melasma"]);
        assert_eq!(slugs(&index, "cicatrice", "fr"), ["melasma"]);
        assert_eq!(slugs(&index, "microneedlign", "en"), ["microneedling", "chemical-peel"]);
        assert_eq!(slugs(&index, "micro-needling", "en"), ["microneedling", "chemical-peel"]);
        assert!(slugs(&index, "peal", "en").is_empty(), "no typo on short words");
    }

    #[test]
    fn every_word_must_be_found_and_stopwords_are_left_out() {
        let index = library();
        assert_eq!(slugs(&index, "the acne scars", "en"), ["microneedling"]);
        assert!(slugs(&index, "acne peel", "en").is_empty());
        assert!(slugs(&index, "\" * -", "en").is_empty());
        assert!(slugs(&index, "AND", "en").is_empty());
    }
}
