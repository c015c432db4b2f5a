import { test, type Page } from '@playwright/test';
import path from 'node:path';

// README's pictures (docs/screenshots) change only when someone asks for it: `npm run screenshots`
// runs the specs that take them with screenshots.config.ts, which names that folder. Every other
// run writes them under test-results/ (to look at, never committed), so running e2e leaves the
// checkout as it was.
export async function readmeScreenshot(page: Page, name: string): Promise<void> {
  const info = test.info();
  const dir = (info.config.metadata as { readmeScreenshotsDir?: string }).readmeScreenshotsDir ?? path.join(info.project.outputDir, 'screenshots');
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}
