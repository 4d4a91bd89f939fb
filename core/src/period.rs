//! NHS and Fingertips time periods (being written).
