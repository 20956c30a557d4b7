//! Prints the clauses of a markdown file, or the change records between two files.
//!
//! `cargo run -p clausewatch-core --example segment -- OLD.md [NEW.md]`

use std::{env, fs};

use clausewatch_core::{align, compare, segment};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let paths: Vec<String> = env::args().skip(1).collect();
    let Some(first) = paths.first() else {
        return Err("usage: segment OLD.md [NEW.md]".into());
    };
    let old = segment(&fs::read_to_string(first)?);
    let Some(second) = paths.get(1) else {
        for clause in &old {
            let marker = clause.marker.as_deref().unwrap_or("-");
            let path = clause.heading_path.join(" › ");
            let text: String = clause.text.chars().take(70).collect();
            println!(
                "{:>4} {:<9} {:<8} [{path}] {text}",
                clause.ordinal,
                clause.kind.as_str(),
                marker
            );
        }
        return Ok(());
    };
    let new = segment(&fs::read_to_string(second)?);
    let alignment = align(&old, &new);
    for record in compare(&old, &new, &alignment) {
        let aspects: Vec<&str> = record.aspects.iter().map(|aspect| aspect.as_str()).collect();
        let flag = if record.substantive { "S" } else { "-" };
        println!("{flag} {:<8} {:<30} {}", record.kind.as_str(), aspects.join(","), record.summary);
    }
    Ok(())
}
