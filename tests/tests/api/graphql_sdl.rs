//! The GraphQL schemas are committed as SDL (`openapi/delivery.graphql`,
//! `openapi/admin.graphql`), so every change to them shows in review.

/// Regenerate with `CUTIS_UPDATE_SDL=1 cargo test -p cutis-tests --test api graphql_sdl`.
#[test]
fn the_committed_graphql_sdl_files_are_current() {
    let (delivery, admin) = cutis::graphql::sdl();
    let directory = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi");
    for (name, generated) in [("delivery.graphql", &delivery), ("admin.graphql", &admin)] {
        let path = format!("{directory}/{name}");
        if std::env::var("CUTIS_UPDATE_SDL").is_ok() {
            std::fs::write(&path, generated).expect("write the SDL file");
        }

        let committed = std::fs::read_to_string(&path).unwrap_or_default();

        assert!(
            &committed == generated,
            "openapi/{name} is stale: run `CUTIS_UPDATE_SDL=1 cargo test -p cutis-tests --test api graphql_sdl`"
        );
    }
}
