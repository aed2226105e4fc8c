import { describe, expect, it } from 'vitest';
import {
  fetchDeezerBpm,
  fetchReccoBeatsFeatures,
  FeatureServiceDown,
  lookUpTrackFeatures,
  RECCOBEATS_BATCH_SIZE,
  spotifyIdFromHref,
} from '@/lib/music-features';
import { RequestCounter } from '@/lib/spotify';
import {
  createFakeMusicServices,
  deezerQuotaExceeded,
  FAKE_CATALOGUE,
  fakeMusicFetch,
  serviceUnavailable,
  spotifyTooManyRequests,
  type FakeMusicOptions,
  type FakeTrack,
} from '../fixtures/spotify';
import { caught } from '../caught';

const RECCOBEATS = 'api.reccobeats.com';
const DEEZER = 'api.deezer.com';

function setUp(options: FakeMusicOptions = {}) {
  let now = Date.UTC(2026, 10, 25, 8, 0);
  const slept: number[] = [];
  const services = createFakeMusicServices({ now: () => now, ...options });
  const { fetch, requests } = fakeMusicFetch(services);
  const counter = new RequestCounter();
  const client = {
    fetch,
    counter,
    now: () => now,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
  };
  return { services, client, requests, slept, counter, now: () => now, to: (host: string) => requests.filter((request) => request.url.host === host) };
}


const ids = (tracks: readonly FakeTrack[]) => tracks.map((track) => track.id);

describe('ReccoBeats', () => {
  it('maps features back to Spotify ids by href, leaving unknown ids out', async () => {
    const world = setUp();
    const tracks = FAKE_CATALOGUE.slice(0, 12);
    const features = await fetchReccoBeatsFeatures(ids(tracks), world.client);
    for (const track of tracks) {
      if (track.inReccoBeats) expect(features.get(track.id)).toEqual({ tempo: track.tempo, energy: track.energy, valence: track.valence, source: 'reccobeats' });
      else expect(features.has(track.id)).toBe(false);
    }
    expect(features.size).toBe(tracks.filter((track) => track.inReccoBeats).length);
  });

  it.each([
    { count: 1, batches: [1] },
    { count: 40, batches: [40] },
    { count: 61, batches: [40, 21] },
  ])('asks for $count ids in batches of at most 40', async ({ count, batches }) => {
    const world = setUp();
    const asked = ids(FAKE_CATALOGUE.slice(0, count));
    // Duplicates and ids that are not Spotify ids are not sent.
    await fetchReccoBeatsFeatures([...asked, asked[0]!, 'not-an-id'], world.client);
    const sent = world.to(RECCOBEATS).map((request) => request.url.searchParams.get('ids')!.split(','));
    expect(sent.map((batch) => batch.length)).toEqual(batches);
    expect(sent.flat()).toEqual(asked);
    expect(Math.max(...sent.map((batch) => batch.length))).toBeLessThanOrEqual(RECCOBEATS_BATCH_SIZE);
    expect(world.counter.of('reccobeats')).toBe(batches.length);
  });

  it.each([
    ['https://open.spotify.com/track/0RunSoundFakeTrack0001', '0RunSoundFakeTrack0001'],
    ['https://open.spotify.com/track/0RunSoundFakeTrack0001?si=abc', '0RunSoundFakeTrack0001'],
    ['https://open.spotify.com/album/0RunSoundFakeTrack0001', undefined],
    ['https://example.com/track/0RunSoundFakeTrack0001', undefined],
  ])('reads the Spotify id in %s', (href, id) => {
    expect(spotifyIdFromHref(href)).toBe(id);
  });

  it('waits for Retry-After after a 429, then reads the answer', async () => {
    const world = setUp();
    world.services.once({ host: RECCOBEATS }, spotifyTooManyRequests(2));
    const features = await fetchReccoBeatsFeatures([FAKE_CATALOGUE[0]!.id], world.client);
    expect(features.get(FAKE_CATALOGUE[0]!.id)?.tempo).toBe(FAKE_CATALOGUE[0]!.tempo);
    expect(world.slept).toEqual([2000]);
  });

  it.each([
    { case: 'down', outcome: serviceUnavailable(), words: /HTTP 503/ },
    { case: 'unreachable', outcome: 'network-error' as const, words: /no answer/ },
    { case: 'answering in another shape', outcome: { status: 200, contentType: 'application/json', body: '{"data":[]}' }, words: /unknown shape, content/ },
  ])('reports ReccoBeats $case, with what the earlier batches found', async ({ outcome, words }) => {
    const world = setUp();
    const asked = ids(FAKE_CATALOGUE.slice(0, 50));
    // The first batch is answered, the second fails.
    world.services.once({ host: RECCOBEATS }, world.services.answer({ url: `https://${RECCOBEATS}/v1/audio-features?ids=${asked.slice(0, 40).join(',')}` })!);
    world.services.once({ host: RECCOBEATS }, outcome);
    const error = await caught(fetchReccoBeatsFeatures(asked, world.client));
    expect(error).toBeInstanceOf(FeatureServiceDown);
    expect(error.message).toMatch(/^ReccoBeats/);
    expect((error as FeatureServiceDown).detail).toMatch(words);
    expect((error as FeatureServiceDown).partial.size).toBe(FAKE_CATALOGUE.slice(0, 40).filter((track) => track.inReccoBeats).length);
  });
});

