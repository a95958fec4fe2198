/**
 * The Temporal server itself (frontend, history, matching and internal-worker services) and its SQL
 * schema tool, built from the Go module registry into `.tools/temporal-server/<version>/` once, with the
 * PostgreSQL schemas the module ships.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { TOOLS_DIR } from '../tools';

/** The server release that builds with this machine's Go (v1.32 needs a newer one). */
export const TEMPORAL_SERVER_VERSION = '1.29.1';
const MODULE = 'go.temporal.io/server';

/** Paths of the provisioned server. */
export interface TemporalServerTools {
  /** `temporal-server` (the `cmd/server` binary). */
  server: string;
  /** `temporal-sql-tool` (the `cmd/tools/sql` binary). */
  sqlTool: string;
  /** `schema/postgresql/v12` of the module: `temporal/versioned` and `visibility/versioned`. */
  schemaDir: string;
}

function executable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Builds the server and the schema tool when missing (a few minutes, once); answers their paths. */
export function ensureTemporalServer(
  log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): TemporalServerTools {
  const home = path.join(TOOLS_DIR, 'temporal-server', TEMPORAL_SERVER_VERSION);
  const bin = path.join(home, 'bin');
  const tools = {
    server: path.join(bin, 'server'),
    sqlTool: path.join(bin, 'sql'),
    schemaDir: path.join(home, 'schema'),
  };
  if (executable(tools.server) && executable(tools.sqlTool) && fs.existsSync(tools.schemaDir)) return tools;
  const go = spawnSync('sh', ['-c', 'command -v go'], { encoding: 'utf8' }).stdout.trim();
  if (!go) throw new Error('Building the Temporal server needs Go (https://go.dev/dl) on PATH.');
  const started = Date.now();
  log(`[cluster] building the Temporal server ${TEMPORAL_SERVER_VERSION} and its SQL tool into .tools/ (once)`);
  fs.mkdirSync(bin, { recursive: true });
  const packages = [
    `${MODULE}/cmd/server@v${TEMPORAL_SERVER_VERSION}`,
    `${MODULE}/cmd/tools/sql@v${TEMPORAL_SERVER_VERSION}`,
  ];
  const built = spawnSync(go, ['install', ...packages], { stdio: 'inherit', env: { ...process.env, GOBIN: bin } });
  if (built.status !== 0) throw new Error(`go install ${packages.join(' ')} failed (exit ${built.status})`);
  const modCache = spawnSync(go, ['env', 'GOMODCACHE'], { encoding: 'utf8' }).stdout.trim();
  const shipped = path.join(modCache, `${MODULE}@v${TEMPORAL_SERVER_VERSION}`, 'schema', 'postgresql', 'v12');
  fs.cpSync(shipped, tools.schemaDir, { recursive: true });
  // The module cache is read-only; the copy must not be, so that `.tools/` can be deleted.
  spawnSync('chmod', ['-R', 'u+w', tools.schemaDir]);
  log(`[cluster] built in ${Math.round((Date.now() - started) / 1000)} s`);
  return tools;
}
