import { describe, expect, it } from 'vitest';
import { parseDialLink } from '../../../src-shared/softphone/dial-string.js';

// Links as they arrive from handbook articles, e-mails and the OS; the expected outcome is written
// out by hand for each, from what a centre's dial plan means (not from the parser).
describe('dial links from outside the app', () => {
  it.each([
    ['tel:10000', '10000'],
    ['tel:138-0013-8000', '13800138000'],
    ['tel:+86-138-0013-8000', '13800138000'],
    ['tel:0086%20138%200013%208000', '13800138000'],
    ['tel:(0571)8765-4321;phone-context=cn', '057187654321'],
    ['tel://10010', '10010'],
  ])('%s dials %s after confirmation', (link, target) => {
    expect(parseDialLink(link)).toEqual({ ok: true, target, kind: 'number' });
  });

  it('keeps SIP URIs intact, sips: included', () => {
    expect(parseDialLink('sip:2001@pbx.example.cn')).toEqual({ ok: true, target: 'sip:2001@pbx.example.cn', kind: 'sip' });
    expect(parseDialLink('sips:2001@pbx.example.cn')).toEqual({ ok: true, target: 'sips:2001@pbx.example.cn', kind: 'sip' });
    expect(parseDialLink('sips:2001@pbx.example.cn:5061;transport=tls')).toEqual({ ok: true, target: 'sips:2001@pbx.example.cn:5061;transport=tls', kind: 'sip' });
    expect(parseDialLink('SIP:queue.billing@pbx.example.cn')).toMatchObject({ ok: true, target: 'SIP:queue.billing@pbx.example.cn' });
  });

  it.each(['tel:*21*13800138000%23', 'tel:*21*13800138000#', 'tel:%2321%23', 'tel:#31#10000', 'tel:*72', 'sip:*21*1380013800%23@pbx.example.cn'])(
    'refuses the feature code %s by default',
    (link) => {
      expect(parseDialLink(link)).toEqual({ ok: false, reason: 'featureCode' });
    },
  );

  it.each(['tel:+44 20 7946 0000', 'tel:+1-900-555-0100', 'tel:00882161234567', 'sip:+882161234567@pbx.example.cn'])('refuses the international number %s by default', (link) => {
    expect(parseDialLink(link)).toEqual({ ok: false, reason: 'international' });
  });

  it('dials feature codes and international numbers when the centre allows them', () => {
    const open = { allowFeatureCodes: true, allowInternational: true };
    expect(parseDialLink('tel:*21*13800138000%23', open)).toEqual({ ok: true, target: '*21*13800138000#', kind: 'number' });
    expect(parseDialLink('tel:+44 20 7946 0000', open)).toEqual({ ok: true, target: '+442079460000', kind: 'number' });
    expect(parseDialLink('tel:+44 20 7946 0000', { allowFeatureCodes: true, allowInternational: false })).toEqual({ ok: false, reason: 'international' });
  });

  it.each(['tel:', 'tel:;rm -rf /', 'tel:12', 'tel:abc', 'sip:nobody', 'sip:a@b c', 'http://evil.example/', 'tel:%E0%A4%A', 'javascript:alert(1)'])('refuses the malformed %s', (link) => {
    expect(parseDialLink(link)).toEqual({ ok: false, reason: 'malformed' });
  });
});
