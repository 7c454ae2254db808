// Renders the PWA icons in public/icons/ from public/favicon.svg with headless Chromium
// (`npm run icons`). The PNGs are committed, so a build needs neither this script nor a browser.
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { chromium } from '@playwright/test';
import { CHROMIUM_PATH, chromiumArgs } from './chromium.ts';

const OUT = 'public/icons';

interface Icon {
  file: string;
  size: number;
  /** Maskable icons are cropped to a circle or squircle by the OS: square corners, full bleed. */
  maskable: boolean;
}

const ICONS: Icon[] = [
  { file: 'icon-192.png', size: 192, maskable: false },
  { file: 'icon-512.png', size: 512, maskable: false },
  { file: 'icon-maskable-512.png', size: 512, maskable: true },
];

function svgFor(icon: Icon, favicon: string): string {
  // The sieve glyph already sits inside the maskable safe zone (the central 80% circle); only the
  // rounded corners would show as a ring of the launcher's background colour.
  return icon.maskable ? favicon.replace(/\brx="[\d.]+"/, 'rx="0"') : favicon;
}

async function main(): Promise<void> {
  const favicon = readFileSync('public/favicon.svg', 'utf8');
  await mkdir(OUT, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: chromiumArgs() });
  try {
    for (const icon of ICONS) {
      const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size } });
      const src = `data:image/svg+xml;base64,${Buffer.from(svgFor(icon, favicon)).toString('base64')}`;
      await page.setContent(
        `<style>html,body{margin:0;background:transparent}img{display:block}</style>` +
          `<img src="${src}" width="${icon.size}" height="${icon.size}">`,
      );
      await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
      await page.screenshot({ path: `${OUT}/${icon.file}`, omitBackground: true });
      await page.close();
      console.log(`${OUT}/${icon.file}`);
    }
  } finally {
    await browser.close();
  }
}

await main();