describe('Deezer', () => {
  const withBpm = FAKE_CATALOGUE.find((track) => track.isrc && track.deezerBpm)!;
  const bpmZero = FAKE_CATALOGUE.find((track) => track.isrc && track.deezerBpm === 0)!;
  const unknown = FAKE_CATALOGUE.find((track) => track.isrc && track.deezerBpm === undefined)!;

  it.each([
    { case: 'a known tempo', isrc: withBpm.isrc!, bpm: withBpm.deezerBpm, requests: 1 },
    { case: 'bpm 0 (unknown tempo)', isrc: bpmZero.isrc!, bpm: undefined, requests: 1 },
    { case: 'a track Deezer does not have (error 800)', isrc: unknown.isrc!, bpm: undefined, requests: 1 },
    { case: 'a malformed ISRC, without asking', isrc: 'not an isrc', bpm: undefined, requests: 0 },
  ])('reads $case', async ({ isrc, bpm, requests }) => {
    const world = setUp();
    expect(await fetchDeezerBpm(isrc, world.client)).toBe(bpm);
    expect(world.to(DEEZER)).toHaveLength(requests);
  });

  it('waits and asks again when Deezer throttles with HTTP 200 and error code 4', async () => {
    const world = setUp();
    world.services.once({ host: DEEZER }, deezerQuotaExceeded());
    expect(await fetchDeezerBpm(withBpm.isrc!, world.client)).toBe(withBpm.deezerBpm);
    expect(world.slept).toEqual([5000]);
    expect(world.counter.of('deezer')).toBe(2);
  });

  it('does not wait out a Retry-After of a day: Deezer is left for later, and says when', async () => {
    const world = setUp();
    world.services.once({ host: DEEZER }, { status: 429, contentType: 'application/json', body: '{}', headers: { 'retry-after': '86400' } });
    const error = await caught(fetchDeezerBpm(withBpm.isrc!, world.client));
    expect(error).toBeInstanceOf(FeatureServiceDown);
    expect(world.slept).toEqual([]);
    expect((error as FeatureServiceDown).retryAt).toBe(world.now() + 86_400_000);
  });

  it.each([
    { case: 'keeps throttling', outcomes: [deezerQuotaExceeded(), deezerQuotaExceeded(), deezerQuotaExceeded()], words: /too many requests/ },
    { case: 'is down', outcomes: [serviceUnavailable()], words: /HTTP 503/ },
  ])('reports Deezer when it $case', async ({ outcomes, words }) => {
    const world = setUp();
    for (const outcome of outcomes) world.services.once({ host: DEEZER }, outcome);
    const error = await caught(fetchDeezerBpm(withBpm.isrc!, world.client));
    expect(error).toBeInstanceOf(FeatureServiceDown);
    expect((error as FeatureServiceDown).detail).toMatch(words);
  });
});

describe('lookUpTrackFeatures', () => {
  const pool = FAKE_CATALOGUE.slice(0, 30).map((track) => ({ id: track.id, ...(track.isrc ? { isrc: track.isrc } : {}) }));

  it('takes ReccoBeats first and Deezer’s BPM for the tracks ReccoBeats does not know', async () => {
    const world = setUp();
    const { features, servicesDown } = await lookUpTrackFeatures(pool, { ...world.client, maxDeezerLookups: 30 });
    expect(servicesDown).toEqual([]);
    for (const track of FAKE_CATALOGUE.slice(0, 30)) {
      const found = features.get(track.id);
      if (track.inReccoBeats) expect(found).toEqual({ tempo: track.tempo, energy: track.energy, valence: track.valence, source: 'reccobeats' });
      else if (track.isrc && track.deezerBpm) expect(found).toEqual({ tempo: track.deezerBpm, source: 'deezer' });
      else expect(found).toBeUndefined();
    }
    // Deezer only for tracks ReccoBeats lacks, and only those with an ISRC.
    expect(world.to(DEEZER)).toHaveLength(FAKE_CATALOGUE.slice(0, 30).filter((track) => !track.inReccoBeats && track.isrc).length);
  });

  it('falls back to Deezer, within its budget, when ReccoBeats is down, and says so', async () => {
    const world = setUp({ reccoBeatsDown: true });
    const { features, servicesDown } = await lookUpTrackFeatures(pool, { ...world.client, maxDeezerLookups: 5 });
    expect(servicesDown.map((down) => down.service)).toEqual(['ReccoBeats']);
    expect(world.to(DEEZER)).toHaveLength(5);
    expect([...features.values()].every((found) => found.source === 'deezer' && found.energy === undefined)).toBe(true);
    expect(world.counter.total).toBe(6);
  });

  it('gives what it has when both services are down', async () => {
    const world = setUp({ reccoBeatsDown: true, deezerDown: true });
    const { features, servicesDown } = await lookUpTrackFeatures(pool, world.client);
    expect(features.size).toBe(0);
    expect(servicesDown.map((down) => down.service)).toEqual(['ReccoBeats', 'Deezer']);
    expect(world.to(DEEZER)).toHaveLength(1);
  });
});
