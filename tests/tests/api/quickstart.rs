//! README.md's quick start, run as written: every `sh` block under "## Quick start" is read,
//! its curl commands turned into requests against a server loaded with the demo, and their
//! `| jq` extractions into the variables later commands use. The README cannot drift.
//!
//! The shell understood is what the quick start needs: `NAME=value`, `NAME=$(curl … | jq -r
//! FILTER)`, `curl …` with `-s -X -H -d`, quotes, `$NAME`, `\` line continuations and
//! comments. Anything else fails the test, pointing at the line.

use std::collections::HashMap;

use secrecy::ExposeSecret;
use serde_json::Value;

use super::demo::spawn_demo;

const README: &str = include_str!("../../../README.md");

/// The `sh` blocks of the quick start, each as its lines.
fn quick_start_blocks() -> Vec<Vec<&'static str>> {
    let start = README.find("\n## Quick start\n").expect("README has a Quick start section");
    let section = &README[start + 1..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |end| end + 3)];
    let mut blocks = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in section.lines() {
        match (&mut current, line.trim_end()) {
            (None, "```sh") => current = Some(Vec::new()),
            (Some(_), "```") => blocks.extend(current.take()),
            (Some(block), line) => block.push(line),
            (None, _) => {}
        }
    }
    blocks
}

/// Lines joined across `\` continuations, comments and blank lines dropped.
fn statements(block: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    let mut pending = String::new();
    for line in block {
        let line = strip_comment(line);
        match line.strip_suffix('\\') {
            Some(head) => pending.push_str(head),
            None => {
                pending.push_str(&line);
                let statement = pending.trim().to_owned();
                if !statement.is_empty() {
                    out.push(statement);
                }
                pending.clear();
            }
        }
    }
    out
}

/// The line without a `#` comment (one outside quotes, starting a word).
fn strip_comment(line: &str) -> String {
    let (mut single, mut double, mut previous) = (false, false, ' ');
    for (at, c) in line.char_indices() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single && previous != '\\' => double = !double,
            '#' if !single && !double && previous.is_whitespace() => {
                return line[..at].trim_end().to_owned();
            }
            _ => {}
        }
        previous = c;
    }
    line.trim_end().to_owned()
}

/// Shell words with quotes removed and `$NAME` expanded.
fn words(text: &str, vars: &HashMap<String, String>) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => words.extend(word.take()),
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                w.extend(chars.by_ref().take_while(|&c| c != '\''));
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' if matches!(chars.peek(), Some('"' | '\\' | '$')) => {
                            w.extend(chars.next());
                        }
                        '$' => w.push_str(&variable(&mut chars, vars)),
                        c => w.push(c),
                    }
                }
            }
            '$' => {
                let value = variable(&mut chars, vars);
                word.get_or_insert_with(String::new).push_str(&value);
            }
            '\\' => word.get_or_insert_with(String::new).extend(chars.next()),
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    words
}

fn variable(
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    vars: &HashMap<String, String>,
) -> String {
    let mut name = String::new();
    while let Some(&c) = chars.peek() {
        if !(c.is_ascii_alphanumeric() || c == '_') {
            break;
        }
        name.push(c);
        chars.next();
    }
    vars.get(&name).cloned().unwrap_or_else(|| panic!("the quick start uses ${name} unset"))
}

/// A request as curl would send it.
#[derive(Debug)]
struct Curl {
    method: String,
    url: String,
    headers: Vec<(String, String)>,
    body: Option<String>,
}

fn curl(args: &[String]) -> Curl {
    let mut request =
        Curl { method: String::new(), url: String::new(), headers: Vec::new(), body: None };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| panic!("{arg} needs a value")).clone();
        match arg.as_str() {
            "-s" => {}
            "-X" => request.method = value(),
            "-H" => {
                let header = value();
                let (name, content) = header.split_once(':').expect("a header is name: value");
                request.headers.push((name.trim().to_owned(), content.trim().to_owned()));
            }
            "-d" => request.body = Some(value()),
            url if !url.starts_with('-') && request.url.is_empty() => request.url = url.to_owned(),
            other => panic!("the quick start uses curl {other}, which this test does not know"),
        }
    }
    if request.method.is_empty() {
        request.method = if request.body.is_some() { "POST" } else { "GET" }.to_owned();
    }
    request
}

