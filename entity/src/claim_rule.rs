//! The `claim_rules` table.

use sea_orm::entity::prelude::*;

/// A workspace's claim rule: a phrase or pattern that advertising rules forbid or question,
/// or, when `builtin` is set, how the workspace grades one of the shipped rules.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "claim_rules")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub workspace_id: Uuid,
    /// The shipped rule this row re-grades or switches off; `None` for the workspace's own.
    pub builtin: Option<String>,
    /// The locale the rule checks; `None` checks every locale.
    pub locale: Option<String>,
    /// `phrase` or `pattern`.
    pub matching: String,
    pub pattern: String,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    /// `warn` or `block`.
    pub severity: String,
    pub enabled: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::workspace::Entity",
        from = "Column::WorkspaceId",
        to = "super::workspace::Column::Id",
        on_delete = "Cascade"
    )]
    Workspace,
}

impl Related<super::workspace::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Workspace.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
