//! The `cutis` command: parses the command line and calls the library.

use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use cutis::auth::roles::Role;
use cutis::config::Settings;
use cutis::error::{Error, Result};
use cutis::operator;
use cutis::server::SchemaPolicy;

/// Cutis: a headless CMS for clinic treatment content.
#[derive(Parser)]
#[command(name = "cutis", version, about)]
struct Cli {
    /// Refuse to act when the database schema is behind instead of migrating it (every command
    /// that opens the database migrates it first otherwise, as `serve` does).
    #[arg(long, global = true)]
    no_migrate: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the REST and GraphQL APIs (the default command).
    Serve {
        /// Never load the demo library (as CUTIS_DEMO=false); CUTIS_JWT_SECRET is then required.
        #[arg(long)]
        no_demo: bool,
    },
    /// Apply pending database migrations, then exit.
    Migrate,
    /// Print the OpenAPI document of the REST API.
    Openapi,
    /// Print the GraphQL SDL of the delivery schema, or of the admin schema with --admin
    /// (the committed `openapi/*.graphql`).
    GraphqlSdl {
        #[arg(long)]
        admin: bool,
    },
    /// Manage workspaces (tenants).
    #[command(subcommand)]
    Workspace(WorkspaceCommand),
    /// Manage user accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Invite people to workspaces.
    #[command(subcommand)]
    Invitation(InvitationCommand),
    /// Manage delivery and preview API keys.
    #[command(subcommand)]
    Key(KeyCommand),
    /// Write a workspace's content as one JSON document (cutis-export/1); never secrets.
    Export {
        #[arg(long)]
        workspace: String,
        /// Include every revision of every entry.
        #[arg(long)]
        revisions: bool,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Read the audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Load a cutis-export/1 file, creating or updating entries by slug, all or nothing.
    Import {
        file: PathBuf,
        /// Import into this workspace (created if missing) instead of the one the file names.
        #[arg(long)]
        workspace: Option<String>,
        /// Record the import as this user's work (default: a dedicated import account).
        #[arg(long = "as", value_name = "EMAIL")]
        as_user: Option<String>,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Print a workspace's audit log as JSON lines, oldest first.
    Export {
        #[arg(long)]
        workspace: String,
        /// Only rows at or after this time (RFC 3339, e.g. 2026-12-01T00:00:00Z).
        #[arg(long)]
        since: Option<String>,
    },
}

#[derive(Subcommand)]
enum WorkspaceCommand {
    /// Create a workspace.
    Create {
        slug: String,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "en")]
        default_locale: String,
        /// Locales editors may write in, comma-separated (the default locale is always one).
        #[arg(long, value_delimiter = ',', default_values_t = ["en".to_owned(), "fr".to_owned()])]
        locales: Vec<String>,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a user, reading the password from the first line of standard input.
    Create {
        #[arg(long)]
        email: String,
        /// The person's name, recorded as the reviewer when they approve (default: the part
        /// of the email before `@`).
        #[arg(long)]
        name: Option<String>,
        /// Professional credentials, recorded after the name on approvals ("MD, dermatologist").
        #[arg(long)]
        credentials: Option<String>,
        /// Read the password from standard input (required: passwords never go in arguments).
        #[arg(long, required = true)]
        password_stdin: bool,
        /// Add the user to this workspace (with --role).
        #[arg(long, requires = "role")]
        workspace: Option<String>,
        #[arg(long, requires = "workspace", value_parser = parse_role)]
        role: Option<Role>,
        /// May create workspaces and administer all of them.
        #[arg(long)]
        platform_admin: bool,
    },
}

#[derive(Subcommand)]
enum InvitationCommand {
    /// Invite an email to a workspace with a role and print the token once; the person
    /// accepts it at `POST /v1/invitations/accept`.
    Create {
        #[arg(long)]
        workspace: String,
        #[arg(long)]
        email: String,
        #[arg(long, value_parser = parse_role)]
        role: Role,
    },
}

#[derive(Subcommand)]
enum KeyCommand {
    /// Create an API key and print it once.
    Create {
        #[arg(long)]
        workspace: String,
        #[arg(long)]
        name: String,
        /// Limit the key to one clinic (slug).
        #[arg(long)]
        clinic: Option<String>,
        /// A preview key, which may also read drafts.
        #[arg(long)]
        preview: bool,
    },
}

fn parse_role(value: &str) -> std::result::Result<Role, String> {
    value.parse()
}

fn read_password() -> Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|error| Error::BadRequest(format!("cannot read the password: {error}")))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

async fn run(command: Command, settings: Settings, policy: SchemaPolicy) -> Result<()> {
    match command {
        Command::Serve { no_demo } => {
            let mut settings = settings;
            settings.demo &= !no_demo;
            operator::serve(settings, policy).await
        }
        Command::Migrate => cutis::db::migrate_command(&settings).await,
        Command::GraphqlSdl { admin } => {
            let (delivery, admin_sdl) = cutis::graphql::sdl();
            print!("{}", if admin { admin_sdl } else { delivery });
            Ok(())
        }
        Command::Openapi => {
            print!("{}", cutis::rest::openapi::document_json());
            Ok(())
        }
        Command::Workspace(WorkspaceCommand::Create { slug, name, default_locale, locales }) => {
            operator::create_workspace(&settings, policy, &slug, &name, &default_locale, &locales)
                .await
        }
        Command::User(UserCommand::Create {
            email,
            name,
            credentials,
            workspace,
            role,
            platform_admin,
            ..
        }) => {
            let password = read_password()?;
            let membership = workspace.as_deref().zip(role);
            let account = operator::NewAccount {
                email: &email,
                name: name.as_deref(),
                credentials: credentials.as_deref(),
                platform_admin,
            };
            operator::create_user(&settings, policy, account, &password, membership).await
        }
        Command::Invitation(InvitationCommand::Create { workspace, email, role }) => {
            operator::create_invitation(&settings, policy, &workspace, &email, role).await
        }
        Command::Key(KeyCommand::Create { workspace, name, clinic, preview }) => {
            operator::create_key(&settings, policy, &workspace, &name, clinic.as_deref(), preview)
                .await
        }
        Command::Export { workspace, revisions, output } => {
            operator::export(&settings, policy, &workspace, revisions, output.as_deref()).await
        }
        Command::Audit(AuditCommand::Export { workspace, since }) => {
            operator::export_audit(&settings, policy, &workspace, since.as_deref()).await
        }
        Command::Import { file, workspace, as_user } => {
            operator::import(&settings, policy, &file, workspace.as_deref(), as_user.as_deref())
                .await
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::from_env() {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("cutis: invalid setting {error}");
            return ExitCode::from(2);
        }
    };
    cutis::telemetry::init(&settings.log);
    let command = cli.command.unwrap_or(Command::Serve { no_demo: false });
    let policy = if cli.no_migrate { SchemaPolicy::RequireCurrent } else { SchemaPolicy::Migrate };
    match actix_web::rt::System::new().block_on(run(command, settings, policy)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Error::Validation(errors)) => {
            for error in errors {
                eprintln!("cutis: {}: {}", error.field, error.message);
            }
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("cutis: {error}");
            ExitCode::FAILURE
        }
    }
}
