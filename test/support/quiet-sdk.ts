/** Keeps the Temporal SDK's own log lines at WARN and above in tests (one runtime per test file). */
import { DefaultLogger, Runtime } from '@temporalio/worker';

Runtime.install({ logger: new DefaultLogger('WARN') });
