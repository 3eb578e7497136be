//! The `wikigraph` binary: parse arguments, call the library, map the
//! outcome to an exit status.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
