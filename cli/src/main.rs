//! The `outcomes` command.
fn main() {
    println!("outcomes {}", env!("CARGO_PKG_VERSION"));
}
