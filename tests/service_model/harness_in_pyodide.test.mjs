// The service-model spec against www/python-engine/harness.py in Pyodide, the CPython the page's
// Python engine runs (npm `pyodide`, loaded under Node: no browser). The same runner as for the
// system CPython (tests/python/run_service_model.py) answers each spec file; spec.mjs checks the
// answers. About 10 s, most of it loading Pyodide.
import { test, before } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPyodide } from 'pyodide';
import { checkAnswers, readSpec, specDir, specFiles } from './spec.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
let pyodide;

before(async () => {
  pyodide = await loadPyodide({ indexURL: join(root, 'node_modules', 'pyodide') });
  // The runner finds harness.py beside it, as in the checkout.
  for (const path of ['tests/python/run_service_model.py', 'www/python-engine/harness.py']) {
    pyodide.FS.mkdirTree(join('/repo', path, '..'));
    pyodide.FS.writeFile(join('/repo', path), readFileSync(join(root, path), 'utf8'));
  }
  pyodide.FS.mkdirTree('/repo/tests/service_model');
});

/** run_service_model.py's answers for `file`, as `python3 run_service_model.py SPEC` prints them. */
function answersOf(file) {
  pyodide.FS.writeFile(`/repo/tests/service_model/${file}`, readFileSync(join(specDir, file), 'utf8'));
  pyodide.globals.set('spec_path', `/repo/tests/service_model/${file}`);
  return JSON.parse(pyodide.runPython(`
import io, sys
sys.dont_write_bytecode = True
sys.argv = ["run_service_model.py", spec_path]
runner = "/repo/tests/python/run_service_model.py"
captured = sys.stdout = io.StringIO()
try:
    exec(compile(open(runner).read(), runner, "exec"), {"__name__": "__main__", "__file__": runner})
finally:
    sys.stdout = sys.__stdout__
captured.getvalue()
`));
}

for (const file of specFiles) {
  test(`harness.py in Pyodide answers ${file} as AWS does`, () => {
    checkAnswers('harness.py in Pyodide', file, readSpec(file), answersOf(file));
  });
}
