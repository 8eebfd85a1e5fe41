//! Small builders shared by the migrations, so each table reads as its columns and keys.
//!
//! Foreign keys are always declared inside `Table::create()`: SQLite cannot add one later.

use sea_orm_migration::prelude::*;

/// A named foreign key from `table(cols)` to `ref_table(ref_cols)`.
pub(crate) fn foreign_key<T, C, R, RC>(
    name: &str,
    (table, cols): (T, C),
    (ref_table, ref_cols): (R, RC),
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement
where
    T: IntoTableRef,
    C: IdenList,
    R: IntoTableRef,
    RC: IdenList,
{
    ForeignKey::create()
        .name(name)
        .from(table, cols)
        .to(ref_table, ref_cols)
        .on_delete(on_delete)
        .take()
}

/// The columns of a composite primary key.
pub(crate) fn primary_key<C: IntoIden>(cols: impl IntoIterator<Item = C>) -> IndexCreateStatement {
    let mut stmt = Index::create();
    for col in cols {
        stmt.col(col.into_iden());
    }
    stmt
}

/// A plain index named `idx_<table>_<cols>`.
pub(crate) fn index<T: IntoTableRef, C: IntoIden>(
    name: &str,
    table: T,
    cols: impl IntoIterator<Item = C>,
) -> IndexCreateStatement {
    let mut stmt = Index::create();
    stmt.name(name).table(table);
    for col in cols {
        stmt.col(col.into_iden());
    }
    stmt
}

/// A unique index named `uq_<table>_<cols>`, so a violation names what clashed.
pub(crate) fn unique_index<T: IntoTableRef, C: IntoIden>(
    name: &str,
    table: T,
    cols: impl IntoIterator<Item = C>,
) -> IndexCreateStatement {
    let mut stmt = index(name, table, cols);
    stmt.unique();
    stmt
}

/// Creates each index in order.
pub(crate) async fn create_indexes(
    manager: &SchemaManager<'_>,
    indexes: Vec<IndexCreateStatement>,
) -> Result<(), DbErr> {
    for index in indexes {
        manager.create_index(index).await?;
    }
    Ok(())
}

/// Drops each table in order (children first); their indexes go with them.
pub(crate) async fn drop_tables<I: IntoIden>(
    manager: &SchemaManager<'_>,
    tables: impl IntoIterator<Item = I>,
) -> Result<(), DbErr> {
    for table in tables {
        manager.drop_table(Table::drop().table(table).to_owned()).await?;
    }
    Ok(())
}

/// A row owned by a workspace: it goes away with the workspace.
pub(crate) fn workspace_fk<T: IntoIden, C: IntoIden>(
    name: &str,
    table: T,
    col: C,
) -> ForeignKeyCreateStatement {
    foreign_key(
        name,
        (table.into_iden(), col),
        (Workspaces::Table, Workspaces::Id),
        ForeignKeyAction::Cascade,
    )
}

/// A user recorded on a row (author, editor…): forgotten, not cascaded, when the user goes.
pub(crate) fn user_fk<T: IntoIden, C: IntoIden>(
    name: &str,
    table: T,
    col: C,
) -> ForeignKeyCreateStatement {
    foreign_key(
        name,
        (table.into_iden(), col),
        (Users::Table, Users::Id),
        ForeignKeyAction::SetNull,
    )
}

#[derive(DeriveIden)]
enum Workspaces {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
