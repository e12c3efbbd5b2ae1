import { defineSection } from '../control.ts';
import { NamingConfigSchema } from './config.ts';
import { teamFromName } from './name-pattern.ts';

/**
 * The `naming` section of ecr-guard.yml. Its `owner` is the name's `{team}` segment: the
 * owning team of a repository that has no team tag, for reports and alert routing.
 */
export const namingSection = defineSection({
  control: 'naming',
  key: 'naming',
  schema: NamingConfigSchema,
  owner: (repositoryName, config) =>
    config.mode === 'off' ? undefined : teamFromName(repositoryName, config),
});
