import { describe, expect, it } from 'vitest';
import { maskPhoneNumber } from '../../../src-shared/domain/calls.js';
import { numberVariants } from '../../../src-main/services/calls/recent-tickets.js';

describe('caller numbers', () => {
  it('masks a mobile number like 138****1234 and leaves short service numbers alone', () => {
    expect(maskPhoneNumber('13812341234')).toBe('138****1234');
    expect(maskPhoneNumber('10000')).toBe('10000');
    expect(maskPhoneNumber('02112345678')).toBe('021****5678');
  });

  it('matches a caller presented with +86 to tickets stored without it', () => {
    expect(numberVariants('+8613812341234')).toContain('13812341234');
    expect(numberVariants('13812341234')).toContain('+8613812341234');
  });
});
