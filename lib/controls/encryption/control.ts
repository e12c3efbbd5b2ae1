import { defineRepositoryControl } from '../control.ts';
import { evaluateEncryption } from './evaluate.ts';
import { encryptionSection } from './section.ts';

/**
 * Repositories are encrypted with KMS where the standard requires it (AWS Foundational
 * Security Best Practices ECR.5). Report only: ECR sets encryption at creation, for good.
 *
 * @example
 * ```ts
 * encryption.evaluate(state, standard.encryption);
 * ```
 */
export const encryption = defineRepositoryControl({
  name: 'encryption',
  level: 'repository',
  description: {
    compliantWhen:
      '`encryptionType` is `KMS` (or `KMS_DSSE`) when `encryption.require: KMS`, with a key of `encryption.allowedKeys` when set; default `require: AES256` (every repository passes)',
    remediation:
      'report only (ECR cannot change a repository’s encryption): new repositories get it from the creation templates',
  },
  section: encryptionSection,
  // The encryption is in the repository's description: no read of its own.
  reads: [],
  remediations: {},
  enabled: (config) => config.mode !== 'off',
  evaluate: evaluateEncryption,
});
