// Runs every test stage (unit, protocol, Neovim as a client, robustness, grammar, real editor), streams their output, and ends with
// one line that sums them up: `tests: N passed, M failed`. Exits non-zero if any stage failed.
import { spawn } from 'node:child_process';

const stages = [
  ['unit', 'npm', ['run', '--silent', 'test:unit']],
  ['protocol', 'npm', ['run', '--silent', 'test:protocol']],
  ['neovim', 'npm', ['run', '--silent', 'test:neovim']],
  ['robustness', 'npm', ['run', '--silent', 'test:robustness']],
  ['grammar', 'npm', ['run', '--silent', 'test:grammar']],
  ['e2e', 'npm', ['run', '--silent', 'test:e2e']],
];
const only = process.argv.slice(2);

function run(name, cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const tee = (stream) => (chunk) => {
      stream.write(chunk);
      out += chunk.toString();
    };
    child.stdout.on('data', tee(process.stdout));
    child.stderr.on('data', tee(process.stderr));
    child.on('close', (code) => {
      const num = (re) => [...out.matchAll(re)].reduce((n, m) => n + Number(m[1]), 0);
      let passed = num(/^\s*(\d+) passing/gm);
      let failed = num(/^\s*(\d+) failing/gm);
      if (name === 'grammar') {
        passed = (out.match(/run successfully|run successfuly/g) ?? []).length;
        failed = (out.match(/^✖|ERROR/gm) ?? []).length;
      }
      const e2e = /e2e: (\d+) passed, (\d+) failed/.exec(out);
      if (e2e) {
        passed = Number(e2e[1]);
        failed = Number(e2e[2]);
      }
      // A stage that failed without counting a failure (a crash, a missing install) still counts as one.
      if (code !== 0 && failed === 0) failed = 1;
      resolve({ name, code, passed, failed });
    });
  });
}

const results = [];
for (const [name, cmd, args] of stages) {
  if (only.length > 0 && !only.includes(name)) continue;
  console.log(`\n=== ${name} tests ===`);
  results.push(await run(name, cmd, args));
}
console.log('\n' + results.map((r) => `${r.name}: ${r.passed} passed, ${r.failed} failed`).join('\n'));
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(results.every((r) => r.code === 0) ? 0 : 1);
