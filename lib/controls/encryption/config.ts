/**
 * The `encryption` section of ecr-guard.yml.
 *
 * @module
 */
import * as z from 'zod';

/** `report` (default): encryption is judged, never fixed (ECR cannot change it); `off`: not. */
export const ENCRYPTION_MODES = ['report', 'off'] as const;
export type EncryptionMode = (typeof ENCRYPTION_MODES)[number];

/** `AES256`: any encryption passes (ECR encrypts every repository); `KMS`: a KMS key is required. */
export const ENCRYPTION_REQUIREMENTS = ['AES256', 'KMS'] as const;
export type EncryptionRequirement = (typeof ENCRYPTION_REQUIREMENTS)[number];

/** The encryption types that use a KMS key. */
export const KMS_ENCRYPTION_TYPES: readonly string[] = ['KMS', 'KMS_DSSE'];

/** A KMS key ARN, or a key id (the ARN's last part). */
const KEY_PATTERN =
  /^(?:arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+|[A-Za-z0-9-]{1,128})$/;

/** The section's documented defaults. */
export const ENCRYPTION_DEFAULTS = {
  mode: 'report' as EncryptionMode,
  require: 'AES256' as EncryptionRequirement,
  allowedKeys: [] as string[],
};

export const EncryptionConfigSchema = z.strictObject({
  mode: z.enum(ENCRYPTION_MODES).default(() => ENCRYPTION_DEFAULTS.mode),
  require: z.enum(ENCRYPTION_REQUIREMENTS).default(() => ENCRYPTION_DEFAULTS.require),
  allowedKeys: z
    .array(z.string().regex(KEY_PATTERN, 'must be a KMS key ARN (arn:aws:kms:…:key/…) or key id'))
    .default(() => [...ENCRYPTION_DEFAULTS.allowedKeys]),
});

export type EncryptionConfig = z.output<typeof EncryptionConfigSchema>;

/**
 * Whether a KMS key (as ECR reports it, an ARN) is one `allowedKeys` names, by ARN or key id.
 *
 * @example
 * ```ts
 * isAllowedKey('arn:aws:kms:us-east-1:123456789012:key/1234abcd-…', ['1234abcd-…']); // true
 * ```
 */
export function isAllowedKey(kmsKey: string | undefined, allowedKeys: readonly string[]): boolean {
  if (allowedKeys.length === 0) return true;
  if (kmsKey === undefined) return false;
  return allowedKeys.some((key) => key === kmsKey || kmsKey.endsWith(`:key/${key}`));
}
