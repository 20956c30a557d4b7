//! Arguments of the source, check and watch subcommands.

use clap::Subcommand;

/// Add or remove the source of a document.
#[derive(Debug, Subcommand)]
pub enum SourceCommand {
    /// Add the source of a document, or replace its pages and rules. Changed rules are
    /// applied at once to the stored snapshots of the last check.
    Add {
        platform: String,
        document: String,
        /// Pages of the document; several are combined in this order.
        #[arg(required = true, value_name = "URL")]
        urls: Vec<String>,
        /// CSS selector of the part holding the text; repeat for several parts.
        #[arg(long = "select", value_name = "CSS")]
        select: Vec<String>,
        /// CSS selector of a part to remove before selecting (menus, banners); repeatable.
        #[arg(long = "remove", value_name = "CSS")]
        remove: Vec<String>,
        /// Hours between two checks of the document.
        #[arg(long, default_value_t = 6.0, value_name = "HOURS")]
        interval_hours: f64,
    },

    /// Remove the source of a document; its versions and snapshots stay.
    Remove { platform: String, document: String },
}
