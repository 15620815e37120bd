import { ManualClock } from './core/clock.js';
import type { PlatformConfig } from './core/service.js';
import { readConfig, USAGE } from './config.js';
import { createPlatform, type Platform } from './platform.js';

function usageError(message: string): never {
  process.stderr.write(`nubis: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function manualClockStart(): number {
  const start = Number(process.env['NUBIS_CLOCK_START_MS']);
  return Number.isSafeInteger(start) && start > 0 ? start : Date.now();
}

async function start(args: string[]): Promise<void> {
  let config: PlatformConfig;
  try {
    config = readConfig(args, process.env);
  } catch (error) {
    usageError((error as Error).message);
  }
  // Signal handlers go in before the ready line: a client may signal as soon as it reads it.
  const running: { platform?: Platform } = {};
  let stopRequested = false;
  const stop = (signal: string) => {
    process.stderr.write(`nubis: ${signal} received, stopping\n`);
    stopRequested = true;
    running.platform?.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('nubis: error while stopping', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));

  // Tests run the process on a clock that only moves through POST /_nubis/clock; nodes that share a
  // database are given one start time (NUBIS_CLOCK_START_MS), or their clocks would disagree.
  const clock = process.env['NUBIS_CLOCK'] === 'manual' ? new ManualClock(manualClockStart()) : undefined;
  const platform = await createPlatform(config, { clock });
  running.platform = platform;
  if (stopRequested) {
    await platform.stop();
    process.exit(0);
  }
  process.stdout.write(`nubis ready on ${platform.url}\n`);
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'start') {
  start(rest).catch((error: unknown) => {
    console.error('nubis: failed to start:', error instanceof Error ? error.message : error);
    process.exit(1);
  });
} else if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
  process.stdout.write(USAGE);
} else {
  usageError(`unknown command: ${command}`);
}