/// `jq [-r] FILTER` for filters such as `.access_token` and `.items[0].id`.
fn jq(args: &[String], input: &str) -> String {
    let (raw, filter) = match args {
        [flag, filter] if flag == "-r" => (true, filter),
        [filter] => (false, filter),
        other => panic!("the quick start uses jq {other:?}, which this test does not know"),
    };
    let mut value: Value =
        serde_json::from_str(input).unwrap_or_else(|_| panic!("not JSON: {input}"));
    for step in filter.trim_start_matches('.').split('.').filter(|s| !s.is_empty()) {
        let (key, index) = match step.split_once('[') {
            Some((key, index)) => (key, index.trim_end_matches(']').parse::<usize>().ok()),
            None => (step, None),
        };
        if !key.is_empty() {
            value = value[key].take();
        }
        if let Some(index) = index {
            value = value[index].take();
        }
    }
    match (raw, &value) {
        (true, Value::String(text)) => text.clone(),
        _ => value.to_string(),
    }
}

async fn run(client: &reqwest::Client, request: &Curl) -> (u16, String) {
    let method = reqwest::Method::from_bytes(request.method.as_bytes()).expect("a method");
    let mut builder = client.request(method, &request.url);
    for (name, value) in &request.headers {
        builder = builder.header(name, value);
    }
    if let Some(body) = &request.body {
        builder = builder.body(body.clone());
    }
    let response = builder.send().await.expect("send the request");
    let status = response.status().as_u16();
    (status, response.text().await.expect("a body"))
}

#[tokio::test]
async fn the_readme_quick_start_works_as_written() {
    // Arrange: what `cargo run --release` prints on its first run.
    let (app, welcome) = spawn_demo().await;
    let mut vars: HashMap<String, String> = HashMap::new();
    vars.insert("ADDRESS".into(), app.address.clone());
    vars.insert("KEY".into(), welcome.delivery_key.expose_secret().to_owned());
    vars.insert("PASSWORD".into(), welcome.password.expose_secret().to_owned());
    let given: Vec<String> = vars.keys().cloned().collect();
    let blocks = quick_start_blocks();
    assert!(blocks.len() >= 5, "the quick start has its examples");
    assert!(README.contains(&welcome.email), "the README names the demo's admin login");

    // Act and Assert: every command succeeds, in order, feeding the next.
    let mut outputs = Vec::new();
    let mut patched: Option<Value> = None;
    for statement in blocks.iter().flat_map(|block| statements(block)) {
        if statement.starts_with("cargo ") {
            continue; // The server the test spawned stands for it.
        }
        let (target, command) = match statement.split_once('=') {
            Some((name, rest)) if name.chars().all(|c| c.is_ascii_uppercase() || c == '_') => {
                match rest.strip_prefix("$(").and_then(|rest| rest.strip_suffix(')')) {
                    Some(command) => (Some(name.to_owned()), command.to_owned()),
                    None => {
                        if !given.iter().any(|known| known == name) {
                            let value = words(rest, &vars).concat();
                            vars.insert(name.to_owned(), value);
                        }
                        continue;
                    }
                }
            }
            _ => (None, statement.clone()),
        };
        let mut stages = command.split(" | ");
        let args = words(stages.next().unwrap_or_default(), &vars);
        assert_eq!(args.first().map(String::as_str), Some("curl"), "{statement}");
        let request = curl(&args[1..]);
        if request.method == "PATCH" {
            patched = request.body.as_deref().map(|body| serde_json::from_str(body).unwrap());
        }
        let (status, body) = run(&app.client, &request).await;
        assert!((200..300).contains(&status), "{statement}\n→ {status} {body}");
        if request.url.ends_with("/graphql") {
            let answer: Value = serde_json::from_str(&body).unwrap();
            assert!(answer.get("errors").is_none(), "{statement}\n→ {body}");
            assert!(answer["data"]["treatment"]["name"].is_string(), "{body}");
        }
        let mut output = body;
        for stage in stages {
            let args = words(stage, &vars);
            assert_eq!(args.first().map(String::as_str), Some("jq"), "{statement}");
            output = jq(&args[1..], &output);
        }
        assert_ne!(output, "null", "{statement} extracted nothing");
        if let Some(name) = target {
            vars.insert(name, output.clone());
        }
        outputs.push(output);
    }

    assert!(outputs.len() >= 10, "every example ran: {} commands", outputs.len());
    // The last command reads, through delivery, what the edit-and-publish round changed.
    let patched = patched.expect("the quick start edits a treatment");
    let last: Value = serde_json::from_str(outputs.last().expect("commands ran")).unwrap();
    assert_eq!(last, patched["sessions"], "delivery serves the published edit");
    let jsonld = app
        .delivered(&vars["KEY"], "/v1/treatments/microneedling/jsonld?url=https://clinic.example/m")
        .await;
    let reviewer = &jsonld["@graph"][0]["reviewedBy"]["name"];
    assert_eq!(reviewer, "Dr. Lea Martin, MD, dermatologist", "the approval names who said so");
}
