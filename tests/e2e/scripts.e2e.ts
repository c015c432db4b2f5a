import path from 'node:path';
import { countRows } from '../support/db-snapshot.js';
import { chooseAgentState, expect, signInAgent, test } from './softphone-fixtures.js';
import { readmeScreenshot } from './readme-screenshot.js';

const CUSTOMER = '18996054321';

// A real call: a customer's sip.js phone calls the agent through Kamailio. The script panel
// follows the softphone's SipLine, and the compliance record lands on the call's own row.
test('on a real call the script follows from ring to hang-up, a risk point blocks until acknowledged, and the compliance record is stored with the call and shown in the call history', async ({ page, phone }) => {
  test.setTimeout(90_000);
  await signInAgent(page, phone.host, '1001');
  await chooseAgentState(page, '就绪');
  const customer = await phone.openPeer(CUSTOMER);
  await customer.call('1001');

  const work = page.getByRole('region', { name: '话术与工单' }).getByRole('tabpanel');
  await expect(page.getByTestId('ringing-bar')).toHaveText('来电：189****4321');
  await expect(work).toHaveText('来电振铃中…');
  await page.keyboard.press('Alt+A');
  await expect(page.getByTestId('agent-state')).toHaveText('通话中');

  // Answering shows the greeting with the agent's number filled in, and the scenario search.
  await expect(work.getByText('您好，很高兴为您服务，我是1001号客服代表，请问有什么可以帮您？')).toBeVisible();
  await expect(page.getByLabel('搜索服务场景')).toBeFocused();
  await page.keyboard.type('xjqf');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: '开场问候' })).toBeVisible();
  await readmeScreenshot(page, 'script-panel');

  await page.keyboard.press('Enter');
  const soothe = page.getByRole('region', { name: '倾听与致歉' });
  await expect(soothe).toContainText('关键点');
  await page.keyboard.press('1');
  await expect(soothe.getByText('已说')).toBeVisible();
  await page.keyboard.press('Enter');

  // 核实身份与开户信息 carries a risk point: no branch can be taken before it is acknowledged.
  const verify = page.getByRole('region', { name: '核实身份与开户信息' });
  await expect(verify).toContainText('风险点');
  await page.keyboard.press('a');
  await expect(work.getByRole('alert')).toHaveText('请先确认风险点（按 R），再进入下一步。');
  await expect(page.getByRole('list', { name: '话术步骤' }).getByRole('button', { name: /核实身份与开户信息/ })).toHaveAttribute('aria-current', 'step');
  await readmeScreenshot(page, 'script-risk-blocked');
  await page.keyboard.press('r');
  await expect(verify).toContainText('风险点已确认');
  await page.keyboard.press('a'); // 疑似冒名开户
  await expect(page.getByRole('region', { name: '升级核查' })).toBeVisible();

  // The script's ticket link opens the real complaint form for this call, pre-filled.
  await page.keyboard.press('t');
  const form = page.getByRole('form', { name: '投诉 · 草稿' });
  await expect(form.getByLabel('联系电话', { exact: true })).toHaveValue(CUSTOMER);
  await expect(form.getByLabel('标题', { exact: true })).toHaveValue('虚假欠费投诉');
  await expect(form.getByLabel('优先级')).toHaveValue('high');
  await expect(form.getByText(/关联来电 /)).toBeVisible();

  // Hanging up with required steps still open asks once for a reason.
  await page.getByRole('region', { name: '升级核查' }).click();
  await page.keyboard.press('Alt+H');
  await expect.poll(() => customer.state()).toBe('Terminated');
  const prompt = page.getByRole('dialog', { name: '还有必选步骤未完成' });
  await expect(prompt).toContainText('结果确认');
  await expect(prompt).toContainText('结束语');
  await prompt.getByLabel('未完成原因').fill('客户要求先核查，稍后回电');
  await prompt.getByRole('button', { name: '保存原因' }).click();
  await expect(work.getByRole('status')).toHaveText('通话结束，合规记录已保存。');

  // The call history shows the call (direction, masked number, outcome, talk time) and its record: steps, branch, the risk acknowledgment with its time, the reason.
  await page.getByRole('tab', { name: '通话记录' }).click();
  const entry = page.getByRole('list', { name: '通话记录与合规' }).getByRole('listitem').first();
  await expect(entry).toContainText('189****4321');
  await expect(entry).toContainText(/呼入\s*189\*\*\*\*4321\s*已接\s*\d+:\d\d/);
  await expect(entry).toContainText('虚假欠费投诉');
  await expect(entry).toContainText('风险确认 1');
  await entry.locator('summary').click();
  await expect(entry).toContainText('核实身份与开户信息：疑似冒名开户');
  await expect(entry).toContainText(/核实身份与开户信息 @ \d\d:\d\d:\d\d/);
  await expect(entry).toContainText('结束语（原因：客户要求先核查，稍后回电）');
  await readmeScreenshot(page, 'call-history');

  // Stored on the real call's row in the profile store, and synced: nothing waits, nothing was refused.
  const profile = path.join(phone.profileDir, 'agent-1001.db');
  expect(countRows(profile, "SELECT COUNT(*) AS n FROM calls WHERE number = ? AND json_extract(script_compliance, '$.riskAcknowledgments[0].stepId') = 'verify'", CUSTOMER)).toBe(1);
  await expect(page.getByTestId('sync-pending')).toHaveText('0', { timeout: 15_000 });
  expect(countRows(profile, 'SELECT COUNT(*) AS n FROM sync_dead_letters')).toBe(0);
});
