import { describe, expect, it } from 'vitest';
import { commonPersonalKeys, maskConflict } from '../../../src-main/services/sync/issue-masking.js';
import type { ConflictView } from '../../../src-shared/ipc/sync.js';

const text = (value: string) => ({ zh: value, en: value });

describe('a conflict as the renderer gets it', () => {
  it('masks a contested value by the last key of its path (patches name form fields as fields.<id>), keeping its label and texts', () => {
    const conflict: ConflictView = {
      mutationId: 'm',
      collection: 'tickets',
      entityId: 't',
      op: 'update',
      serverRev: 2,
      fields: [
        { field: 'fields.customerPhone', mine: '13812341234', theirs: '13900001111', label: text('联系电话'), mineText: text('138****1234'), theirsText: text('139****1111') },
        { field: 'customerPhone', mine: '13812341234', theirs: '13900001111', label: text('联系电话'), mineText: text('138****1234'), theirsText: text('139****1111') },
        { field: 'fields.homeAddress', mine: '重庆市渝中区解放碑路一巷', theirs: '重庆市江北区观音桥步行街', label: text('家庭住址'), mineText: text('重庆市渝中区****'), theirsText: text('重庆市江北区****') },
      ],
      uncontested: {},
      serverValue: null,
      createdAt: '2026-12-03T00:00:00.000Z',
      detectedAt: '2026-12-03T00:00:00.000Z',
      subject: null,
    };
    // The form marks homeAddress personal (an address): nothing in free-text masking would catch it.
    const shown = maskConflict(conflict, (key) => (key === 'homeAddress' ? 'address' : commonPersonalKeys(key)));
    for (const field of shown.fields.slice(0, 2)) {
      expect(field).toMatchObject({ mine: '138****1234', theirs: '139****1111', label: text('联系电话'), mineText: text('138****1234') });
    }
    expect(shown.fields[2]).toMatchObject({ mine: '重庆市渝中区****', theirs: '重庆市江北区****', label: text('家庭住址') });
    expect(JSON.stringify(shown)).not.toMatch(/13812341234|13900001111|解放碑|观音桥/);
  });
});
