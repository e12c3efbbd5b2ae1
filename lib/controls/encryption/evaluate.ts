import type { ControlEvaluation, RepositoryState } from '../control.ts';
import { type EncryptionConfig, isAllowedKey, KMS_ENCRYPTION_TYPES } from './config.ts';

/** Where a repository with the wrong encryption goes from here. */
const WAY_OUT =
  'ECR cannot change a repository’s encryption: new repositories get it from the creation templates (control creation-templates, creationTemplates.mode enforce); move the images to a new repository';

/**
 * Repositories are encrypted with KMS (`KMS` or `KMS_DSSE`) when `encryption.require` is
 * `KMS`, with a key of `encryption.allowedKeys` when that is set. `AES256` (the default)
 * lets every repository pass: ECR encrypts them all.
 *
 * @example
 * ```ts
 * evaluateEncryption({ ...state, repository: { ...repository, encryptionType: 'AES256' } }, { ...config, require: 'KMS' });
 * // → { compliant: false, reason: 'encrypted with AES256, not a KMS key (encryption.require: KMS); ECR cannot …' }
 * ```
 */
export function evaluateEncryption(
  { repository }: RepositoryState,
  config: EncryptionConfig,
): ControlEvaluation<never> {
  if (config.require === 'AES256') return { compliant: true };
  const { encryptionType, kmsKey } = repository;
  if (!KMS_ENCRYPTION_TYPES.includes(encryptionType)) {
    return {
      compliant: false,
      reason: `encrypted with ${encryptionType}, not a KMS key (encryption.require: KMS); ${WAY_OUT}`,
    };
  }
  if (!isAllowedKey(kmsKey, config.allowedKeys)) {
    return {
      compliant: false,
      reason: `encrypted with ${encryptionType} key ${kmsKey ?? '(none reported)'}, not one of encryption.allowedKeys; ${WAY_OUT}`,
    };
  }
  return { compliant: true };
}
