/**
 * Provisioning of the outside tools the product runs with, into the git-ignored `.tools/` folder:
 * the Temporal CLI (dev server), the Java Temporal test server (time skipping), Debian packages.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The project root. */
export const ROOT = path.resolve(__dirname, '..');
/** Where provisioned tools live. */
export const TOOLS_DIR = path.join(ROOT, '.tools');
const BIN = path.join(TOOLS_DIR, 'bin');

/** The Temporal CLI release that `go install` accepts (later ones carry a `replace` directive). */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';
/** The Java test server (time skipping) from Maven Central. */
export const TEST_SERVER_ARTIFACT = { groupId: 'io.temporal', artifactId: 'temporal-test-server', version: '1.38.0' };

function log(message: string): void {
  process.stderr.write(`[tools] ${message}\n`);
}

function onPath(command: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() || null : null;
}

function executable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Path of the Temporal CLI: `TEMPORAL_CLI`, a `temporal` on PATH, or `.tools/bin/temporal` (built with Go when missing). */
export function ensureTemporalCli(): string {
  const given = process.env.TEMPORAL_CLI;
  if (given) {
    if (!executable(given)) throw new Error(`TEMPORAL_CLI=${given} is not an executable file`);
    return given;
  }
  const found = onPath('temporal');
  if (found) return found;
  const local = path.join(BIN, 'temporal');
  if (executable(local)) return local;
  const go = onPath('go');
  if (!go) {
    throw new Error(
      'The Temporal CLI is missing and Go is not installed to build it. Install Go (https://go.dev/dl) or put a `temporal` binary on PATH / in TEMPORAL_CLI.',
    );
  }
  log(`building the Temporal CLI (${TEMPORAL_CLI_MODULE}) into .tools/bin — a few minutes, once`);
  fs.mkdirSync(BIN, { recursive: true });
  const r = spawnSync(go, ['install', TEMPORAL_CLI_MODULE], { stdio: 'inherit', env: { ...process.env, GOBIN: BIN } });
  if (r.status !== 0 || !executable(local))
    throw new Error(`go install ${TEMPORAL_CLI_MODULE} failed (exit ${r.status})`);
  return local;
}

/**
 * Path of an executable that starts the Java Temporal test server (`<port> --enable-time-skipping`),
 * fetching its jars from Maven Central into `.tools/` when missing.
 */
export function ensureTestServer(): string {
  const wrapper = path.join(BIN, 'temporal-test-server');
  const libDir = path.join(TOOLS_DIR, 'temporal-test-server', TEST_SERVER_ARTIFACT.version);
  const archive = path.join(libDir, 'classes.jsa');
  const jar = path.join(libDir, `temporal-test-server-${TEST_SERVER_ARTIFACT.version}.jar`);
  if (executable(wrapper) && fs.existsSync(jar) && fs.existsSync(archive)) return wrapper;
  const java = onPath('java');
  if (!java) throw new Error('The Java Temporal test server needs Java 11+ and Maven (mvn) on PATH.');
  if (!fs.existsSync(jar)) fetchTestServer(libDir);
  writeClassArchive(java, libDir, archive);
  fs.mkdirSync(BIN, { recursive: true });
  // The class-data archive makes the JVM start about three times sooner (the SDK gives the server 5 s);
  // `-Xshare:auto` ignores an archive the JVM cannot use.
  fs.writeFileSync(
    wrapper,
    `#!/bin/sh\nexec "${java}" -Xshare:auto -XX:SharedArchiveFile="${archive}" -XX:TieredStopAtLevel=1 -cp "${libDir}/*" io.temporal.testserver.TestServer "$@"\n`,
    { mode: 0o755 },
  );
  return wrapper;
}

/** Fetches the test server's jars from Maven Central into `libDir`. */
function fetchTestServer(libDir: string): void {
  const mvn = onPath('mvn');
  if (!mvn) throw new Error('The Java Temporal test server needs Java 11+ and Maven (mvn) on PATH.');
  log(
    `fetching ${TEST_SERVER_ARTIFACT.groupId}:${TEST_SERVER_ARTIFACT.artifactId}:${TEST_SERVER_ARTIFACT.version} from Maven Central`,
  );
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tts-'));
  const { groupId, artifactId, version } = TEST_SERVER_ARTIFACT;
  fs.writeFileSync(
    path.join(work, 'pom.xml'),
    `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>local.tools</groupId><artifactId>temporal-test-server-deps</artifactId><version>1</version>
<dependencies><dependency><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId><version>${version}</version></dependency></dependencies>
</project>`,
  );
  execFileSync(
    mvn,
    ['-q', '-B', 'dependency:copy-dependencies', `-DoutputDirectory=${libDir}`, '-DincludeScope=runtime'],
    { cwd: work, stdio: 'inherit' },
  );
  fs.rmSync(work, { recursive: true, force: true });
}

/**
 * Records the classes the test server loads into a class-data-sharing archive: the server is started
 * once with `-XX:ArchiveClassesAtExit`, waited for on a free port, and stopped (the JVM writes the
 * archive as it exits). Without the archive everything still works, only slower.
 */
function writeClassArchive(java: string, libDir: string, archive: string): void {
  log("recording the test server's class-data archive (once)");
  const port = 20000 + Math.floor(Math.random() * 20000);
  const script = `"${java}" -XX:ArchiveClassesAtExit="${archive}" -cp "${libDir}/*" io.temporal.testserver.TestServer ${port} --enable-time-skipping >/dev/null 2>&1 &
pid=$!
for i in $(seq 1 600); do (echo > /dev/tcp/127.0.0.1/${port}) 2>/dev/null && break; sleep 0.1; done
sleep 1
kill -TERM $pid
wait $pid`;
  spawnSync('bash', ['-c', script], { stdio: 'ignore' });
  if (!fs.existsSync(archive)) log('no class-data archive was written; the test server starts without it');
}

/** The folder of PostgreSQL's server programs (initdb, pg_ctl), if installed. */
export function postgresBinDir(): string | null {
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return null;
  const versions = fs
    .readdirSync(base)
    .filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(base, versions[0], 'bin') : null;
}

/** Installs Debian packages that are missing (as root with apt-get); returns those still missing. */
export function ensureDebianPackages(packages: string[]): string[] {
  const missing = packages.filter((p) => spawnSync('dpkg', ['-s', p], { stdio: 'ignore' }).status !== 0);
  if (missing.length === 0) return [];
  if (process.getuid?.() !== 0 || !onPath('apt-get')) return missing;
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let r = spawnSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
  if (r.status !== 0) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    r = spawnSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
  }
  return missing.filter((p) => spawnSync('dpkg', ['-s', p], { stdio: 'ignore' }).status !== 0);
}

if (require.main === module) {
  // `tsx scripts/tools.ts [temporal] [test-server] [packages]` provisions what it is asked (all by default).
  const want = new Set(process.argv.slice(2).length ? process.argv.slice(2) : ['temporal', 'test-server', 'packages']);
  if (want.has('packages')) {
    const left = ensureDebianPackages([
      'postgresql',
      'softhsm2',
      'opensc',
      'fonts-noto-cjk',
      'poppler-utils',
      'chromium',
    ]);
    if (left.length) log(`not installed (need root and apt-get): ${left.join(' ')}`);
  }
  if (want.has('temporal')) log(`Temporal CLI: ${ensureTemporalCli()}`);
  if (want.has('test-server')) log(`Java test server: ${ensureTestServer()}`);
}
