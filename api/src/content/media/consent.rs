//! A patient's consent to showing a photo of them, and the rule delivery follows: shown only
//! where it was agreed to, and not after the day it ends.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Where a patient agreed their photo may be shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Clinic websites, which the delivery API serves.
    Website,
    App,
    Social,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::Website, Channel::App, Channel::Social];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Website => "website",
            Self::App => "app",
            Self::Social => "social",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|channel| channel.as_str() == name)
    }
}

/// A consent record: what the signed form says, without the patient's name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "obtained_on": "2026-09-14",
    "scope": ["website", "app"],
    "expires_on": "2028-09-14",
    "form_ref": "CF-2026-0141"
}))]
pub struct Consent {
    pub obtained_on: NaiveDate,
    /// Where the photo may be shown.
    pub scope: Vec<Channel>,
    /// The last day the photo may be shown; `null` when the form sets no end.
    pub expires_on: Option<NaiveDate>,
    /// The reference of the signed form, as the clinic files it (never the patient's name).
    #[schema(example = "CF-2026-0141")]
    pub form_ref: String,
}

impl Consent {
    /// Why the photo may not be shown on `channel` on `today`, if it may not.
    pub fn refusal(&self, channel: Channel, today: NaiveDate) -> Option<String> {
        if let Some(expires_on) = self.expires_on
            && expires_on < today
        {
            return Some(format!("the patient's consent ended on {expires_on}"));
        }
        if !self.scope.contains(&channel) {
            return Some(format!("the patient's consent does not cover the {}", channel.as_str()));
        }
        None
    }
}

/// Why a photo of `kind` with `consent` may not be shown on `channel` on `today`.
pub fn refusal(
    kind: super::MediaKind,
    consent: Option<&Consent>,
    channel: Channel,
    today: NaiveDate,
) -> Option<String> {
    if kind != super::MediaKind::PatientPhoto {
        return None;
    }
    match consent {
        None => Some("no patient consent is recorded".to_owned()),
        Some(consent) => consent.refusal(channel, today),
    }
}

#[cfg(test)]
mod tests {
    use super::super::MediaKind;
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap_or_default()
    }

    fn consent(expires_on: Option<&str>) -> Consent {
        Consent {
            obtained_on: day("2026-01-10"),
            scope: vec![Channel::Website],
            expires_on: expires_on.map(day),
            form_ref: "CF-1".into(),
        }
    }

    #[test]
    fn a_patient_photo_is_shown_only_within_its_consent() {
        let today = day("2026-12-03");
        let kind = MediaKind::PatientPhoto;
        let website = Channel::Website;
        assert_eq!(refusal(kind, Some(&consent(Some("2026-12-03"))), website, today), None);
        assert_eq!(refusal(kind, Some(&consent(None)), website, today), None);
        let ended = refusal(kind, Some(&consent(Some("2026-12-02"))), website, today);
        assert_eq!(ended.as_deref(), Some("the patient's consent ended on 2026-12-02"));
        assert!(refusal(kind, Some(&consent(None)), Channel::App, today).is_some());
        assert!(refusal(kind, None, website, today).is_some());
        assert_eq!(refusal(MediaKind::Photo, None, website, today), None);
    }
}
