//! How much of the machine other programs used: all CPU time (`/proc/stat`) less that of the
//! bench and its child servers (`/proc/<pid>/stat`). The machine is shared, so every figure
//! carries this share, and the bench waits for a quiet moment before each measurement.

use std::time::Duration;

/// CPU time in clock ticks, summed over all CPUs.
#[derive(Clone, Copy)]
pub struct Sample {
    total: u64,
    idle: u64,
    ours: u64,
}

pub fn sample() -> Sample {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let fields: Vec<u64> = stat
        .lines()
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .skip(1)
        .filter_map(|field| field.parse().ok())
        .collect();
    // idle and iowait are the 4th and 5th fields.
    let idle = fields.get(3).copied().unwrap_or(0) + fields.get(4).copied().unwrap_or(0);
    Sample { total: fields.iter().sum(), idle, ours: our_ticks() }
}

/// The bench's own CPU time and that of its direct children (the servers).
fn our_ticks() -> u64 {
    let me = std::process::id();
    let Ok(entries) = std::fs::read_dir("/proc") else { return 0 };
    entries
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            // Fields after the command name, which may hold spaces: state, ppid, … utime, stime.
            let rest: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
            let ppid: u32 = rest.get(1)?.parse().ok()?;
            let ticks = rest.get(11)?.parse::<u64>().ok()? + rest.get(12)?.parse::<u64>().ok()?;
            (pid == me || ppid == me).then_some(ticks)
        })
        .sum()
}

/// The share of all CPUs that other programs kept busy between two samples.
pub fn others_share(before: Sample, after: Sample) -> f64 {
    let total = after.total.saturating_sub(before.total).max(1);
    let busy = total.saturating_sub(after.idle.saturating_sub(before.idle));
    busy.saturating_sub(after.ours.saturating_sub(before.ours)) as f64 / total as f64
}

/// Waits (up to a minute) for a second in which other programs use under 15% of the CPUs.
pub async fn quiet() {
    for _ in 0..60 {
        let before = sample();
        tokio::time::sleep(Duration::from_secs(1)).await;
        if others_share(before, sample()) < 0.15 {
            return;
        }
    }
    eprintln!("the machine stayed busy for a minute; measuring anyway");
}
