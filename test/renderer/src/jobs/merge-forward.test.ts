import { describe, expect, it } from 'vitest';
import { mergeForward } from '../../../../renderer/src/jobs/merge-forward';

type Row = { uuid: string; state: 'QUEUED' | 'SENT' | 'OK'; message: string };
const stage = (s: Row['state']) => ({ QUEUED: 0, SENT: 1, OK: 2 })[s];

describe('mergeForward', () => {
  it('keeps a live OK when a late catch-up still says SENT, and accepts equal or later stages', () => {
    const live = new Map<string, Row>([['a', { uuid: 'a', state: 'OK', message: 'done' }]]);
    const merged = mergeForward(
      live,
      [
        { uuid: 'a', state: 'SENT', message: 'stale' },
        { uuid: 'b', state: 'QUEUED', message: '' },
      ],
      stage,
    );
    expect(merged.get('a')).toEqual({ uuid: 'a', state: 'OK', message: 'done' });
    expect(merged.get('b')?.state).toBe('QUEUED');
    expect(
      mergeForward(merged, [{ uuid: 'a', state: 'OK', message: 'again' }], stage).get('a')?.message,
    ).toBe('again');
    expect(live.get('a')?.message).toBe('done'); // the input map is not changed
  });
});
