// How tests and benchmarks launch Chromium here: Debian's build (CHROMIUM_PATH overrides) with
// the flags that keep it off the closed network; `webgpu` enables the software WebGPU adapter.

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumArgs({ webgpu = false } = {}): string[] {
  return [
    '--no-sandbox',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    ...(webgpu ? ['--enable-unsafe-webgpu'] : []),
  ];
}
