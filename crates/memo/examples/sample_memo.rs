//! Writes the sample memo of the tests to the path given as the first argument.

#[path = "../tests/common/mod.rs"]
mod common;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: sample_memo OUTPUT.pdf [REPEAT]")?;
    let repeat = match std::env::args().nth(2) {
        Some(count) => count.parse()?,
        None => 1,
    };
    let memo = common::sample_memo(repeat);
    clausewatch_memo::write_pdf_file(&memo, &Default::default(), std::path::Path::new(&path))?;
    Ok(())
}
