import type { LocalText } from './text.js';

// Validation messages in plain Chinese and English. They live with the engine (not the renderer)
// because main and the server return the same messages for the same problems.

export type FieldRule =
  | 'required'
  | 'type'
  | 'minLength'
  | 'maxLength'
  | 'pattern'
  | 'number'
  | 'min'
  | 'max'
  | 'mobile'
  | 'phone'
  | 'idFormat'
  | 'idBirthDate'
  | 'idChecksum'
  | 'datetime'
  | 'notFuture'
  | 'notPast'
  | 'choice'
  | 'cascade'
  | 'code'
  | 'maxFiles'
  | 'fileSize'
  | 'fileType';

export interface FieldIssue {
  field: string;
  rule: FieldRule;
  message: LocalText;
}

const MESSAGES: Record<FieldRule, LocalText> = {
  required: { zh: '此项必填', en: 'This field is required' },
  type: { zh: '内容格式不对', en: 'This value has the wrong format' },
  minLength: { zh: '至少填写 {min} 个字', en: 'Enter at least {min} characters' },
  maxLength: { zh: '最多 {max} 个字', en: 'At most {max} characters' },
  pattern: { zh: '格式不正确', en: 'The format is not right' },
  number: { zh: '请输入数字', en: 'Enter a number' },
  min: { zh: '不能小于 {min}', en: 'Must be at least {min}' },
  max: { zh: '不能大于 {max}', en: 'Must be at most {max}' },
  mobile: { zh: '请输入 11 位手机号码，如 13812345678', en: 'Enter an 11-digit mobile number, e.g. 13812345678' },
  phone: { zh: '请输入手机号码或带区号的固定电话', en: 'Enter a mobile number or a landline with area code' },
  idFormat: { zh: '身份证号码应为 18 位（最后一位可为 X）', en: 'An ID number has 18 characters (the last may be X)' },
  idBirthDate: { zh: '身份证号码中的出生日期不正确', en: 'The date of birth in this ID number is not valid' },
  idChecksum: { zh: '身份证号码校验位不正确，请核对', en: 'The ID number check digit is wrong; please check it' },
  datetime: { zh: '请选择日期和时间', en: 'Choose a date and time' },
  notFuture: { zh: '时间不能晚于现在', en: 'The time cannot be in the future' },
  notPast: { zh: '时间不能早于现在', en: 'The time cannot be in the past' },
  choice: { zh: '请从选项中选择', en: 'Choose one of the options' },
  cascade: { zh: '请选到最后一级', en: 'Choose down to the last level' },
  code: { zh: '请选择有效的投诉编码（选到最后一级）', en: 'Choose a valid complaint code (down to the last level)' },
  maxFiles: { zh: '最多上传 {max} 个附件', en: 'At most {max} attachments' },
  fileSize: { zh: '单个附件不能超过 {max} MB', en: 'Each attachment must be at most {max} MB' },
  fileType: { zh: '不支持此文件类型', en: 'This file type is not allowed' },
};

export function fieldMessage(rule: FieldRule, params: Record<string, string | number> = {}): LocalText {
  const fill = (template: string) => template.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? ''));
  const message = MESSAGES[rule];
  return { zh: fill(message.zh), en: fill(message.en) };
}
