//! Prints, for each corpus case, the share of lines of the extracted text identical to the
//! version Open Terms Archive recorded. Run with
//! `cargo run -p clausewatch-watcher --example conformance_table [CASE-SUBSTRING]`; with
//! `CONFORMANCE_OUT=DIR` set, each extracted text is also written there for diffing.

#[path = "../tests/common/corpus.rs"]
mod corpus;

fn main() {
    let dir = corpus::data_dir();
    let filter = std::env::args().nth(1).unwrap_or_default();

    let mut identical = 0;
    let mut longer = 0;
    println!("{:>7} {:>6} {:>6} {:>6}  version", "share", "same", "ref", "ours");
    for case in corpus::cases(&dir).iter().filter(|case| case.version.contains(&filter)) {
        match corpus::run_case(&dir, case) {
            Ok(result) => {
                if let Ok(out) = std::env::var("CONFORMANCE_OUT") {
                    let path = std::path::Path::new(&out).join(&result.version);
                    std::fs::create_dir_all(path.parent().expect("versions sit in folders"))
                        .expect("output folder can be created");
                    std::fs::write(&path, &result.extracted).expect("extracted text is written");
                }
                let agreement = result.agreement;
                identical += agreement.identical;
                longer += agreement.reference_lines.max(agreement.extracted_lines);
                println!(
                    "{:>6.2}% {:>6} {:>6} {:>6}  {}",
                    agreement.share() * 100.0,
                    agreement.identical,
                    agreement.reference_lines,
                    agreement.extracted_lines,
                    result.version
                );
            }
            Err(error) => println!("  error                       {}: {error}", case.version),
        }
    }

    let overall = if longer == 0 { 1.0 } else { identical as f64 / longer as f64 };
    println!("{:>6.2}% {identical:>6} {longer:>13}  overall", overall * 100.0);
}
