//! The claim rules every workspace starts with, for English and French: what advertising rules
//! for medical and cosmetic treatments forbid outright (`block`) or ask a reviewer to weigh
//! (`warn`). Patterns run over folded text (lowercase, no accents); each is written so the
//! innocent neighbours of its words do not fire ("secure", "permanently booked").

use super::claims::Severity;

/// A shipped rule.
pub struct DefaultRule {
    /// Stable: what a workspace's override and every finding name.
    pub id: &'static str,
    pub locale: &'static str,
    pub pattern: &'static str,
    pub reason: &'static str,
    pub severity: Severity,
}

const fn rule(
    id: &'static str,
    locale: &'static str,
    pattern: &'static str,
    severity: Severity,
    reason: &'static str,
) -> DefaultRule {
    DefaultRule { id, locale, pattern, reason, severity }
}

use Severity::{Block, Warn};

/// Every shipped rule, English first.
pub const DEFAULT_RULES: &[DefaultRule] = &[
    rule(
        "en-cure",
        "en",
        r"\bcur(e|es|ed|ing)\b",
        Block,
        "A cosmetic treatment improves a condition; promising a cure is not allowed.",
    ),
    rule(
        "en-guaranteed",
        "en",
        r"\bguarantee(s|d)?\b",
        Block,
        "Results vary between people; no result may be guaranteed.",
    ),
    rule(
        "en-permanent",
        "en",
        r"\bpermanent\b",
        Warn,
        "Results fade or need upkeep; check that 'permanent' describes a condition, not a \
         promised result.",
    ),
    rule(
        "en-painless",
        "en",
        r"\bpain(less| free|-free)\b",
        Warn,
        "Most people feel something; say how it is made comfortable instead.",
    ),
    rule(
        "en-risk-free",
        "en",
        r"\b(risk|danger)( |-)?free\b|\bwithout (any )?risks?\b|\bno risks?\b",
        Block,
        "Every medical treatment carries risks; they must be stated, not denied.",
    ),
    rule(
        "en-100-percent",
        "en",
        r"\b100 ?(%|percent\b|per cent\b)",
        Warn,
        "Absolute figures overstate; cite the study or say what most people see.",
    ),
    rule(
        "en-no-side-effects",
        "en",
        r"\b(no|zero|without( any)?) side( |-)?effects?\b",
        Block,
        "Side effects must be stated, not denied.",
    ),
    rule(
        "en-superlative",
        "en",
        r"\bthe (most (effective|advanced|powerful|successful)|best|safest)\b",
        Warn,
        "Superlatives compare with every other treatment; back them with evidence or drop them.",
    ),
    rule(
        "fr-guerir",
        "fr",
        r"\bgueri(r|s|t|e|es|ssent|son|ssable)?\b",
        // A warning, not a block: French also says the skin "guérit" when it heals.
        Warn,
        "Un soin esthétique améliore une affection ; promettre une guérison est interdit \
         (la peau qui cicatrise n'est pas visée).",
    ),
    rule(
        "fr-garanti",
        "fr",
        r"\bgaranti(e|es|s|r|t)?\b",
        Block,
        "Les résultats varient d'une personne à l'autre ; aucun résultat ne peut être garanti.",
    ),
    rule(
        "fr-permanent",
        "fr",
        r"\bpermanent(e|es|s)?\b",
        Warn,
        "Les résultats s'estompent ou s'entretiennent ; vérifiez que « permanent » décrit une \
         affection, pas un résultat promis.",
    ),
    rule(
        "fr-indolore",
        "fr",
        r"\bindolores?\b|\bsans (aucune )?douleurs?\b",
        Warn,
        "La plupart des personnes ressentent quelque chose ; dites plutôt comment le confort est \
         assuré.",
    ),
    rule(
        "fr-sans-risque",
        "fr",
        r"\bsans (aucun )?(risques?|danger)\b|\bzero risque\b",
        Block,
        "Tout acte médical comporte des risques ; ils doivent être indiqués, pas niés.",
    ),
    rule(
        "fr-100-pour-cent",
        "fr",
        r"\b100 ?(%|pour ?cent\b)",
        Warn,
        "Les chiffres absolus exagèrent ; citez l'étude ou dites ce que la plupart constatent.",
    ),
    rule(
        "fr-sans-effets-secondaires",
        "fr",
        r"\b(sans|aucuns?|zero) effets? (secondaires?|indesirables?)\b",
        Block,
        "Les effets secondaires doivent être indiqués, pas niés.",
    ),
    rule(
        "fr-superlatif",
        "fr",
        r"\b(le|la|les) (plus (efficaces?|avancee?s?|performante?s?|puissante?s?)|meilleure?s?)\b",
        Warn,
        "Un superlatif compare à tous les autres soins ; appuyez-le sur des preuves ou retirez-le.",
    ),
];

