// The central roles' ECR statements, derived at package time from the standard that is
// deployed (custom.standardFile) and the controls' declared actions (`ecr-guard policy
// permissions`): a registry-wide write such as ecr:PutRegistryScanningConfiguration is granted
// only when the standard enables it (scanning.manageRegistry: true). The member template takes
// the same writes as its RegistryWrites parameter, from the MemberRegistryWrites output.
const path = require('node:path');
const { standardPermissions } = require('./compile-standard.cjs');

const ROOT = path.resolve(__dirname, '..');

async function permissionsOf({ resolveVariable }) {
  return standardPermissions(ROOT, await resolveVariable('self:custom.standardFile'));
}

module.exports = {
  /** On the account's repositories. */
  repositoryActions: async (context) => (await permissionsOf(context)).repository,
  /** On "*": registry-level reads, and the registry-wide writes the standard enables. */
  registryActions: async (context) => (await permissionsOf(context)).registry,
  /** For the member template's RegistryWrites parameter: the writes, or `none`. */
  memberRegistryWrites: async (context) => {
    const { registryWrites } = await permissionsOf(context);
    return registryWrites.length === 0 ? 'none' : registryWrites.join(',');
  },
};
