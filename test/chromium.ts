/**
 * How every test, benchmark and screenshot script starts Debian's Chromium: no browser
 * download here, and without the background-networking flags Chromium keeps dialling hosts
 * this machine cannot reach.
 */
export const CHROMIUM_LAUNCH_OPTIONS = {
  executablePath: process.env.KLING_CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};
