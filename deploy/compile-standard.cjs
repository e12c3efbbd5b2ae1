// The standard a packaging deploys, read once per `serverless package` with the same code as
// the CLI (`ecr-guard policy show` / `policy permissions`), so that a broken standard fails
// the package naming the field, and what is granted follows from what is deployed. Shared by
// the esbuild plugin (deploy/esbuild-plugins.cjs, which bundles the compiled standard) and the
// IAM statements (deploy/standard-permissions.cjs): each answer is computed once per process.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const answers = new Map();

/**
 * Runs one `ecr-guard policy` subcommand on the standard file, once per process.
 *
 * @param {string} root the service folder
 * @param {string} file the standard, relative to root (custom.standardFile)
 * @param {'show' | 'permissions'} subcommand
 * @returns {string} its JSON output
 */
function policyJson(root, file, subcommand) {
  const key = `${root}\0${file}\0${subcommand}`;
  if (!answers.has(key)) {
    let json;
    try {
      json = execFileSync(
        process.execPath,
        [path.join(root, 'bin/ecr-guard.js'), 'policy', subcommand, file, '--format', 'json'],
        { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
    } catch (error) {
      const reason = String(error.stderr || error.message).trim();
      const message = `${file} is not a valid standard:\n${reason}`;
      const failure = new Error(message);
      // serverless prints a variable function's error by its stack: keep it to the message.
      failure.stack = message;
      throw failure;
    }
    answers.set(key, json);
  }
  return answers.get(key);
}

module.exports = {
  /** The effective standard as JSON (what the functions load at cold start). */
  compiledStandard: (root, file) => policyJson(root, file, 'show'),
  /** The IAM actions enforcing it takes: `{ repository, registry, registryWrites }`. */
  standardPermissions: (root, file) => JSON.parse(policyJson(root, file, 'permissions')),
};
