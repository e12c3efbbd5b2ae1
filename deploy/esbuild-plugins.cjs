// esbuild plugins for the function bundles (serverless-esbuild `plugins`).
//
// ecr-guard.yml is validated and compiled to JSON once per packaging, with the same code as
// `ecr-guard policy show` (a broken standard fails the package, naming the field), and the
// bundles read that JSON at cold start through lib/standard/load-compiled-standard.ts, which
// replaces load-standard.ts here: no YAML parser in any function.
const { execFileSync } = require('node:child_process');
const { mkdirSync, renameSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const COMPILED = '.build/ecr-guard.json';

module.exports = (serverless) => {
  const root = serverless.serviceDir ?? serverless.config.servicePath;
  let compiled = false;

  function compileStandard() {
    if (compiled) return;
    let json;
    try {
      json = execFileSync(
        process.execPath,
        [
          path.join(root, 'bin/ecr-guard.js'),
          'policy',
          'show',
          '--format',
          'json',
          '--config',
          'ecr-guard.yml',
        ],
        { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
    } catch (error) {
      throw new Error(`ecr-guard.yml is not a valid standard:\n${error.stderr || error.message}`);
    }
    mkdirSync(path.join(root, path.dirname(COMPILED)), { recursive: true });
    // Written whole, then renamed: packagings running side by side never read half a file.
    const target = path.join(root, COMPILED);
    const temporary = `${target}.${process.pid}.tmp`;
    writeFileSync(temporary, json);
    renameSync(temporary, target);
    compiled = true;
  }

  return [
    {
      name: 'ecr-guard-compiled-standard',
      setup(build) {
        build.onStart(() => {
          try {
            compileStandard();
            return undefined;
          } catch (error) {
            return { errors: [{ text: error.message }] };
          }
        });
        build.onResolve({ filter: /(^|\/)load-standard\.ts$/ }, (args) => {
          if (!args.importer.includes(`${path.sep}lib${path.sep}standard${path.sep}`))
            return undefined;
          return { path: path.join(root, 'lib/standard/load-compiled-standard.ts') };
        });
      },
    },
  ];
};
