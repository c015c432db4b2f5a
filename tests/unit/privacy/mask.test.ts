import { describe, expect, it } from 'vitest';
import { maskAddress, maskBankCard, maskDeep, maskIdNumber, maskPhone, maskText } from '../../../src-shared/privacy/mask.js';

// The one masking policy, as a table: what the agent sees for each form a number is written in.
// Expected values are written out by hand from the policy in src-shared/privacy/mask.ts.
const CASES: [name: string, mask: (value: string) => string, input: string, shown: string][] = [
  ['mobile', maskPhone, '13812345678', '138****5678'],
  ['mobile with spaces', maskPhone, '138 1234 5678', '138****5678'],
  ['mobile with dashes', maskPhone, '138-1234-5678', '138****5678'],
  ['mobile +86', maskPhone, '+8613812341234', '+86 138****1234'],
  ['mobile +86 spaced', maskPhone, '+86 138 1234 1234', '+86 138****1234'],
  ['mobile 0086', maskPhone, '008613812341234', '+86 138****1234'],
  ['mobile 86', maskPhone, '8613812341234', '+86 138****1234'],
  ['mobile 19x', maskPhone, '19912345678', '199****5678'],
  ['landline 4-digit area, 7 local', maskPhone, '0571-1234567', '0571-****567'],
  ['landline 4-digit area, 8 local', maskPhone, '0571 87654321', '0571-****4321'],
  ['landline Beijing spaced', maskPhone, '010 12345678', '010-****5678'],
  ['landline Chongqing compact', maskPhone, '02361234567', '023-****4567'],
  ['landline in brackets', maskPhone, '(020)12345678', '020-****5678'],
  ['landline too short local part', maskPhone, '0571234567', '******4567'],
  ['service number 10000', maskPhone, '10000', '10000'],
  ['service number 10086', maskPhone, '10086', '10086'],
  ['service number 110', maskPhone, '110', '110'],
  ['service number 95588', maskPhone, '95588', '95588'],
  ['400 hotline', maskPhone, '400-810-0000', '4008100000'],
  ['local number without area code', maskPhone, '87654321', '****4321'],
  ['foreign number', maskPhone, '+442079460000', '+********0000'],
  ['ID 18 digits', maskIdNumber, '110101199003071234', '110***********1234'],
  ['ID 18 with X', maskIdNumber, '11010119900307123x', '110***********123X'],
  ['ID 15 digits', maskIdNumber, '110101900307123', '110********7123'],
  ['bank card 16', maskBankCard, '6222021234567890', '6222 **** **** 7890'],
  ['bank card 19 grouped', maskBankCard, '6222 0212 3456 7890 123', '6222 **** **** ***0 123'],
  ['address with province', maskAddress, '浙江省杭州市西湖区文三路90号', '浙江省杭州市西湖区****'],
  ['address municipality', maskAddress, '北京市朝阳区建国路88号院3号楼', '北京市朝阳区****'],
  ['address new district', maskAddress, '上海市浦东新区世纪大道100号', '上海市浦东新区****'],
  ['address district only', maskAddress, '渝北区龙湖时代天街3栋1202', '渝北区****'],
  ['address county', maskAddress, '云南省大理白族自治州宾川县金牛镇', '云南省大理白族自治州宾川县****'],
  ['address with no district', maskAddress, '文三路90号', '****'],
  ['text: mobile', maskText, '客户来电 13812345678 反映断网', '客户来电 138****5678 反映断网'],
  ['text: mobile between Han', maskText, '回拨号码13812345678。', '回拨号码138****5678。'],
  ['text: +86', maskText, '号码 +8613812341234', '号码 +86 138****1234'],
  ['text: landline', maskText, '座机0571-1234567，晚上打', '座机0571-****567，晚上打'],
  ['text: landline Beijing', maskText, '010 12345678', '010-****5678'],
  ['text: bare 10 digits', maskText, '号码0571234567', '号码******4567'],
  ['text: 10000 stays', maskText, '请拨打10000咨询', '请拨打10000咨询'],
  ['text: ID', maskText, '身份证110101199003071234', '身份证110***********1234'],
  ['text: ID with x', maskText, '证件 11010119900307123x 已核验', '证件 110***********123X 已核验'],
  ['text: bank card grouped', maskText, '卡号 6222 0212 3456 7890', '卡号 6222 **** **** 7890'],
  ['text: house numbers', maskText, '地址是渝北区龙湖时代天街3栋1202', '地址是渝北区龙湖时代天街*栋****'],
  ['text: revs and times stay', maskText, 'rev 42 at 2026-12-03T09:12:41Z', 'rev 42 at 2026-12-03T09:12:41Z'],
  ['text: uuid stays', maskText, '01938f2c-7b3a-7000-8000-123456789012', '01938f2c-7b3a-7000-8000-123456789012'],
];

describe('one masking policy', () => {
  it.each(CASES)('%s: %s', (_name, mask, input, shown) => {
    expect(mask(input)).toBe(shown);
  });

  it('hides at least 4 digits of every masked value above', () => {
    for (const [name, , input, shown] of CASES) {
      const digits = input.replace(/\D/g, '');
      if (input.replace(/\D/g, '') === shown.replace(/\D/g, '') || digits.length < 7) continue;
      const kept = shown.replace(/\D/g, '');
      expect(kept, name).not.toContain(digits);
      expect(kept.length, name).toBeLessThanOrEqual(digits.length - 4);
    }
  });

  it('masks structured values by field kind, and by text where the kind is unknown', () => {
    const kinds: Record<string, 'phone' | 'idNumber' | 'address'> = { customerPhone: 'phone', idNumber: 'idNumber', address: 'address' };
    expect(
      maskDeep({ customerPhone: '13812345678', idNumber: '110101199003071234', address: '浙江省杭州市西湖区文三路90号', note: '另留 13987654321', rev: 12 }, (key) => kinds[key]),
    ).toEqual({ customerPhone: '138****5678', idNumber: '110***********1234', address: '浙江省杭州市西湖区****', note: '另留 139****4321', rev: 12 });
  });
});
