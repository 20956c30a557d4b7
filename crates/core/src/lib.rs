//! Clause segmentation, alignment and change records.
