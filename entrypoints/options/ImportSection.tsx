import { useState } from 'react';
import { FileDrop } from './FileDrop';
import { importActivitiesFile, ImportError, type ImportReport } from '@/lib/import';
import { sendMessage } from '@/lib/messages';
import type { MergeReport } from '@/lib/run-store';

type ImportState =
  | { step: 'idle' }
  | { step: 'reading'; fileName: string; fraction: number }
  | { step: 'saving'; fileName: string }
  | { step: 'done'; fileName: string; report: ImportReport; merged: MergeReport }
  | { step: 'failed'; message: string };

function Summary({ report, merged }: { report: ImportReport; merged: MergeReport }) {
  const sports = Object.entries(report.skippedBySport);
  return (
    <div data-testid="import-report">
      <p>
        {report.runs} runs read from {report.rowsRead} activities: {merged.added} added, {merged.updated} updated,{' '}
        {merged.unchanged} already up to date.
      </p>
      {sports.length ? (
        <p className="rs-hint">Other sports left out: {sports.map(([sport, count]) => `${count} ${sport}`).join(', ')}.</p>
      ) : null}
      {report.warnings.map((warning) => (
        <p key={warning} className="rs-hint">
          {warning}
        </p>
      ))}
      {report.skipped.length ? (
        <details>
          <summary>{report.skipped.length} activities could not be read</summary>
          <ul>
            {report.skipped.slice(0, 200).map((skip) => (
              <li key={skip.row}>
                Row {skip.row}: {skip.reason}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}

export function ImportSection() {
  const [state, setState] = useState<ImportState>({ step: 'idle' });

  const importFile = async (file: File) => {
    setState({ step: 'reading', fileName: file.name, fraction: 0 });
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const result = await importActivitiesFile(file.name, bytes, {
        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        onProgress: (fraction) => setState({ step: 'reading', fileName: file.name, fraction }),
      });
      setState({ step: 'saving', fileName: file.name });
      const merged = await sendMessage('importRuns', { runs: result.runs, source: result.report.format });
      setState({ step: 'done', fileName: file.name, report: result.report, merged });
    } catch (error) {
      const message = error instanceof ImportError ? error.message : `${file.name} could not be imported: ${error instanceof Error ? error.message : String(error)}`;
      setState({ step: 'failed', message });
    }
  };

  const busy = state.step === 'reading' || state.step === 'saving';
  return (
    <section className="rs-card" aria-labelledby="import-heading">
      <h3 id="import-heading">Import your Strava export</h3>
      <p className="rs-hint">
        On strava.com: Settings → My Account → "Download or delete your account" → "Request your archive". From the zip
        Strava e-mails you, choose <code>activities.csv</code>. A JSON array of Strava API activities works too. Runs
        already stored are updated, never doubled.
      </p>
      <FileDrop
        id="import-file"
        label="Drop the file here, or choose it:"
        accept=".csv,.json,text/csv,application/json"
        disabled={busy}
        onFile={(file) => void importFile(file)}
        testId="import-dropzone"
      />
      <div role="status" aria-live="polite">
        {state.step === 'reading' ? (
          <p>
            Reading {state.fileName}… <progress max={1} value={state.fraction} aria-label="Import progress" />
          </p>
        ) : null}
        {state.step === 'saving' ? <p>Saving the runs of {state.fileName}…</p> : null}
        {state.step === 'done' ? <Summary report={state.report} merged={state.merged} /> : null}
      </div>
      {state.step === 'failed' ? (
        <p className="rs-error" role="alert" data-testid="import-error">
          {state.message}
        </p>
      ) : null}
    </section>
  );
}
