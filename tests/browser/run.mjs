// run.mjs: the web UI tests.  node run.mjs http://127.0.0.1:PORT
// (scripts/test-browser.sh sets up the rest: see its header).
import { runAll, writeShotIndex } from './lib.mjs';
import './flow.test.mjs';
import './security.test.mjs';
import './pages.test.mjs';
import './hygiene.test.mjs';

// A promise a failed step left behind must not end the run without its summary.
process.on('unhandledRejection', (e) => {
	process.stdout.write(`# (after a failure) ${String(e && e.message || e).split('\n')[0]}\n`);
});

const rc = await runAll();
writeShotIndex();
process.exitCode = rc;
