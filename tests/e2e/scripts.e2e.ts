import path from 'node:path';
import { countRows } from '../support/db-snapshot.js';
import { expect, signIn, test } from './fixtures.js';

// No SIP server here: the call is a simulated one (training's SimulatedLine), which the script
// panel follows through the same Line interface as a real call.
test('the script follows a simulated call, a risk point blocks until acknowledged, and the compliance record shows in the call history', async ({ page, bench }) => {
  await page.goto(bench.host.url);
  await signIn(page, '1001');
  await expect(page.getByTestId('sync-state')).toHaveText('在线');

  await page.getByRole('button', { name: '培训模式' }).click();
  const bar = page.getByRole('region', { name: '培训控制' });
  await bar.getByLabel('培训场景').selectOption({ label: '[高级] 虚假欠费·情绪激动的投诉' });
  // An agent practising gets no trainer controls.
  await expect(bar.getByRole('button', { name: '重置' })).toHaveCount(0);
  await expect(bar.getByRole('button', { name: '演示视图' })).toHaveCount(0);
  await bar.getByRole('button', { name: '开始（来电）' }).click();
  const work = page.getByRole('region', { name: '话术与工单' }).getByRole('tabpanel');
  await expect(work).toHaveText('来电振铃中…');
  await bar.getByRole('button', { name: '接听' }).click();

  // Answering shows the greeting with the agent's number filled in, and the scenario search.
  await expect(work.getByText('您好，很高兴为您服务，我是1001号客服代表，请问有什么可以帮您？')).toBeVisible();
  await expect(page.getByLabel('搜索服务场景')).toBeFocused();
  await page.keyboard.type('xjqf');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: '开场问候' })).toBeVisible();
  await page.screenshot({ path: 'docs/screenshots/script-panel.png' });

  await page.keyboard.press('Enter');
  const soothe = page.getByRole('region', { name: '倾听与致歉' });
  await expect(soothe).toContainText('关键点');
  await expect(soothe).toContainText('易错点');
  await page.keyboard.press('1');
  await expect(soothe.getByText('已说')).toBeVisible();
  await page.keyboard.press('Enter');

  // 核实身份与开户信息 carries a risk point: no branch can be taken before it is acknowledged.
  const verify = page.getByRole('region', { name: '核实身份与开户信息' });
  await expect(verify).toContainText('风险点');
  await page.keyboard.press('a');
  await expect(work.getByRole('alert')).toHaveText('请先确认风险点（按 R），再进入下一步。');
  await expect(page.getByRole('list', { name: '话术步骤' }).getByRole('button', { name: /核实身份与开户信息/ })).toHaveAttribute('aria-current', 'step');
  await page.screenshot({ path: 'docs/screenshots/script-risk-blocked.png' });
  await verify.getByRole('button', { name: '确认风险点 (R)' }).click();
  await expect(verify).toContainText('风险点已确认');
  await page.keyboard.press('a'); // 疑似冒名开户
  const escalate = page.getByRole('region', { name: '升级核查' });
  await expect(escalate).toBeVisible();
  await expect(bar.getByRole('list', { name: '通话内容' })).toContainText('肯定是有人拿我的身份证办的');

  await page.keyboard.press('Enter');
  await expect(work.getByRole('alert')).toBeVisible();
  await page.keyboard.press('r');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: '结果确认' })).toBeVisible();

  // Hanging up with the closing still open asks once for a reason.
  await bar.getByRole('button', { name: '挂机' }).click();
  const prompt = page.getByRole('dialog', { name: '还有必选步骤未完成' });
  await expect(prompt).toContainText('结果确认');
  await expect(prompt).toContainText('结束语');
  await prompt.getByLabel('未完成原因').fill('客户情绪激动，主动挂机');
  await prompt.getByRole('button', { name: '保存原因' }).click();
  await expect(work.getByRole('status')).toHaveText('通话结束，合规记录已保存。');
  await page.getByRole('dialog', { name: '评分卡' }).getByRole('button', { name: '关闭评分卡' }).click();

  // The call history shows the record: masked number, steps, branch, risk times, the reason.
  await page.getByRole('tab', { name: '通话记录' }).click();
  const history = page.getByRole('list', { name: '通话记录与合规' });
  const entry = history.getByRole('listitem').first();
  await expect(entry).toContainText('189****4321');
  await expect(entry).toContainText('虚假欠费投诉');
  await expect(entry).toContainText('风险确认 2');
  await entry.locator('summary').click();
  await expect(entry).toContainText('核实身份与开户信息：疑似冒名开户');
  await expect(entry).toContainText('开场问候 → 倾听与致歉 → 核实身份与开户信息 → 升级核查');
  await expect(entry).toContainText('结束语（原因：客户情绪激动，主动挂机）');
  await page.screenshot({ path: 'docs/screenshots/call-history.png' });

  // Stored with the call and queued for sync (in this sandbox, which never syncs).
  const sandbox = path.join(bench.dataDir, 'profile', 'training-1001.db');
  expect(countRows(sandbox, "SELECT COUNT(*) AS n FROM outbox WHERE collection = 'calls' AND op = 'create'")).toBe(1);

  // The same caller again: the script is suggested from their history.
  await page.getByRole('tab', { name: '话术' }).click();
  await bar.getByRole('button', { name: '开始（来电）' }).click();
  await bar.getByRole('button', { name: '接听' }).click();
  await expect(work.getByText('根据来电历史推荐')).toBeVisible();
  await expect(page.getByRole('region', { name: '开场问候' })).toBeVisible();
});
