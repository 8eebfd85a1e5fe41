//! A realistic delivery mix: 1,000 distinct URLs — single treatments in two locales, list pages
//! and condition filters, lists of conditions, and GraphQL queries over `GET` — asked in
//! an order drawn by Zipf's law (exponent 1), so a few are asked very often and most rarely, as
//! many sites and apps ask one server. Deterministic: every run draws the same sequence.

use crate::content::{CONDITIONS, slug};

/// How many distinct URLs the mix holds.
pub const DISTINCT: usize = 1_000;
/// How long the drawn sequence is before it repeats.
const DRAWS: usize = 100_000;

/// The distinct URLs, the most asked first, over `total` published treatments.
pub fn urls(total: usize) -> Vec<String> {
    let mut urls = Vec::with_capacity(DISTINCT);
    let locales = ["en", "fr"];
    // Interleaved, so every kind of read has popular and rare members.
    let mut n = 0;
    while urls.len() < DISTINCT {
        let locale = locales[n % 2];
        let treatment = slug((n / 2) % total);
        urls.push(format!("/v1/treatments/{treatment}?locale={locale}"));
        match n % 5 {
            0 => urls.push(format!("/v1/treatments?limit={}&locale={locale}", 1 + (n / 10) % 50)),
            1 => {
                let (condition, _) = CONDITIONS[(n / 5) % CONDITIONS.len()];
                let limit = 1 + (n / 15) % 50;
                urls.push(format!("/v1/treatments?condition={condition}&limit={limit}"));
            }
            2 => urls.push(graphql_url(&format!(
                "{{ treatment(slug: \"{treatment}\", locale: \"{locale}\") \
                 {{ name summary faqs {{ question answer }} conditions {{ slug name }} }} }}"
            ))),
            3 => urls.push(graphql_url(&format!(
                "{{ treatments(first: {}, locale: \"{locale}\") {{ nodes {{ slug name summary }} }} }}",
                1 + (n / 10) % 50
            ))),
            _ => urls.push(format!("/v1/conditions?limit={}&locale={locale}", 1 + (n / 10) % 50)),
        }
        n += 1;
    }
    urls.truncate(DISTINCT);
    urls
}

fn graphql_url(query: &str) -> String {
    format!("/graphql?query={}", crate::scenarios::url_encoded(query))
}

/// `DRAWS` URLs of `urls`, the one at rank k drawn with probability ∝ 1/k.
pub fn drawn(urls: &[String]) -> Vec<String> {
    let weights: Vec<f64> = (1..=urls.len()).map(|rank| 1.0 / rank as f64).collect();
    let total: f64 = weights.iter().sum();
    let mut cumulative = Vec::with_capacity(urls.len());
    let mut sum = 0.0;
    for weight in &weights {
        sum += weight / total;
        cumulative.push(sum);
    }
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    (0..DRAWS)
        .map(|_| {
            // xorshift64*: enough for a reproducible draw, no dependency.
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            let uniform =
                (state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11) as f64 / (1u64 << 53) as f64;
            let rank = cumulative.partition_point(|&edge| edge < uniform).min(urls.len() - 1);
            urls[rank].clone()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mix_holds_a_thousand_distinct_urls_and_draws_the_first_most() {
        let urls = urls(10_000);
        let distinct: std::collections::HashSet<_> = urls.iter().collect();
        let draws = drawn(&urls);
        let count = |url: &String| draws.iter().filter(|drawn| *drawn == url).count();

        assert_eq!(distinct.len(), DISTINCT);
        assert!(count(&urls[0]) > 10 * count(&urls[99]), "rank 1 is asked far more than rank 100");
        assert!(draws.iter().collect::<std::collections::HashSet<_>>().len() > 900);
    }
}
