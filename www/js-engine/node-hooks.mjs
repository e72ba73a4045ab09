// Module hooks for node-main.mjs, registered once the harness has loaded: from then on only the
// producer could import anything, and its imports are the harness's stubs (rewritten by
// harness.js), never Node's loader. So every resolution is refused, built-ins such as node:net
// and node:child_process included, however the producer builds the import.
export async function resolve(specifier) {
  throw new Error(`Cannot find module '${specifier}': Shardlane runs your producer without network access, files or npm packages`);
}