/// The shipped rule named `id`.
pub fn find(id: &str) -> Option<&'static DefaultRule> {
    DEFAULT_RULES.iter().find(|rule| rule.id == id)
}

#[cfg(test)]
mod tests {
    use super::super::claims::{CompiledRule, Text, check, compile_pattern};
    use super::*;

    fn rules() -> Vec<CompiledRule> {
        DEFAULT_RULES
            .iter()
            .map(|rule| CompiledRule {
                id: rule.id.into(),
                locale: Some(rule.locale.into()),
                reason: rule.reason.into(),
                severity: rule.severity,
                matcher: compile_pattern(rule.pattern).unwrap(),
            })
            .collect()
    }

    fn fired(locale: &str, text: &str) -> Vec<String> {
        check(&[Text::new(locale, "body", text)], &rules()).into_iter().map(|f| f.rule).collect()
    }

    #[test]
    fn every_english_rule_fires_on_its_claim() {
        let claims = [
            ("en-cure", "Hyperpigmentation can be effectively cured."),
            ("en-guaranteed", "Results guaranteed."),
            ("en-permanent", "Permanent results."),
            ("en-painless", "A painless treatment."),
            ("en-risk-free", "It is risk-free."),
            ("en-100-percent", "100% of patients saw results."),
            ("en-no-side-effects", "There are no side effects."),
            ("en-superlative", "The most effective treatment for sun spots."),
        ];
        for (rule, text) in claims {
            assert_eq!(fired("en", text), [rule], "{text}");
        }
    }

    #[test]
    fn every_french_rule_fires_on_its_claim() {
        let claims = [
            ("fr-guerir", "Le mélasma se guérit."),
            ("fr-garanti", "Résultat garanti."),
            ("fr-permanent", "Des résultats permanents."),
            ("fr-indolore", "Un soin indolore."),
            ("fr-sans-risque", "Un soin sans risque."),
            ("fr-100-pour-cent", "Efficace à 100 %."),
            ("fr-sans-effets-secondaires", "Aucun effet secondaire."),
            ("fr-superlatif", "Le meilleur soin contre les taches."),
        ];
        for (rule, text) in claims {
            assert_eq!(fired("fr", text), [rule], "{text}");
        }
    }

    #[test]
    fn innocent_neighbours_do_not_fire() {
        let innocent = [
            "Your data is secure.",
            "We are permanently booked on Saturdays.",
            "Microneedling can improve acne scars; results vary.",
            "Most people feel mild discomfort.",
            "Procure sunscreen before your visit.",
        ];
        for text in innocent {
            assert!(fired("en", text).is_empty(), "{text}: {:?}", fired("en", text));
        }
        let innocent_fr = ["Une peau plus sûre d'elle.", "Une permanence téléphonique."];
        for text in innocent_fr {
            assert!(fired("fr", text).is_empty(), "{text}: {:?}", fired("fr", text));
        }
    }

    #[test]
    fn a_rule_does_not_fire_in_another_language() {
        assert!(fired("fr", "A painless cure.").is_empty());
    }
}
