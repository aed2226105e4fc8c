/**
 * How well RunSound's model would do for the runner of one file, measured as lib/model/evaluate
 * measures it: `npm run evaluate -- <file> [--json] [--export-features <out.csv>]
 * [--time-zone <IANA zone>] [--weather-cache <file.json>] [--seed <n>]`.
 *
 * <file> is a Strava export's activities.csv or a JSON array of API activities. The runs go
 * through the extension's own steps (lib/import, then lib/processing for run types, loads and
 * features) with no network: weather comes from a local cache, by default `<file>.weather.json`
 * (an object of RunWeather by run id), and every other run gets the fallback, which the features
 * treat as unknown (imputed). The output says which.
 *
 * `--json` prints one JSON object, { runs, trainSeconds, targets: { tempo | energy | valence:
 * { r2, mae, baselineMae, nTrain, nTest } | null } }; notes go to stderr. `--export-features`
 * writes the feature matrix (imputed), the labels and one time-ordered split of all runs, one row
 * per run, so that anyone can check the numbers with another library. Each target is split over
 * its own labelled runs (lib/model/evaluate): for a target labelled on every run, that is
 * exactly this split and this matrix; for the others, take the newest 20 % of its labelled rows.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { importActivitiesFile } from '../lib/import/index.ts';
import { buildDataset, imputeRows, type Dataset } from '../lib/model/dataset.ts';
import { evaluateDataset, DEFAULT_SEED, type Evaluation } from '../lib/model/evaluate.ts';
import { countLabelSources } from '../lib/model/labels.ts';
import { TARGETS, type Target, type TargetMetrics } from '../lib/model/types.ts';
import { processHistory } from '../lib/processing.ts';
import { mergeRun, PROCESSING_VERSIONS, type Run, type RunWeather } from '../lib/runs.ts';

export interface CliOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

const USAGE =
  'usage: npm run evaluate -- <activities.csv | activities.json> [--json] [--export-features <out.csv>] ' +
  '[--time-zone <IANA zone>] [--weather-cache <file.json>] [--seed <n>]';

/** The fetch handed to processing: this tool never goes to the network. */
const refuseNetwork: typeof fetch = () => Promise.reject(new Error('no network in npm run evaluate'));

export interface WeatherCache {
  path: string;
  found: boolean;
  weather: Map<string, RunWeather>;
  /** Entries that are not a RunWeather, by run id. */
  rejected: string[];
}

function isRunWeather(value: unknown): value is RunWeather {
  if (!value || typeof value !== 'object') return false;
  const weather = value as Record<string, unknown>;
  const numbers = ['temperatureC', 'precipitationMm', 'windSpeedKmh', 'humidityPct', 'weatherCode'];
  return numbers.every((key) => typeof weather[key] === 'number') && ['archive', 'forecast', 'fallback'].includes(String(weather.source));
}

export async function readWeatherCache(path: string): Promise<WeatherCache> {
  const cache: WeatherCache = { path, found: existsSync(path), weather: new Map(), rejected: [] };
  if (!cache.found) return cache;
  const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`${path}: a weather cache is a JSON object of RunWeather by run id`);
  }
  for (const [runId, weather] of Object.entries(parsed)) {
    if (isRunWeather(weather)) cache.weather.set(runId, weather);
    else cache.rejected.push(runId);
  }
  return cache;
}

/** Runs as the extension would hold them after an import and its processing, weather from the cache. */
export async function processedRuns(
  file: string,
  options: { timeZone: string; weather: ReadonlyMap<string, RunWeather>; now: number },
): Promise<{ runs: Run[]; format: string; skipped: string[] }> {
  const imported = await importActivitiesFile(basename(file), await readFile(file), { timeZone: options.timeZone });
  const source = imported.report.format;
  const runs = imported.runs.map((facts) => {
    const { run } = mergeRun(undefined, facts, source, options.now);
    const weather = options.weather.get(run.id);
    // A cached weather counts as fetched: processing then leaves it as it is.
    return weather ? { ...run, weather, processed: { ...run.processed, weather: PROCESSING_VERSIONS.weather } } : run;
  });
  const result = await processHistory(runs, { fetch: refuseNetwork, now: options.now });
  const changed = new Map(result.changed.map((run) => [run.id, run]));
  return {
    runs: runs.map((run) => changed.get(run.id) ?? run),
    format: source,
    skipped: imported.report.skipped.map(({ row, reason }) => `${row}: ${reason}`),
  };
}

