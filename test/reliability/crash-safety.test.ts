import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tmpDir } from '../helpers/app.js';
import { crashRound } from './crash.js';

const dirs: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of dirs) await c();
});

describe('crash safety (SIGKILL mid-write)', () => {
  // `npm run soak` repeats this over ten or more kill points.
  it.each([150, 400, 900])('loses no acknowledged write when killed %i ms into a write storm', async (killAfterMs) => {
    const { dir, cleanup } = await tmpDir();
    dirs.push(cleanup);
    const db = join(dir, 'db.json');
    const first = await crashRound(db, killAfterMs);
    expect(first.acknowledged).toBeGreaterThan(0);
    expect(first.lost).toEqual([]);
    // A second crash on the recovered file: state accumulates, nothing acknowledged is lost.
    const second = await crashRound(db, killAfterMs / 2);
    expect(second.lost).toEqual([]);
    expect(second.recovered).toBeGreaterThanOrEqual(first.acknowledged + second.acknowledged);
  });
});
