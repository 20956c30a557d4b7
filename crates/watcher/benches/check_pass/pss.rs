//! Proportional set size (PSS) of a process tree, read from `/proc/PID/smaps_rollup`: memory
//! shared with other processes counts by its share, so the figure is the tree's own.

/// Returns the summed PSS of `pid` and every descendant, in bytes, or 0 once it has exited.
pub fn tree_pss_bytes(pid: u32) -> u64 {
    let mut total = 0;
    let mut pending = vec![pid];
    while let Some(pid) = pending.pop() {
        total += pss_bytes(pid);
        pending.extend(children(pid));
    }
    total
}

/// Returns the anonymous, file-backed and shared-memory parts of the PSS of `pid` alone, as
/// `/proc/PID/smaps_rollup` lists them.
pub fn breakdown(pid: u32) -> String {
    let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
    let parts: Vec<String> = rollup
        .lines()
        .filter(|line| ["Pss_Anon:", "Pss_File:", "Pss_Shmem:"].iter().any(|p| line.starts_with(p)))
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    parts.join(", ")
}

fn pss_bytes(pid: u32) -> u64 {
    let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
    rollup
        .lines()
        .find_map(|line| line.strip_prefix("Pss:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kib| kib * 1024)
}

fn children(pid: u32) -> Vec<u32> {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else { return Vec::new() };
    let mut children = Vec::new();
    for task in tasks.flatten() {
        let list = std::fs::read_to_string(task.path().join("children")).unwrap_or_default();
        children.extend(list.split_whitespace().filter_map(|child| child.parse::<u32>().ok()));
    }
    children
}
