#!/usr/bin/env node
// The CLI, compiled by esbuild into .build/cli/ when the package is installed (`npm ci` runs
// the `prepare` script, scripts/build-cli.mjs), so that it starts without compiling TypeScript.
// A source changed since (a working copy) is rebuilt first; without esbuild (an install without
// dev dependencies) a stale build is used as it is, and without any build, tsx compiles the
// TypeScript on the fly, as before.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The AWS SDK's notice that it will need Node 22 from 2027 (nine lines on every command) is
// for whoever maintains ecr-guard (package.json engines), not for its users.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const root = new URL('../', import.meta.url);
const manifestUrl = new URL('.build/cli/manifest.json', root);

/** The compiled entry, when it was built from the sources as they are now. */
function freshEntry() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestUrl, 'utf8'));
  } catch {
    return undefined;
  }
  for (const source of manifest.sources) {
    try {
      if (statSync(new URL(source, root)).mtimeMs > manifest.builtAt) return undefined;
    } catch {
      return undefined;
    }
  }
  return new URL(`.build/cli/${manifest.entry}`, root);
}

function anyEntry() {
  try {
    return new URL(`.build/cli/${JSON.parse(readFileSync(manifestUrl, 'utf8')).entry}`, root);
  } catch {
    return undefined;
  }
}

let entry = freshEntry();
if (entry === undefined) {
  try {
    const { buildCli } = await import('../scripts/build-cli.mjs');
    await buildCli({ isFresh: () => freshEntry() !== undefined });
    entry = freshEntry();
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    entry = anyEntry();
  }
}
let main;
if (entry !== undefined) {
  ({ main } = await import(entry.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(fileURLToPath(new URL('../cli/main.ts', import.meta.url))));
}
process.exitCode = await main(process.argv.slice(2));
