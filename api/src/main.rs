//! The `cutis` command: parses the command line and calls the library.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use cutis::config::Settings;
use cutis::server::{SchemaPolicy, Server};

/// Cutis: a headless CMS for clinic treatment content.
#[derive(Parser)]
#[command(name = "cutis", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the REST and GraphQL APIs (the default command).
    Serve {
        /// Refuse to start when the database schema is behind instead of migrating it.
        #[arg(long)]
        no_migrate: bool,
    },
    /// Apply pending database migrations, then exit.
    Migrate,
    /// Print the OpenAPI document of the REST API.
    Openapi,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if matches!(cli.command, Some(Command::Openapi)) {
        print!("{}", cutis::rest::openapi::document_json());
        return ExitCode::SUCCESS;
    }
    let settings = match Settings::from_env() {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("cutis: invalid setting {error}");
            return ExitCode::from(2);
        }
    };
    cutis::telemetry::init(&settings.log);
    let outcome = actix_web::rt::System::new().block_on(async move {
        match cli.command.unwrap_or(Command::Serve { no_migrate: false }) {
            Command::Serve { no_migrate } => {
                let policy =
                    if no_migrate { SchemaPolicy::RequireCurrent } else { SchemaPolicy::Migrate };
                Server::build(settings, policy).await?.run_until_stopped().await
            }
            Command::Migrate => cutis::db::migrate_command(&settings).await,
            Command::Openapi => Ok(()),
        }
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("cutis: {}", error);
            ExitCode::FAILURE
        }
    }
}
