//! Freezes the part of RustPython's pure-Python standard library that producers use.
//!
//! `frozen-modules.txt` names the modules; their sources come from the `rustpython-pylib`
//! crate's `Lib/` and are copied into `OUT_DIR/Lib`, which `src/frozen.rs` freezes with
//! `py_freeze!`. Freezing all of `Lib/` (RustPython's `freeze-stdlib`) would put thousands of
//! unused modules in the Web Worker's download.

use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    let list = Path::new("frozen-modules.txt");
    println!("cargo:rerun-if-changed={}", list.display());
    let lib = Path::new(rustpython_pylib::LIB_PATH);
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("Lib");
    let _ = fs::remove_dir_all(&out);
    let names = fs::read_to_string(list).expect("frozen-modules.txt is readable");
    for name in names
        .lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .flat_map(str::split_whitespace)
    {
        let relative = name.replace('.', "/");
        let candidates = [format!("{relative}.py"), format!("{relative}/__init__.py")];
        let found = candidates.iter().find(|c| lib.join(c).is_file());
        let Some(file) = found else {
            panic!("frozen-modules.txt names {name}, which RustPython's Lib/ does not have");
        };
        let target = out.join(file);
        fs::create_dir_all(target.parent().expect("a file has a parent"))
            .expect("OUT_DIR is writable");
        fs::copy(lib.join(file), &target).expect("copying a module source");
    }
    // py_freeze! resolves `dir` against the directory of the file it appears in; an absolute
    // path works from anywhere.
    let source = format!(
        "/// The frozen modules, by dotted name.\npub static FROZEN_LIB: &rustpython_compiler_core::frozen::FrozenLib =\n    rustpython_derive::py_freeze!(dir = {:?}, crate_name = \"rustpython_compiler_core\");\n",
        out.display().to_string()
    );
    let generated = PathBuf::from(env::var("OUT_DIR").unwrap()).join("frozen.rs");
    fs::write(generated, source).expect("OUT_DIR is writable");
}
