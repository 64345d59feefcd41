// Playwright for the views harness (npx playwright test -c e2e/views/harness/playwright.config.ts
// after building it with vite build -c e2e/views/harness/vite.config.ts).
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '*.harness.ts',
  outputDir: '../../../test-results/views-harness',
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    baseURL: 'http://127.0.0.1:4183/',
    viewport: { width: 1440, height: 1000 },
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] },
  },
  webServer: {
    command: 'npx vite preview -c e2e/views/harness/vite.config.ts --host 127.0.0.1 --port 4183 --strictPort --outDir /tmp/irqscope-views-harness',
    cwd: '../../..',
    url: 'http://127.0.0.1:4183/',
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
