import { describe, expect, it } from 'vitest';
import { encodeHlc } from './hlc';
import { overwriteNotices, type EditEntry } from './workshop-overwrites';

const entry = (
  id: string,
  actor: string,
  wall: number,
  applied: string[],
  overwritten: string[] = [],
  at = wall
): EditEntry => ({
  id,
  actor,
  at: new Date(at).toISOString(),
  stamp: encodeHlc({ wall, counter: 0, node: actor.replace(':', '-') }),
  applied,
  overwritten
});

const ME = 'staff:ana';

describe('overwriteNotices', () => {
  it('tells of an offline edit that arrived after a later one, and who holds the field', () => {
    const console = entry('e1', 'staff:ana', 2000, ['title']);
    // The desk edited at 1000 while offline; its push arrived at 3000.
    const desk = entry('e2', 'device:desk', 1000, ['room'], ['title'], 3000);
    const notices = overwriteNotices([console, desk], ME);
    expect(notices).toEqual([{ kind: 'lost', field: 'title', entry: desk, by: console }]);
  });

  it('tells the viewer when someone else replaced their edit, not when they did', () => {
    const mine = entry('e1', ME, 1000, ['title', 'room']);
    const again = entry('e2', ME, 2000, ['room']);
    const theirs = entry('e3', 'staff:bea', 3000, ['title']);
    const notices = overwriteNotices([theirs, again, mine], ME);
    expect(notices).toEqual([{ kind: 'replaced', field: 'title', entry: mine, by: theirs }]);
    // Bea sees nothing: her edit holds, and Ana replacing her own room is just editing.
    expect(overwriteNotices([theirs, again, mine], 'staff:bea')).toEqual([]);
  });

  it('lists the newest first', () => {
    const a = entry('a', 'device:d1', 10, [], ['title'], 5000);
    const b = entry('b', 'device:d2', 20, [], ['room'], 6000);
    const holder = entry('h', ME, 100, ['title', 'room']);
    expect(overwriteNotices([a, holder, b], 'staff:x').map((n) => n.entry.id)).toEqual(['b', 'a']);
  });
});
