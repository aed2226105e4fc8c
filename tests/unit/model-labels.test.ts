import { describe, expect, it } from 'vitest';
import {
  countLabelSources,
  energyLabel,
  energyOfEffort,
  heartRateReserveOf,
  intensityFactorOf,
  labelsForHistory,
  MIN_EARLIER_RUNS_FOR_PACE_LABEL,
  PACE_EFFORT_OFFSET,
  tempoLabel,
  valenceLabel,
  type MusicEvidence,
} from '@/lib/model/labels';
import type { RunFacts } from '@/lib/runs';
import { groupByStart, LoadBasisTracker, loadBasisAt, localDayNumber, type LoadBasis } from '@/lib/training-load';
import { API_HISTORY_FILE, EXPORT_HISTORY_FILE, loadApiHistory, loadExportHistory } from '../fixtures/real-histories';

/** A run on day `day` of 2026 (1 = 1 January), 10 km in 50 minutes unless told. */
function run(day: number, extra: Partial<RunFacts> = {}): RunFacts {
  const date = new Date(Date.UTC(2026, 0, day, 7));
  return {
    id: String(1000 + day),
    name: 'Morning Run',
    sportType: 'Run',
    isTreadmill: false,
    startTime: date.getTime(),
    startLocal: date.toISOString().slice(0, 16),
    distanceMeters: 10_000,
    movingTimeSeconds: 3000,
    elapsedTimeSeconds: 3000,
    elevationGainMeters: 0,
    ...extra,
  };
}

const basis: LoadBasis = { restingHeartRate: 60, maxHeartRate: 190, thresholdSpeedMps: 4 };

describe('tempoLabel', () => {
  it.each([
    { cadence: 172, label: { value: 172, source: 'cadence' } },
    { cadence: 120, label: { value: 120, source: 'cadence' } },
    { cadence: 230, label: { value: 230, source: 'cadence' } },
    { cadence: 119, label: undefined },
    { cadence: 231, label: undefined },
    // A per-leg value that was never doubled is no running cadence.
    { cadence: 86, label: undefined },
    { cadence: Number.NaN, label: undefined },
    { cadence: undefined, label: undefined },
  ])('cadence $cadence → $label', ({ cadence, label }) => {
    expect(tempoLabel({ averageCadenceSpm: cadence })).toEqual(label);
  });
});

describe('energyOfEffort: the one mapping from effort to energy', () => {
  it.each([
    { hrr: 0.5, energy: 0.3 },
    { hrr: 0.9, energy: 0.95 },
    { hrr: 0.7, energy: 0.625 },
    { hrr: 0.2, energy: 0 },
    { hrr: 1.1, energy: 1 },
  ])('HRR $hrr → energy $energy', ({ hrr, energy }) => {
    expect(energyOfEffort(hrr)).toBeCloseTo(energy, 10);
  });

  it('never goes down as effort goes up', () => {
    const efforts = Array.from({ length: 101 }, (_, i) => i / 100);
    const energies = efforts.map(energyOfEffort);
    energies.slice(1).forEach((energy, i) => expect(energy).toBeGreaterThanOrEqual(energies[i]!));
  });
});

describe('heartRateReserveOf', () => {
  it.each([
    { averageHeartRate: 125, hrr: 0.5 },
    { averageHeartRate: 190, hrr: 1 },
    // Above the estimated max: the run itself proves the max is at least this.
    { averageHeartRate: 200, hrr: 1 },
    { averageHeartRate: 79, hrr: undefined },
    { averageHeartRate: undefined, hrr: undefined },
  ])('average $averageHeartRate bpm against rest 60, max 190 → $hrr', ({ averageHeartRate, hrr }) => {
    const result = heartRateReserveOf({ averageHeartRate }, basis);
    if (hrr === undefined) expect(result).toBeUndefined();
    else expect(result).toBeCloseTo(hrr, 10);
  });
});

describe('energyLabel', () => {
  it('takes heart rate when the run recorded it, and says so', () => {
    expect(energyLabel(run(10, { averageHeartRate: 151 }), basis, 20)).toEqual({ value: energyOfEffort(0.7), source: 'heart rate' });
  });

  it('falls back on pace relative to the runner threshold, through the same mapping', () => {
    // 10 km in 50 min is 3.33 m/s: 0.833 of a 4 m/s threshold.
    const label = energyLabel(run(10), basis, 20);
    expect(label?.source).toBe('pace');
    expect(label?.value).toBeCloseTo(energyOfEffort(10_000 / 3000 / 4 + PACE_EFFORT_OFFSET), 10);
  });

  it('has no pace label before the runner has a few runs of their own', () => {
    expect(energyLabel(run(10), basis, MIN_EARLIER_RUNS_FOR_PACE_LABEL - 1)).toBeUndefined();
    expect(energyLabel(run(10), basis, MIN_EARLIER_RUNS_FOR_PACE_LABEL)).toBeDefined();
  });

  it('has none without heart rate, distance or time', () => {
    expect(energyLabel(run(10, { distanceMeters: undefined }), basis, 20)).toBeUndefined();
  });
});

