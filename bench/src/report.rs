//! The results as a Markdown report: the machine, one row per measured route with its ratio
//! to the baseline and the README performance target it answers to, then the single figures.

use std::fmt::Write;

use crate::load::Measured;

/// One throughput measurement and what it is held to.
pub struct Row {
    pub name: String,
    pub measured: Measured,
    /// The least share of the baseline's requests/s the target asks for, if any.
    pub min_ratio: Option<f64>,
    /// The p99 the target asks for, in milliseconds, if any.
    pub max_p99_ms: Option<f64>,
    /// Requests/s that would be 100× Strapi 5 on this machine, if the target has it.
    pub strapi_100x: Option<f64>,
    /// The most the p99 may be as a multiple of the baseline's p99, if the target has it.
    pub max_p99_of_baseline: Option<f64>,
}

/// The same run's baseline: what every row is a share of.
#[derive(Clone, Copy)]
pub struct Baseline {
    pub per_second: f64,
    pub p99_ms: f64,
}

impl Baseline {
    pub fn of(measured: &Measured) -> Self {
        Self { per_second: measured.per_second(), p99_ms: measured.millis_at(0.99) }
    }
}

/// A figure that is not a throughput: statements per query, memory, start-up, growth.
pub struct Figure {
    pub name: String,
    pub value: String,
    pub target: String,
    pub pass: Option<bool>,
}

pub struct Report {
    pub machine: String,
    pub notes: Vec<String>,
    pub sections: Vec<(String, Baseline, Vec<Row>)>,
    pub figures: Vec<Figure>,
}

fn verdict(pass: bool) -> &'static str {
    if pass { "pass" } else { "**FAIL**" }
}

impl Row {
    /// The target column: each requirement with its verdict.
    fn targets(&self, Baseline { per_second: baseline, p99_ms }: Baseline) -> String {
        let mut parts = Vec::new();
        let measured = &self.measured;
        if measured.failures > 0 {
            parts.push(format!("**{} failed requests**", measured.failures));
        }
        if let Some(min) = self.min_ratio {
            let pass = measured.per_second() / baseline >= min;
            parts.push(format!("≥ {:.0}% of baseline: {}", min * 100.0, verdict(pass)));
        }
        if let Some(max) = self.max_p99_ms {
            let pass = measured.millis_at(0.99) < max;
            parts.push(format!("p99 < {max} ms: {}", verdict(pass)));
        }
        if let Some(times) = self.max_p99_of_baseline {
            let max = times * p99_ms;
            let pass = measured.millis_at(0.99) <= max;
            parts.push(format!("p99 ≤ {times}× baseline's ({max:.1} ms): {}", verdict(pass)));
        }
        if let Some(strapi) = self.strapi_100x {
            let pass = measured.per_second() >= strapi;
            parts.push(format!("100× Strapi (≥ {strapi:.0}/s): {}", verdict(pass)));
        }
        if parts.is_empty() { "no target".to_owned() } else { parts.join("; ") }
    }
}

impl Report {
    pub fn markdown(&self) -> String {
        let mut out = String::from("# Cutis benchmark results\n\n");
        out.push_str(
            "Written by `cargo run --release -p bench`; targets from README.md, \
             \"Performance targets\".\n\n",
        );
        let _ = writeln!(out, "## Machine\n\n{}\n", self.machine);
        let _ = writeln!(out, "## How it was measured\n");
        for note in &self.notes {
            let _ = writeln!(out, "- {note}");
        }
        for (title, baseline, rows) in &self.sections {
            let _ = writeln!(out, "\n## {title}\n");
            out.push_str(
                "| route | requests/s | p50 ms | p99 ms | × baseline | others | target |\n",
            );
            out.push_str("|---|--:|--:|--:|--:|--:|---|\n");
            for row in rows {
                let m = &row.measured;
                let _ = writeln!(
                    out,
                    "| {} | {:.0} | {:.2} | {:.2} | {:.0}% | {:.0}% | {} |",
                    row.name,
                    m.per_second(),
                    m.millis_at(0.5),
                    m.millis_at(0.99),
                    100.0 * m.per_second() / baseline.per_second,
                    100.0 * m.others_cpu,
                    row.targets(*baseline)
                );
            }
        }
        out.push_str(
            "\n## Other figures\n\n| figure | value | target | verdict |\n|---|--:|---|---|\n",
        );
        for figure in &self.figures {
            let pass = figure.pass.map_or("—", verdict);
            let _ = writeln!(
                out,
                "| {} | {} | {} | {pass} |",
                figure.name, figure.value, figure.target
            );
        }
        out
    }
}

/// nproc, CPU model, memory and kernel, read from the system.
pub fn machine() -> String {
    let read = |path: &str| std::fs::read_to_string(path).unwrap_or_default();
    let cpuinfo = read("/proc/cpuinfo");
    let model = cpuinfo
        .lines()
        .find_map(|line| {
            line.strip_prefix("model name").map(|rest| rest.trim_start_matches([' ', '\t', ':']))
        })
        .unwrap_or("unknown")
        .to_owned();
    let meminfo = read("/proc/meminfo");
    let memory_gib = meminfo
        .lines()
        .find_map(|line| line.strip_prefix("MemTotal:"))
        .and_then(|rest| rest.split_whitespace().next()?.parse::<f64>().ok())
        .map_or("unknown".to_owned(), |kib| format!("{:.1} GiB", kib / 1024.0 / 1024.0));
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let kernel = read("/proc/sys/kernel/osrelease");
    let run = |program: &str, args: &[&str]| {
        std::process::Command::new(program)
            .args(args)
            .output()
            .ok()
            .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
            .unwrap_or_default()
    };
    format!(
        "- {cpus} CPUs (nproc), {model}\n- {memory_gib} RAM\n- Linux {}\n- built from commit {} \
         (plus any uncommitted changes), measured {}",
        kernel.trim(),
        run("git", &["rev-parse", "--short", "HEAD"]),
        run("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
    )
}
