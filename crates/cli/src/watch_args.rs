//! Arguments of the source, settings, check and watch subcommands.

use clap::{Args, Subcommand};

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
        /// CSS selector of the part containing the text. Repeat it for several parts: they are
        /// joined in the order given, and a part inside an earlier one is kept once.
        #[arg(long = "select", value_name = "CSS")]
        select: Vec<String>,
        /// CSS selector of a part to remove before selecting (menus, banners); repeatable.
        #[arg(long = "remove", value_name = "CSS")]
        remove: Vec<String>,
        /// Hours between two checks of the document. Without it, a stored source keeps its
        /// interval and a new one takes the interval of `clausewatch settings`.
        #[arg(long, value_name = "HOURS")]
        interval_hours: Option<f64>,
    },

    /// Remove the source of a document; its versions and snapshots stay.
    Remove { platform: String, document: String },
}

/// Changes to the watch settings; none given shows them.
#[derive(Debug, Args)]
pub struct SettingsArgs {
    /// Hours between two checks of new sources (and of every source with
    /// --apply-to-sources), from 0.25 to 720.
    #[arg(long, value_name = "HOURS")]
    pub check_interval_hours: Option<f64>,
    /// Lowest severity of a change that raises a notification: low, medium, high or critical.
    #[arg(long, value_name = "LEVEL")]
    pub notify_min_severity: Option<String>,
    /// Also notify changes that leave the wording unchanged: true or false.
    #[arg(long, value_name = "BOOL")]
    pub notify_non_substantive: Option<bool>,
    /// Give every stored source the check interval too.
    #[arg(long)]
    pub apply_to_sources: bool,
}