describe('valenceLabel: only from evidence about the music', () => {
  const minutes = (m: number) => m * 60;
  it.each<{ name: string; evidence: MusicEvidence | undefined; label: { value: number; source: string } | undefined }>([
    { name: 'no evidence', evidence: undefined, label: undefined },
    { name: 'nothing played', evidence: { listening: [] }, label: undefined },
    { name: 'the runner rated it', evidence: { rating: { valence: 0.8 } }, label: { value: 0.8, source: 'rating' } },
    {
      name: 'a rating wins over what was played',
      evidence: { rating: { valence: 0.3 }, listening: [{ valence: 0.9, secondsPlayed: minutes(30) }] },
      label: { value: 0.3, source: 'rating' },
    },
    {
      name: 'listening, weighted by time played',
      evidence: { listening: [{ valence: 0.9, secondsPlayed: minutes(30) }, { valence: 0.3, secondsPlayed: minutes(10) }] },
      label: { value: 0.75, source: 'listening' },
    },
    { name: 'too little played', evidence: { listening: [{ valence: 0.9, secondsPlayed: minutes(4) }] }, label: undefined },
  ])('$name', ({ evidence, label }) => {
    const result = valenceLabel(evidence);
    if (!label) expect(result).toBeUndefined();
    else {
      expect(result?.source).toBe(label.source);
      expect(result?.value).toBeCloseTo(label.value, 10);
    }
  });
});

describe('labelsForHistory', () => {
  /** 30 runs, one every other day, with heart rate on the even ones and a 200 bpm max from day 21. */
  function history(): RunFacts[] {
    return Array.from({ length: 30 }, (_, i) => {
      const day = 1 + 2 * i;
      const withHeartRate = i % 2 === 0;
      return run(day, {
        movingTimeSeconds: 2700 + (i % 5) * 150,
        averageCadenceSpm: 164 + (i % 7),
        ...(withHeartRate ? { averageHeartRate: 140 + (i % 4) * 5, maxHeartRate: day >= 21 ? 200 : 180 } : {}),
      });
    });
  }

  it('labels each run with its source: cadence for tempo, heart rate or pace for energy, nothing for valence', () => {
    const labels = labelsForHistory(history());
    const sources = countLabelSources([...labels.values()].map((l) => l.energy));
    expect(countLabelSources([...labels.values()].map((l) => l.tempo))).toEqual({ cadence: 30 });
    expect(sources['heart rate']).toBe(15);
    // The odd runs have no heart rate; the first two of them come before the runner's fifth run.
    expect(sources.pace).toBe(13);
    expect([...labels.values()].every((l) => l.valence === undefined)).toBe(true);
  });

  it("measures heart rate against the runner's max as lib/training-load estimates it from the runs before", () => {
    const runs = history();
    const labels = labelsForHistory(runs);
    for (const target of runs.filter((r) => r.averageHeartRate !== undefined)) {
      const before = loadBasisAt(runs, target.startLocal);
      const hrr = (target.averageHeartRate! - before.restingHeartRate) / (Math.max(before.maxHeartRate, target.averageHeartRate!) - before.restingHeartRate);
      expect(labels.get(target.id)?.energy?.value).toBeCloseTo(energyOfEffort(hrr), 10);
    }
  });

  it('never changes a label because of a later run', () => {
    const runs = history();
    const later = run(90, { averageHeartRate: 150, maxHeartRate: 215, movingTimeSeconds: 2000 });
    const before = labelsForHistory(runs);
    const after = labelsForHistory([later, ...runs].reverse());
    for (const r of runs) expect(after.get(r.id)).toEqual(before.get(r.id));
  });

  it("takes the runner's own settings when they gave them", () => {
    const runs = history();
    const own = labelsForHistory(runs, { loadSettings: { restingHeartRate: 45, maxHeartRate: 185 } });
    const target = runs[20]!;
    expect(own.get(target.id)?.energy?.value).toBeCloseTo(energyOfEffort((target.averageHeartRate! - 45) / (185 - 45)), 10);
  });

  it('reads evidence about the music by run id', () => {
    const runs = history();
    const labels = labelsForHistory(runs, { music: new Map([[runs[3]!.id, { rating: { valence: 0.7 } }]]) });
    expect(labels.get(runs[3]!.id)?.valence).toEqual({ value: 0.7, source: 'rating' });
  });
});

describe.skipIf(!API_HISTORY_FILE || !EXPORT_HISTORY_FILE)('labels of the real histories', () => {
  it('are in range, and pace energy sits where heart rate energy does on runs that have both', async () => {
    const histories = [(await loadApiHistory())!, (await loadExportHistory())!];
    const differences: number[] = [];
    for (const runs of histories) {
      const labels = labelsForHistory(runs);
      for (const runLabels of labels.values()) {
        if (runLabels.tempo) expect(runLabels.tempo.value).toBeGreaterThanOrEqual(120);
        if (runLabels.energy) expect(runLabels.energy.value).toBeGreaterThanOrEqual(0);
        if (runLabels.energy) expect(runLabels.energy.value).toBeLessThanOrEqual(1);
      }
      const tracker = new LoadBasisTracker();
      let earlier = 0;
      for (const group of groupByStart(runs)) {
        const runBasis = tracker.basisOn(localDayNumber(group[0]!.startLocal));
        for (const r of group) {
          const hrr = heartRateReserveOf(r, runBasis);
          const intensity = intensityFactorOf(r, runBasis);
          if (hrr !== undefined && intensity !== undefined && earlier >= MIN_EARLIER_RUNS_FOR_PACE_LABEL) differences.push(hrr - intensity);
        }
        for (const r of group) tracker.add(r);
        earlier += group.length;
      }
    }
    // The documented calibration: HRR = IF − 0.10 on average over the runs with both.
    const meanDifference = differences.reduce((sum, d) => sum + d, 0) / differences.length;
    expect(differences.length).toBeGreaterThan(400);
    expect(meanDifference).toBeCloseTo(PACE_EFFORT_OFFSET, 1);
  });
});
