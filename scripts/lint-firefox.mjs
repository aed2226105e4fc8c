/**
 * `web-ext lint` of the Firefox build, as AMO's validator reads it: fails on any error, and on
 * any eval (DANGEROUS_EVAL: reviewers ask about each `new Function`; zod's is patched out in
 * patches/zod+*.patch). The other warnings are printed; react-dom's innerHTML and the Strava
 * router's import() of the panel (UNSAFE_VAR_ASSIGNMENT) are expected.
 *
 *   node scripts/lint-firefox.mjs [dir]      dir defaults to .output/firefox-mv2
 */
import { execFileSync } from 'node:child_process';

const dir = process.argv[2] ?? '.output/firefox-mv2';
let output;
try {
  output = execFileSync('npx', ['web-ext', 'lint', '--source-dir', dir, '--output', 'json', '--no-config-discovery'], { encoding: 'utf8' });
} catch (error) {
  // web-ext exits non-zero when it finds errors; its JSON is still on stdout.
  output = error.stdout;
}
const report = JSON.parse(output);
const findings = [...report.errors.map((e) => ({ ...e, level: 'error' })), ...report.warnings.map((w) => ({ ...w, level: 'warning' }))];
for (const f of findings) console.log(`${f.level.padEnd(7)} ${f.code.padEnd(22)} ${f.file ?? ''}${f.line ? `:${f.line}` : ''}  ${f.message}`);
console.log(`web-ext lint of ${dir}: ${report.summary.errors} errors, ${report.summary.warnings} warnings, ${report.summary.notices} notices`);
const evals = report.warnings.filter((w) => w.code === 'DANGEROUS_EVAL');
if (report.summary.errors > 0 || evals.length > 0) {
  console.error(evals.length ? `${evals.length} eval(s) in the build: none may be there.` : 'web-ext lint found errors.');
  process.exit(1);
}
