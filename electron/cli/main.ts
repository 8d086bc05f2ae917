import { runWithInterruptGuard } from './interrupt';
import { nodeCliIo } from './node-io';
import { runCli } from './run';

// Entry point of `npm run cli -- …` and of the `wapt-console` bin. Uses electron/core only.
const io = nodeCliIo();
const code = await runWithInterruptGuard(() => runCli(process.argv.slice(2), io), io);
process.exitCode = code;
// Commands that start servers keep the event loop alive themselves; everything else ends here.
