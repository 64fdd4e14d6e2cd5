import { describe, expect, it } from 'vitest';
import { detailRows } from './detail';

describe('an event detail as rows', () => {
  it('shows plain values as key and value, and nothing for no detail', () => {
    expect(detailRows(null)).toEqual([]);
    expect(detailRows({ kind: 'kiosk', failures: 3, ok: false, none: null })).toEqual([
      { type: 'value', key: 'kind', value: 'kiosk' },
      { type: 'value', key: 'failures', value: '3' },
      { type: 'value', key: 'ok', value: 'false' },
      { type: 'value', key: 'none', value: '' }
    ]);
  });

  it('shows an edit field by field with before and after, fields on one side too', () => {
    expect(
      detailRows({
        before: { title: 'Correo', capacity: 20 },
        after: { title: 'Correo electrónico', room: 'Sala 2' },
        sessionId: 's-1'
      })
    ).toEqual([
      { type: 'change', key: 'title', before: 'Correo', after: 'Correo electrónico' },
      { type: 'change', key: 'capacity', before: '20', after: '' },
      { type: 'change', key: 'room', before: '', after: 'Sala 2' },
      { type: 'value', key: 'sessionId', value: 's-1' }
    ]);
  });

  it('keeps nested values readable as JSON, and before/after that are not objects as values', () => {
    expect(detailRows({ ids: ['a', 'b'], before: 'x', after: 2 })).toEqual([
      { type: 'value', key: 'before', value: 'x' },
      { type: 'value', key: 'after', value: '2' },
      { type: 'value', key: 'ids', value: '["a","b"]' }
    ]);
  });
});
