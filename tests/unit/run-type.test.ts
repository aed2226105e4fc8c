import { describe, expect, it } from 'vitest';
import { runTypeFromName } from '@/lib/run-type';

describe('runTypeFromName', () => {
  it.each([
    ['6x800', 'interval'],
    ['10 x 400m @ track', 'interval'],
    ['5×1k reps', 'interval'],
    ['Intervals on the hill', 'interval'],
    ['Fractionné 30/30', 'interval'],
    ['Intervalle am Abend', 'interval'],
    ['Séance VMA', 'interval'],
    ['Tempo Tuesday', 'tempo'],
    ['Threshold run', 'tempo'],
    ['Schwellenlauf', 'tempo'],
    ['Sortie au seuil', 'tempo'],
    ['Easy shakeout', 'recovery'],
    ['Recovery jog', 'recovery'],
    ['Récupération', 'recovery'],
    ['Easy 10k', 'easy'],
    ['Footing du matin', 'easy'],
    ['Lockerer Lauf: locker', 'easy'],
    ['Sunday Long Run', 'long'],
    ['Sortie longue', 'long'],
    ['Saturday parkrun', 'race'],
    ['Berlin Marathon', 'race'],
    ['Half-marathon race', 'race'],
    ['New PB!', 'race'],
    ['Steady aerobic miles', 'steady'],
    ['Morning Run', undefined],
    ['Lunch Run', undefined],
    ['Longview Park loop', undefined],
    ['Embracing the rain', undefined],
    ['2024 in review', undefined],
  ] as const)('%j → %s', (name, type) => {
    expect(runTypeFromName(name)).toBe(type);
  });
});
