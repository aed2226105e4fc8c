/**
 * npm run faults: runs the fault-injection suite (tests/faults) and prints its table: each fault,
 * where it was injected, the outcome RunSound must reach, and whether it did. A known bug, kept as
 * an expected failure until its owner mends it, shows as "KNOWN BUG".
 */
import { startVitest } from 'vitest/node';
import type { RunnerTask, RunnerTestCase, RunnerTestFile } from 'vitest';

interface Row {
  fault: string;
  where: string;
  outcome: string;
  result: 'pass' | 'FAIL' | 'KNOWN BUG' | 'skipped';
}

function testsOf(task: RunnerTask): RunnerTestCase[] {
  return task.type === 'test' ? [task] : 'tasks' in task ? task.tasks.flatMap(testsOf) : [];
}

function rowOf(test: RunnerTestCase): Row {
  const [fault = test.name, where = '', ...outcome] = test.name.split(' — ');
  const state = test.result?.state;
  const result: Row['result'] = state === 'pass' ? (test.fails ? 'KNOWN BUG' : 'pass') : state === 'fail' ? 'FAIL' : 'skipped';
  return { fault, where, outcome: outcome.join(' — '), result };
}

const vitest = await startVitest('test', ['tests/faults'], { watch: false, reporters: [{}] });
const files: RunnerTestFile[] = vitest.state.getFiles();
await vitest.close();

const rows = files.flatMap((file) => file.tasks.flatMap(testsOf)).map(rowOf);
// A file that did not even load (a syntax error, an import that broke) counts as a failure, loudly.
const broken = files.filter((file) => (file.result?.errors?.length ?? 0) > 0 || (file.result?.state === 'fail' && file.tasks.length === 0));
const widths = { fault: 0, where: 0, outcome: 0 };
for (const row of rows) for (const key of ['fault', 'where', 'outcome'] as const) widths[key] = Math.min(70, Math.max(widths[key], row[key].length));
const cell = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width));
const line = (row: Pick<Row, 'fault' | 'where' | 'outcome'> & { result: string }) =>
  `${cell(row.fault, widths.fault)}  ${cell(row.where, widths.where)}  ${cell(row.outcome, widths.outcome)}  ${row.result}`;

console.log(line({ fault: 'fault', where: 'where', outcome: 'outcome', result: 'result' }));
console.log('-'.repeat(widths.fault + widths.where + widths.outcome + 16));
for (const row of rows) console.log(line(row));
for (const file of broken) console.log(`\nFAIL ${file.name}: ${file.result?.errors?.map((error) => error.message).join('; ') ?? 'did not run'}`);
const count = (result: Row['result']) => rows.filter((row) => row.result === result).length;
console.log(`\n${rows.length} faults: ${count('pass')} pass, ${count('KNOWN BUG')} known bugs (expected failures, see the comment above each), ${count('FAIL')} fail${count('skipped') ? `, ${count('skipped')} skipped` : ''}.`);
if (rows.length < 50) console.log('Fewer than 50 faults: the suite must inject at least 50.');
if (broken.length) console.log(`${broken.length} fault file(s) did not run: their faults are missing from the table.`);
process.exitCode = count('FAIL') > 0 || rows.length < 50 || broken.length > 0 ? 1 : 0;
