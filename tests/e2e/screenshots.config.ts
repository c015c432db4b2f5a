import { defineConfig } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import e2e from './playwright.config.js';

// `npm run screenshots`: the specs that take README's pictures, writing them into docs/screenshots.
const here = path.dirname(fileURLToPath(import.meta.url));
const specsWithReadmePictures = readdirSync(here).filter((file) => file.endsWith('.e2e.ts') && readFileSync(path.join(here, file), 'utf8').includes('readmeScreenshot('));

export default defineConfig({
  ...e2e,
  testMatch: specsWithReadmePictures,
  outputDir: '../../test-results/screenshots-run',
  metadata: { ...e2e.metadata, readmeScreenshotsDir: path.resolve(here, '../../docs/screenshots') },
});
