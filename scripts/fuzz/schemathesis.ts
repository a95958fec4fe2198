/** Provisioning of schemathesis (the property-based API fuzzer) from PyPI into a venv under the git-ignored `.tools/`. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { TOOLS_DIR } from '../tools';

/** The schemathesis release the fuzz run is written against. */
export const SCHEMATHESIS_VERSION = '4.32.5';

/** Path of the `schemathesis` executable, installing it (with Python's venv and pip) when missing. */
export function ensureSchemathesis(): string {
  const venv = path.join(TOOLS_DIR, 'schemathesis', SCHEMATHESIS_VERSION);
  const bin = path.join(venv, 'bin', 'schemathesis');
  if (fs.existsSync(bin)) return bin;
  const python = process.env.PYTHON ?? 'python3';
  process.stderr.write(
    `[fuzz] installing schemathesis ${SCHEMATHESIS_VERSION} from PyPI into ${path.relative(process.cwd(), venv)} (once)\n`,
  );
  const run = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { stdio: 'inherit' });
    if (r.status !== 0)
      throw new Error(
        `${cmd} ${args.join(' ')} failed (exit ${r.status}); needs Python 3.10+ with venv (apt-get install python3-venv)`,
      );
  };
  fs.rmSync(venv, { recursive: true, force: true });
  run(python, ['-m', 'venv', venv]);
  run(path.join(venv, 'bin', 'pip'), [
    'install',
    '--quiet',
    '--disable-pip-version-check',
    `schemathesis==${SCHEMATHESIS_VERSION}`,
  ]);
  return bin;
}
