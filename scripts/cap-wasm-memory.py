"""Gives a WebAssembly module's own memory a lower maximum, in place (same byte length).

Usage: python3 cap-wasm-memory.py IN_WASM OUT_WASM MAX_PAGES   (a page is 64 KiB)

Pyodide's module defines its memory with a 4 GiB maximum; the page's Python engine runs pasted
code, so the build lowers it: past the cap, `memory.grow` fails, malloc returns NULL and Python
raises MemoryError instead of the tab running out of memory. The maximum is a LEB128 number in the
memory section; it is rewritten padded to its old width, so no offset in the module moves. A module
that imports its memory, has several, or has no maximum is refused (the build then fails loudly).
"""
import sys


def read_leb(data, at):
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def padded_leb(value, width):
    out = bytearray()
    for index in range(width):
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if index < width - 1 else 0))
    if value:
        raise SystemExit(f"cap-wasm-memory: the new maximum does not fit in {width} bytes")
    return bytes(out)


def main():
    source, target, max_pages = sys.argv[1], sys.argv[2], int(sys.argv[3])
    data = bytearray(open(source, "rb").read())
    if data[:4] != b"\0asm":
        raise SystemExit(f"cap-wasm-memory: {source} is not a WebAssembly module")
    at = 8
    while at < len(data):
        section, at = data[at], at + 1
        size, at = read_leb(data, at)
        if section == 5:
            count, cursor = read_leb(data, at)
            if count != 1:
                raise SystemExit(f"cap-wasm-memory: {count} memories, expected one")
            flags = data[cursor]
            if flags & 1 == 0:
                raise SystemExit("cap-wasm-memory: the memory has no maximum to lower")
            minimum, cursor = read_leb(data, cursor + 1)
            old_start = cursor
            old_max, cursor = read_leb(data, cursor)
            if not minimum <= max_pages <= old_max:
                raise SystemExit(f"cap-wasm-memory: {max_pages} pages is not within {minimum}..={old_max}")
            data[old_start:cursor] = padded_leb(max_pages, cursor - old_start)
            open(target, "wb").write(data)
            print(f"cap-wasm-memory: maximum {old_max} -> {max_pages} pages ({max_pages * 64 // 1024} MiB)")
            return
        at += size
    raise SystemExit("cap-wasm-memory: no memory section (an imported memory is not supported)")


main()
