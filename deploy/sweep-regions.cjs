// The regions the daily sweep covers, from `--param="sweepRegions=us-east-1,eu-west-1"`: the
// same list the member StackSet is rolled to (deploy/README.md takes it from the stack's
// SweepRegions output). Required: a sweep of the central region alone would leave every other
// region the member stacks forward from unswept, without a word. `serverless package` fails
// here, naming the parameter, when it is unset or not a list of regions.
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** An error serverless prints as its message alone (it prints a function's error by `stack`). */
function packageError(message) {
  const error = new Error(message);
  error.stack = message;
  return error;
}

/**
 * The checked list, comma-separated, for ECR_GUARD_SWEEP_REGIONS and the SweepRegions output.
 *
 * @param {string | null | undefined} value the parameter as given
 * @returns {string}
 */
function checkSweepRegions(value) {
  const regions = String(value ?? '')
    .split(',')
    .map((region) => region.trim())
    .filter((region) => region !== '');
  if (regions.length === 0) {
    throw packageError(
      'the parameter sweepRegions is not set: give the regions the member StackSet is deployed to, ' +
        'e.g. --param="sweepRegions=us-east-1,eu-west-1" (deploy/README.md, step 1)',
    );
  }
  const bad = regions.filter((region) => !REGION.test(region));
  if (bad.length > 0) {
    throw packageError(
      `the parameter sweepRegions lists ${bad.map((r) => `"${r}"`).join(', ')}, which ${bad.length === 1 ? 'is not an AWS region' : 'are not AWS regions'} (e.g. --param="sweepRegions=us-east-1,eu-west-1")`,
    );
  }
  return [...new Set(regions)].join(',');
}

module.exports = {
  checkSweepRegions,
  async sweepRegions({ resolveVariable }) {
    return checkSweepRegions(await resolveVariable("param:sweepRegions, ''"));
  },
};
