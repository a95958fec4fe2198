/**
 * Builds the web console (web/src) into web/dist with esbuild: one ES-module entry split per screen by
 * dynamic import(), JavaScript for Chrome 87 (the 360 / QQ "dual-core" browsers), and web/index.html
 * with the entry and its static chunks. Production names files by content hash (served as immutable)
 * and writes a gzip copy beside each; development keeps the entry's name and rebuilds on change.
 * `tsx scripts/build-console.ts [--dev] [--watch]`.
 */
import esbuild, { type BuildOptions, type Metafile } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** The project root. */
const ROOT = path.resolve(__dirname, '..');
/** Where the console's sources are. */
export const WEB_DIR = path.join(ROOT, 'web');
/** Where the built console goes (the API serves it from here under /console/). */
export const CONSOLE_DIST = path.join(WEB_DIR, 'dist');
/** Where the scripts and chunks go, inside the dist folder (URL /console/assets/). */
const ASSETS = path.join(CONSOLE_DIST, 'assets');
/** Browsers the JavaScript must run in. */
export const CONSOLE_TARGETS = ['chrome87', 'edge88', 'firefox78'];

/** How to build. */
export interface ConsoleBuildOptions {
  mode: 'production' | 'development';
  /** Rebuild on every change of the sources (development). */
  watch?: boolean;
  /** Where progress is told (default stderr). */
  log?: (line: string) => void;
}

/** A finished build, or a watching one to stop. */
export interface ConsoleBuild {
  /** The entry script's URL path, e.g. `/console/assets/main-AB12CD34.js`. */
  entry: string;
  stop(): Promise<void>;
}

function esbuildOptions(mode: ConsoleBuildOptions['mode']): BuildOptions & { metafile: true } {
  const production = mode === 'production';
  return {
    absWorkingDir: ROOT,
    entryPoints: { main: path.join(WEB_DIR, 'src', 'main.tsx') },
    outdir: ASSETS,
    publicPath: '/console/assets',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: CONSOLE_TARGETS,
    jsx: 'automatic',
    minify: production,
    sourcemap: production ? false : 'linked',
    entryNames: production ? '[name]-[hash]' : '[name]',
    chunkNames: '[name]-[hash]',
    charset: 'utf8',
    legalComments: production ? 'linked' : 'inline',
    define: { 'process.env.NODE_ENV': JSON.stringify(mode) },
    tsconfig: path.join(WEB_DIR, 'tsconfig.json'),
    metafile: true,
    logLevel: 'silent',
  };
}

/** The entry's output file and the chunks it imports statically (preloaded by index.html). */
function entryOf(metafile: Metafile): { entry: string; preload: string[] } {
  const outputs = Object.entries(metafile.outputs);
  // The main entry (each lazily loaded screen is an entry point of the metafile too).
  const main = path
    .relative(ROOT, path.join(WEB_DIR, 'src', 'main.tsx'))
    .split(path.sep)
    .join('/');
  const [entryFile, entryOutput] = outputs.find(([, o]) => o.entryPoint === main)!;
  const url = (file: string) =>
    `/console/assets/${path.relative(ASSETS, path.resolve(ROOT, file)).split(path.sep).join('/')}`;
  const preload = entryOutput.imports
    .filter((i) => i.kind === 'import-statement' && !i.external)
    .map((i) => url(i.path));
  return { entry: url(entryFile), preload };
}

/** Writes index.html from web/index.html with the entry script and its preloads. */
function writeIndex(metafile: Metafile): string {
  const { entry, preload } = entryOf(metafile);
  const template = fs.readFileSync(path.join(WEB_DIR, 'index.html'), 'utf8');
  const tags = [
    ...preload.map((p) => `<link rel="modulepreload" href="${p}">`),
    `<script type="module" src="${entry}"></script>`,
  ].join('\n    ');
  fs.writeFileSync(path.join(CONSOLE_DIST, 'index.html'), template.replace('<!-- console scripts -->', tags));
  return entry;
}

/** Writes `<file>.gz` beside each script, for @fastify/static's preCompressed serving. */
function gzipScripts(metafile: Metafile): void {
  for (const file of Object.keys(metafile.outputs)) {
    if (!file.endsWith('.js')) continue;
    const full = path.resolve(ROOT, file);
    fs.writeFileSync(`${full}.gz`, zlib.gzipSync(fs.readFileSync(full), { level: 9 }));
  }
}

/** Builds the console once, or (`watch`) builds and keeps rebuilding until stopped. */
export async function buildConsole(options: ConsoleBuildOptions): Promise<ConsoleBuild> {
  const log = options.log ?? ((line: string) => process.stderr.write(`[console] ${line}\n`));
  fs.rmSync(CONSOLE_DIST, { recursive: true, force: true });
  fs.mkdirSync(ASSETS, { recursive: true });
  const started = Date.now();
  if (!options.watch) {
    const result = await esbuild.build(esbuildOptions(options.mode));
    if (options.mode === 'production') gzipScripts(result.metafile);
    const entry = writeIndex(result.metafile);
    log(`built ${options.mode} in ${Date.now() - started} ms → ${path.relative(ROOT, CONSOLE_DIST)}`);
    return { entry, stop: async () => undefined };
  }
  let entry = '';
  let builds = 0;
  let firstBuildDone: () => void = () => undefined;
  const firstBuild = new Promise<void>((resolve) => (firstBuildDone = resolve));
  const context = await esbuild.context({
    ...esbuildOptions(options.mode),
    plugins: [
      {
        name: 'console-index',
        setup(build) {
          build.onEnd((result) => {
            if (result.errors.length) {
              const messages = esbuild.formatMessagesSync(result.errors, { kind: 'error', color: false });
              log(`build failed:\n${messages.join('\n')}`);
            } else if (result.metafile) {
              entry = writeIndex(result.metafile);
              log(builds++ === 0 ? `built ${options.mode} in ${Date.now() - started} ms` : 'rebuilt');
            }
            firstBuildDone();
          });
        },
      },
    ],
  });
  // Watching starts with a build; it is done once index.html is written.
  await context.watch();
  await firstBuild;
  log('watching web/src for changes');
  return { entry, stop: () => context.dispose() };
}

if (require.main === module) {
  const args = new Set(process.argv.slice(2));
  const watch = args.has('--watch');
  buildConsole({ mode: args.has('--dev') || watch ? 'development' : 'production', watch }).then(
    (build) => {
      if (watch) process.once('SIGINT', () => void build.stop().then(() => process.exit(0)));
    },
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