function csvNumber(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '' : String(value);
}

/** The matrix imputed with what the older 80 % of all runs know, the labels and that split, one row per run. */
export function featuresCsv(dataset: Dataset, evaluation: Evaluation): string {
  const X = imputeRows(evaluation.imputer, dataset.rows);
  const test = new Set(evaluation.split.test);
  const header = [...dataset.featureNames, ...TARGETS.map((target) => `label_${target}`), 'split'];
  const lines = X.map((row, index) =>
    [
      ...row.map(csvNumber),
      ...TARGETS.map((target) => csvNumber(dataset.labels[target][index]?.value)),
      test.has(index) ? 'test' : 'train',
    ].join(','),
  );
  return `${[header.join(','), ...lines].join('\n')}\n`;
}

type JsonTarget = Pick<TargetMetrics, 'r2' | 'mae' | 'baselineMae' | 'nTrain' | 'nTest'>;

export interface EvaluateJson {
  runs: number;
  trainSeconds: number;
  targets: Record<Target, JsonTarget | null>;
}

export function evaluationJson(evaluation: Evaluation): EvaluateJson {
  const targets = Object.fromEntries(
    TARGETS.map((target) => {
      const result = evaluation.targets[target];
      if (!result) return [target, null];
      // JSON has no NaN: an R² that cannot be computed (constant test labels) is null.
      const { r2, mae, baselineMae, nTrain, nTest } = result;
      return [target, { r2: Number.isFinite(r2) ? r2 : null, mae, baselineMae, nTrain, nTest }];
    }),
  ) as Record<Target, JsonTarget | null>;
  return { runs: evaluation.runs, trainSeconds: evaluation.trainSeconds, targets };
}

const UNITS: Record<Target, { digits: number; unit: string }> = {
  tempo: { digits: 1, unit: ' BPM' },
  energy: { digits: 3, unit: '' },
  valence: { digits: 3, unit: '' },
};

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

function pad(text: string, width: number): string {
  return text.padEnd(width);
}

function report(
  file: string,
  context: { format: string; timeZone: string; imported: number; skipped: string[]; weatherLine: string; seed: number },
  dataset: Dataset,
  evaluation: Evaluation,
): string[] {
  const lines: string[] = [];
  const day = (row: number | undefined) => (row === undefined ? '?' : new Date(dataset.startTimes[row]!).toISOString().slice(0, 10));
  lines.push(`RunSound model evaluation: ${basename(file)} (${context.format}, time zone ${context.timeZone}, seed ${context.seed})`);
  lines.push(`Runs: ${context.imported} imported; ${evaluation.runs} used (${dataset.unlabelledRuns} without any label)`);
  if (context.skipped.length) {
    const more = context.skipped.length > 3 ? ` (and ${context.skipped.length - 3} more)` : '';
    lines.push(`Skipped on import: ${context.skipped.slice(0, 3).join('; ')}${more}`);
  }
  lines.push(`Weather: ${context.weatherLine}`);
  lines.push(
    `Labels: ${TARGETS.map((target) => {
      const bySource = Object.entries(countLabelSources(dataset.labels[target]));
      const total = bySource.reduce((sum, [, count]) => sum + (count ?? 0), 0);
      return `${target} ${total}${bySource.length ? ` (${bySource.map(([source, count]) => `${source} ${count}`).join(', ')})` : ''}`;
    }).join(' · ')}`,
  );
  const { train, test } = evaluation.split;
  lines.push(
    'Holdout: time-ordered for each target over the runs labelled for it, the newest 20 % to test; over all runs ' +
      `(the export's split column): the oldest ${train.length} (${day(train[0])} to ${day(train[train.length - 1])}) to train, ` +
      `the newest ${test.length} (${day(test[0])} to ${day(test[test.length - 1])}) to test`,
  );
  lines.push('');
  lines.push(
    [pad('target', 9), pad('R²', 7), pad('MAE', 9), pad('baseline', 9), pad('train', 6), pad('test', 5), pad('train s', 8), 'cross-validation, 5 time blocks: R², MAE, baseline'].join(' '),
  );
  for (const target of TARGETS) {
    const result = evaluation.targets[target];
    if (!result) {
      lines.push(`${pad(target, 9)} none: ${evaluation.notes[target] ?? 'not evaluated'}`);
      continue;
    }
    const { digits } = UNITS[target];
    const cv = result.crossValidation;
    lines.push(
      [
        pad(target, 9),
        pad(fixed(result.r2, 3), 7),
        pad(fixed(result.mae, digits), 9),
        pad(fixed(result.baselineMae, digits), 9),
        pad(String(result.nTrain), 6),
        pad(String(result.nTest), 5),
        pad(fixed(result.trainSeconds, 2), 8),
        cv ? `${fixed(cv.r2, 3)}, ${fixed(cv.mae, digits)}, ${fixed(cv.baselineMae, digits)} (${cv.folds} folds)` : 'none',
      ].join(' '),
    );
  }
  lines.push('');
  lines.push(`MAE in BPM for tempo, on the 0-1 scale for energy and valence. Training: ${fixed(evaluation.trainSeconds, 2)} s for the holdout forests.`);
  for (const target of TARGETS) {
    const result = evaluation.targets[target];
    if (!result) continue;
    const top = result.importance.slice(0, 5).map(({ feature, maeIncrease }) => `${feature} +${fixed(maeIncrease, UNITS[target].digits)}`);
    lines.push(`Top features for ${target} (holdout MAE growth when shuffled): ${top.join(', ')}`);
  }
  return lines;
}

