//! Runs a producer script in RustPython and returns what it put, as the harness's JSON.
//!
//! The work is done by `harness.py`, plain Python that installs a fake boto3, a virtual clock and
//! seeded randomness, then runs the script. Keeping that logic in Python means CPython can run the
//! very same file, which is how the tests prove RustPython extracts byte-identical records. This
//! crate only hosts the interpreter; the shardlane core turns the JSON into `ProducedRecord`s.
//! Only the standard library modules producers use are frozen in (`frozen-modules.txt`, see
//! `build.rs`).
//! It is a separate crate because RustPython is large: the page's wasm never links it, only the
//! Web Worker (`src/bin/python-worker.rs`) and the native CLI do.

mod frozen {
    include!(concat!(env!("OUT_DIR"), "/frozen.rs"));
}

/// The harness source, also run by CPython in the differential tests.
pub const HARNESS: &str = include_str!("../../../www/python-engine/harness.py");

/// Runs `code` through the harness with the given options JSON and returns the harness's JSON.
///
/// An `Err` means the harness itself failed, which is a bug in Shardlane, not in the user's code
/// (errors in the user's code come back inside the JSON, located).
pub fn run_harness(code: &str, options_json: &str) -> Result<String, String> {
    let builder = rustpython::InterpreterBuilder::new();
    let native_modules = rustpython_stdlib::stdlib_module_defs(&builder.ctx);
    let interpreter = builder
        .add_native_modules(&native_modules)
        .add_frozen_modules(frozen::FROZEN_LIB)
        .interpreter();
    interpreter.enter(|vm| {
        let describe = |error: &rustpython_vm::builtins::PyBaseExceptionRef| {
            let mut text = String::new();
            let _ = vm.write_exception(&mut text, error);
            text
        };
        let scope = vm.new_scope_with_builtins();
        vm.run_string(scope.clone(), HARNESS, "<shardlane-harness>")
            .map_err(|e| describe(&e))?;
        let run = scope
            .globals
            .get_item("run", vm)
            .map_err(|e| describe(&e))?;
        let result = run
            .call((vm.ctx.new_str(code), vm.ctx.new_str(options_json)), vm)
            .map_err(|e| describe(&e))?;
        result
            .str(vm)
            .map(|text| text.to_string())
            .map_err(|e| describe(&e))
    })
}
