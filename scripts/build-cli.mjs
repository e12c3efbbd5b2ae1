// Compiles the CLI (cli/main.ts and what it imports) with esbuild into .build/cli/, for
// bin/ecr-guard.js: run by `npm ci` / `npm install` (the `prepare` script), and again by the
// bin itself whenever a source it was built from changed since. Nothing of it is committed
// (.build/ is ignored).
//
// Split into chunks: `ecr-guard --help` loads the entry (the usage texts) and nothing else;
// each command's code, and the AWS SDK clients it uses, load when it runs. Every file name
// carries its content's hash and the manifest (written last, atomically) names the entry:
// a CLI starting while another rebuilds never reads a half-written file.
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_DIR = join(ROOT, '.build/cli');
export const MANIFEST = join(OUT_DIR, 'manifest.json');
const LOCK = join(ROOT, '.build/cli.lock');
/** A lock older than this was left by a build that died. */
const STALE_LOCK_MS = 60_000;

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Holds .build/cli.lock while `work` runs: one build at a time across processes. */
async function withLock(work) {
  mkdirSync(dirname(LOCK), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS)
          rmSync(LOCK, { recursive: true, force: true });
      } catch {
        // released meanwhile
      }
      await sleep(50);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/**
 * Builds the CLI unless `isFresh()` says (once the lock is held) that another process just did.
 *
 * @param {{ isFresh?: () => boolean }} [options]
 */
export async function buildCli(options = {}) {
  return withLock(async () => {
    if (options.isFresh?.() === true) return;
    const { build } = await import('esbuild');
    const startedAt = Date.now();
    const result = await build({
      absWorkingDir: ROOT,
      entryPoints: { 'ecr-guard': 'cli/main.ts' },
      outdir: OUT_DIR,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // The AWS SDK's ES modules, so that what a command does not use is left out.
      mainFields: ['module', 'main'],
      entryNames: '[name]-[hash]',
      chunkNames: 'chunks/[name]-[hash]',
      outExtension: { '.js': '.mjs' },
      // CommonJS dependencies bundled into ES modules still call require().
      banner: {
        js: "import { createRequire as __ecrGuardRequire } from 'node:module'; const require = __ecrGuardRequire(import.meta.url);",
      },
      metafile: true,
      logLevel: 'warning',
    });
    const outputs = Object.keys(result.metafile.outputs).map((path) =>
      relative(OUT_DIR, join(ROOT, path)),
    );
    const entry = Object.entries(result.metafile.outputs).find(
      ([, output]) => output.entryPoint === 'cli/main.ts',
    );
    if (entry === undefined) throw new Error('esbuild wrote no entry for cli/main.ts');
    // What to compare against next time: the project's own sources, and the lockfile for the rest.
    const sources = Object.keys(result.metafile.inputs)
      .filter((path) => !path.includes('node_modules/'))
      .concat(['package-lock.json', 'scripts/build-cli.mjs']);
    const temporary = `${MANIFEST}.${process.pid}.tmp`;
    writeFileSync(
      temporary,
      JSON.stringify({
        entry: relative(OUT_DIR, join(ROOT, entry[0])),
        builtAt: startedAt,
        sources,
      }),
    );
    renameSync(temporary, MANIFEST);
    // Files of earlier builds (a running CLI may still read them for a moment: keep recent ones).
    const keep = new Set([...outputs, 'manifest.json']);
    for (const file of readdirSync(OUT_DIR, { recursive: true })) {
      const path = join(OUT_DIR, String(file));
      if (keep.has(String(file)) || statSync(path).isDirectory()) continue;
      if (Date.now() - statSync(path).mtimeMs > STALE_LOCK_MS) rmSync(path, { force: true });
    }
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    await buildCli();
  } catch (error) {
    // An install without dev dependencies has no esbuild: the bin then runs the TypeScript
    // through tsx (slower to start), which is no reason to fail the install.
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    process.stderr.write(
      `ecr-guard: the CLI is not compiled (${error.message}); it will run through tsx\n`,
    );
  }
}
