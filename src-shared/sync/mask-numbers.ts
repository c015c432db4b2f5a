/**
 * Customer phone and ID numbers are masked by default everywhere in the UI; also inside free text
 * the sync problems list shows for a collection no feature describes. The unmasked digits are
 * enough to tell two values apart.
 */
export const maskPersonalNumbers = (text: string) =>
  text.replace(/\b(\d{6})\d{8}(\d{3}[\dXx])\b/g, '$1********$2').replace(/\b(1\d{2})\d{4}(\d{4})\b/g, '$1****$2');
