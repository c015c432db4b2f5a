import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, signIn, test } from './fixtures.js';
import { REPO_ROOT } from '../support/processes.js';

// Hostile content in the agent's screen, in browser mode: links to other sites, dial links with
// feature codes, and files that are not what a ticket may carry.

/** Puts a link into the workspace as an article or ticket would show it, and clicks it. */
async function clickLink(page: Page, href: string, text: string) {
  await page.evaluate(
    ({ href, text }) => {
      const link = document.createElement('a');
      link.href = href;
      link.textContent = text;
      document.querySelector('main, #root')!.prepend(link);
    },
    { href, text },
  );
  await page.getByRole('link', { name: text }).click();
}

/**
 * Signs in on a fresh profile. The seed centre names no SIP server, so the CSP has no new host to
 * let in and the page does not reload (with a proxy configured it reloads once, to get a CSP that
 * lets it reach that server).
 */
async function signInFresh(page: Page) {
  await signIn(page);
  await expect(page.getByText('张敏 · 1001')).toBeVisible();
}

/** Another site on loopback (another port is another origin): no traffic leaves the machine. */
async function otherSite(): Promise<{ url: string; server: Server }> {
  const server = createServer((_request, response) => response.end('<title>help</title>帮助'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/help.html`, server };
}

test('an external link opens in a new tab without a way back to the workstation, which stays where it was', async ({ page, bench }) => {
  const site = await otherSite();
  await page.goto(bench.host.url);
  await signInFresh(page);
  const before = page.url();
  const popup = page.waitForEvent('popup');
  await clickLink(page, site.url, '外部帮助');
  const tab = await popup;
  await tab.waitForLoadState();
  expect(tab.url()).toBe(site.url);
  expect(await tab.evaluate(() => window.opener)).toBeNull();
  expect(page.url()).toBe(before);
  await expect(page.getByText('张敏 · 1001')).toBeVisible();
  site.server.close();
});

test('a tel: link asks before dialling; a call-forwarding code and an international number are refused', async ({ page, bench }) => {
  await page.goto(bench.host.url);
  await signInFresh(page);

  await clickLink(page, 'tel:*21*13800138000%23', '设置呼叫转移');
  const prompt = page.getByRole('alertdialog', { name: '拨打链接中的号码' });
  await expect(prompt).toContainText('中心不允许从链接拨打功能码');
  await expect(prompt.getByRole('button', { name: '拨打' })).toHaveCount(0);
  await prompt.getByRole('button', { name: '知道了' }).click();
  await expect(prompt).toHaveCount(0);

  await clickLink(page, 'tel:+44 20 7946 0000', '英国号码');
  await expect(prompt).toContainText('中心不允许从链接拨打国际号码');
  await page.keyboard.press('Escape');

  await clickLink(page, 'tel:+86-10000', '客服热线');
  await expect(prompt.getByTestId('dial-link-target')).toHaveText('+8610000');
  await expect(prompt.getByRole('button', { name: '拨打' })).toBeFocused();
  await page.screenshot({ path: 'test-results/dial-link-prompt.png' });
  await page.keyboard.press('Escape');
  await expect(prompt).toHaveCount(0);
  await expect(page.getByTestId('agent-state')).not.toHaveText('通话中');
});

test('a ticket refuses a program renamed as a photo and a file over 5 MB before reading it, and says why', async ({ page, bench }) => {
  await page.goto(bench.host.url);
  await signInFresh(page);
  await page.getByRole('group', { name: '新建工单' }).getByRole('button', { name: '咨询' }).click();
  const files = page.getByLabel('附件 添加附件');
  const program = readFileSync(path.join(REPO_ROOT, 'tests/fixtures/attachments/setup.exe'));
  await files.setInputFiles([
    { name: '光猫照片.jpg', mimeType: 'image/jpeg', buffer: program },
    { name: '现场视频.png', mimeType: 'image/png', buffer: Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(7 * 1024 * 1024)]) },
    { name: '账单.pdf', mimeType: 'application/pdf', buffer: readFileSync(path.join(REPO_ROOT, 'tests/fixtures/attachments/bill.pdf')) },
  ]);
  const refusals = page.getByTestId('file-refusals');
  await expect(refusals).toContainText('光猫照片.jpg: 不能作为附件');
  await expect(refusals).toContainText('现场视频.png: 文件太大');
  await expect(page.getByText('账单.pdf')).toBeVisible();
  await page.screenshot({ path: 'test-results/attachment-refusals.png' });
  // The host is still there: the workspace answers.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('button', { name: '中文' })).toBeVisible();
});
