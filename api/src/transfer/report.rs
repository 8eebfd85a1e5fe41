//! What an import did, per kind of entry, as `cutis import` prints it.

use std::fmt;

/// Entries of one kind by what the import did to them (slugs; offerings as `clinic/treatment`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub created: Vec<String>,
    pub updated: Vec<String>,
    pub unchanged: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// The workspace imported into.
    pub workspace: String,
    /// Whether the import created it.
    pub workspace_created: bool,
    pub conditions: Tally,
    pub treatments: Tally,
    pub clinics: Tally,
    pub offerings: Tally,
    /// Revisions the file carried, which an import does not replay: history starts anew.
    pub revisions_skipped: usize,
}

impl ImportReport {
    /// Whether the import changed anything at all.
    pub fn changed_anything(&self) -> bool {
        self.workspace_created
            || [&self.conditions, &self.treatments, &self.clinics, &self.offerings]
                .iter()
                .any(|tally| !tally.created.is_empty() || !tally.updated.is_empty())
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let how = if self.workspace_created { "new workspace" } else { "existing workspace" };
        writeln!(f, "imported into {} ({how})", self.workspace)?;
        let kinds = [
            ("conditions", &self.conditions),
            ("treatments", &self.treatments),
            ("clinics", &self.clinics),
            ("offerings", &self.offerings),
        ];
        for (kind, tally) in kinds {
            write!(
                f,
                "  {kind:<11}{} created, {} updated, {} unchanged",
                tally.created.len(),
                tally.updated.len(),
                tally.unchanged.len()
            )?;
            let named: Vec<&str> =
                tally.created.iter().chain(&tally.updated).map(String::as_str).collect();
            // A handful of names says what changed; a whole library would drown the counts.
            if !named.is_empty() && named.len() <= 10 {
                write!(f, " ({})", named.join(", "))?;
            }
            writeln!(f)?;
        }
        if self.revisions_skipped > 0 {
            writeln!(
                f,
                "  {} revisions in the file were not imported: history starts with this import",
                self.revisions_skipped
            )?;
        }
        Ok(())
    }
}
