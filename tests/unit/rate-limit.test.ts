import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '@/lib/rate-limit';

const MINUTE = 60_000;

function limiterAt(start = 0) {
  const clock = { now: start };
  const limiter = createRateLimiter<'generate' | 'plan'>(
    { generate: [{ max: 3, perMs: MINUTE }, { max: 5, perMs: 60 * MINUTE }], plan: [{ max: 2, perMs: MINUTE }] },
    () => clock.now,
  );
  return { limiter, clock };
}

describe('createRateLimiter', () => {
  it('lets requests through up to the limit, then refuses them until the window has passed', () => {
    const { limiter, clock } = limiterAt();
    expect([1, 2, 3, 4].map(() => limiter.take('generate'))).toEqual([true, true, true, false]);
    clock.now = MINUTE - 1;
    expect(limiter.take('generate')).toBe(false);
    clock.now = MINUTE;
    expect(limiter.take('generate')).toBe(true);
  });

  it('holds every window: the hourly limit refuses even when the last minute was quiet', () => {
    const { limiter, clock } = limiterAt();
    const taken: boolean[] = [];
    for (let minute = 0; minute < 8; minute++) {
      clock.now = minute * MINUTE;
      taken.push(limiter.take('generate'));
    }
    expect(taken).toEqual([true, true, true, true, true, false, false, false]);
    clock.now = 60 * MINUTE;
    expect(limiter.take('generate')).toBe(true);
  });

  it('counts each key on its own', () => {
    const { limiter } = limiterAt();
    expect([limiter.take('plan'), limiter.take('plan'), limiter.take('plan')]).toEqual([true, true, false]);
    expect(limiter.take('generate')).toBe(true);
  });

  it('does not count refused requests, so a flood does not keep the runner out once it stops', () => {
    const { limiter, clock } = limiterAt();
    limiter.take('plan');
    limiter.take('plan');
    for (let second = 1; second < 60; second++) {
      clock.now = second * 1000;
      expect(limiter.take('plan')).toBe(false);
    }
    clock.now = MINUTE;
    expect(limiter.take('plan')).toBe(true);
  });

  it('refuses a key that has no limit: what is not listed is not let through', () => {
    const limiter = createRateLimiter<'plan' | 'other'>({ plan: [{ max: 1, perMs: MINUTE }] });
    expect(limiter.take('other')).toBe(false);
  });
});
