export type { EncryptionConfig, EncryptionMode, EncryptionRequirement } from './config.ts';
export {
  ENCRYPTION_DEFAULTS,
  ENCRYPTION_MODES,
  ENCRYPTION_REQUIREMENTS,
  EncryptionConfigSchema,
  isAllowedKey,
  KMS_ENCRYPTION_TYPES,
} from './config.ts';
export { encryption } from './control.ts';
export { evaluateEncryption } from './evaluate.ts';
export { encryptionSection } from './section.ts';
