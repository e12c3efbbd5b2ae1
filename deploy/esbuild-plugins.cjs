// esbuild plugins for the function bundles (serverless-esbuild `plugins`).
//
// The standard (custom.standardFile, ecr-guard.yml unless --param="standard=FILE") is
// validated and compiled to JSON once per packaging, with the same code as `ecr-guard policy
// show` (deploy/compile-standard.cjs: a broken standard fails the package, naming the field),
// and the bundles read that JSON at cold start through lib/standard/load-compiled-standard.ts,
// which replaces load-standard.ts here: no YAML parser in any function.
const { mkdirSync, renameSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { compiledStandard } = require('./compile-standard.cjs');

const COMPILED = '.build/ecr-guard.json';

module.exports = (serverless) => {
  const root = serverless.serviceDir ?? serverless.config.servicePath;
  let compiled = false;

  const standardFile = serverless.service.custom?.standardFile ?? 'ecr-guard.yml';

  function compileStandard() {
    if (compiled) return;
    const json = compiledStandard(root, standardFile);
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
