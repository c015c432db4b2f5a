import path from 'node:path';
import { countRows, openSqliteFile } from '../support/db-snapshot.js';
import { chooseAgentState, expect, signInAgent, test } from './softphone-fixtures.js';

const CUSTOMER = '13812341234';

/** Makes the profile store refuse writes to the call log, as a full or failing disk would, from outside the workstation. */
function breakCallLog(file: string, broken: boolean): void {
  const db = openSqliteFile(file);
  try {
    db.exec('DROP TRIGGER IF EXISTS test_calls_insert; DROP TRIGGER IF EXISTS test_calls_update;');
    if (broken) {
      db.exec(`CREATE TRIGGER test_calls_insert BEFORE INSERT ON calls BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END;
               CREATE TRIGGER test_calls_update BEFORE UPDATE ON calls BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END;`);
    }
  } finally {
    db.close();
  }
}

test('a call record the profile store refuses is shown to the agent, kept, and saved by 重试保存 once the store works again', async ({ page, phone }) => {
  const profile = path.join(phone.profileDir, 'agent-1001.db');
  await signInAgent(page, phone.host, '1001');
  await chooseAgentState(page, '就绪');
  const customer = await phone.openPeer(CUSTOMER);
  await customer.call('1001');
  await page.getByRole('button', { name: '接听', exact: true }).click();
  await expect(page.getByTestId('agent-state')).toHaveText('通话中');
  // The record written on connect is in the file before the store breaks.
  await expect.poll(() => countRows(profile, 'SELECT COUNT(*) AS n FROM calls WHERE number = ? AND end_at IS NULL', CUSTOMER)).toBe(1);

  breakCallLog(profile, true);
  await page.getByRole('button', { name: '挂断', exact: true }).click();
  const notice = page.getByTestId('unsaved-calls');
  await expect(notice).toContainText('通话记录未能保存');
  await expect(notice).toContainText('（1 通，138****1234）：');
  await expect(notice).toContainText('操作失败，请稍后重试。');
  await page.screenshot({ path: 'test-results/e2e/softphone-unsaved-call.png' });
  expect(countRows(profile, 'SELECT COUNT(*) AS n FROM calls WHERE number = ? AND end_at IS NOT NULL', CUSTOMER)).toBe(0);

  breakCallLog(profile, false);
  await notice.getByRole('button', { name: '重试保存' }).click();
  await expect(notice).toHaveCount(0);
  expect(countRows(profile, "SELECT COUNT(*) AS n FROM calls WHERE number = ? AND end_at IS NOT NULL AND disposition = 'answered'", CUSTOMER)).toBe(1);
  await expect(page.getByTestId('kpi-calls')).toHaveText('1');
});