function weatherLine(cache: WeatherCache, runs: readonly Run[]): string {
  const fromCache = runs.filter((run) => cache.weather.has(run.id)).length;
  const fallback = runs.filter((run) => run.weather?.source === 'fallback' || !run.weather).length;
  const where = cache.found ? `${fromCache} runs from the cache ${cache.path}` : `no cache at ${cache.path}`;
  const rejected = cache.rejected.length ? ` (${cache.rejected.length} entries there are not RunWeather)` : '';
  return `${where}${rejected}; ${fallback} runs on the fallback (no network): their weather features are unknown and imputed`;
}

/** The command; returns the exit code. */
export async function main(argv: readonly string[], output: CliOutput, now = Date.now()): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        'export-features': { type: 'string' },
        'time-zone': { type: 'string', default: Intl.DateTimeFormat().resolvedOptions().timeZone },
        'weather-cache': { type: 'string' },
        seed: { type: 'string' },
      },
    });
  } catch (error) {
    output.stderr(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  const [file, ...extra] = parsed.positionals;
  const seed = parsed.values.seed === undefined ? DEFAULT_SEED : Number(parsed.values.seed);
  if (!file || extra.length || !Number.isInteger(seed)) {
    output.stderr(`${USAGE}\n`);
    return 2;
  }
  const timeZone = parsed.values['time-zone'];
  try {
    const cache = await readWeatherCache(parsed.values['weather-cache'] ?? `${file}.weather.json`);
    const processed = await processedRuns(file, { timeZone, weather: cache.weather, now });
    const dataset = buildDataset(processed.runs);
    const evaluation = evaluateDataset(dataset, { seed });
    const weather = weatherLine(cache, processed.runs);

    const exportPath = parsed.values['export-features'];
    if (exportPath) await writeFile(exportPath, featuresCsv(dataset, evaluation));

    if (parsed.values.json) {
      output.stdout(`${JSON.stringify(evaluationJson(evaluation))}\n`);
      output.stderr(`Weather: ${weather}\n`);
      for (const [target, note] of Object.entries(evaluation.notes)) output.stderr(`${target}: ${note}\n`);
    } else {
      const lines = report(
        file,
        { format: processed.format, timeZone, imported: processed.runs.length, skipped: processed.skipped, weatherLine: weather, seed },
        dataset,
        evaluation,
      );
      if (exportPath) lines.push(`Feature matrix, labels and split written to ${exportPath}`);
      output.stdout(`${lines.join('\n')}\n`);
    }
    return 0;
  } catch (error) {
    output.stderr(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
}
