import { describe, expect, it } from 'vitest';
import {
  type EncryptionConfig,
  encryption,
  evaluateEncryption,
  isAllowedKey,
} from '#lib/controls/index.ts';
import { compliantState, controlState, standardWith } from '../../support/repository-state.ts';

const KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function encryptedWith(encryptionType: string, kmsKey?: string): ReturnType<typeof controlState> {
  const state = controlState(compliantState());
  return {
    ...state,
    repository: {
      ...state.repository,
      encryptionType,
      ...(kmsKey === undefined ? {} : { kmsKey }),
    },
  };
}

function config(overrides: Partial<EncryptionConfig> = {}): EncryptionConfig {
  return { ...standardWith().encryption, ...overrides };
}

describe('Control: encryption', () => {
  describe('Method: evaluate', () => {
    it.each([['AES256'], ['KMS'], ['KMS_DSSE']])(
      'lets %s pass with the default require: AES256',
      (type) => {
        expect(evaluateEncryption(encryptedWith(type, KEY), config())).toEqual({ compliant: true });
      },
    );

    it('reports AES256 under require: KMS, pointing to the creation templates (report only)', () => {
      // Act
      const result = evaluateEncryption(encryptedWith('AES256'), config({ require: 'KMS' }));

      // Assess
      expect(result).toEqual({
        compliant: false,
        reason:
          'encrypted with AES256, not a KMS key (encryption.require: KMS); ECR cannot change a repository’s encryption: new repositories get it from the creation templates (control creation-templates, creationTemplates.mode enforce); move the images to a new repository',
      });
    });

    it.each([['KMS'], ['KMS_DSSE']])('accepts %s under require: KMS', (type) => {
      expect(evaluateEncryption(encryptedWith(type, KEY), config({ require: 'KMS' }))).toEqual({
        compliant: true,
      });
    });

    it('holds the key to allowedKeys, by ARN or key id', () => {
      // Act
      const byId = evaluateEncryption(
        encryptedWith('KMS', KEY),
        config({ require: 'KMS', allowedKeys: ['1234abcd-12ab-34cd-56ef-1234567890ab'] }),
      );
      const other = evaluateEncryption(
        encryptedWith('KMS', KEY),
        config({ require: 'KMS', allowedKeys: ['arn:aws:kms:us-east-1:123456789012:key/other'] }),
      );

      // Assess
      expect(byId).toEqual({ compliant: true });
      expect(other).toMatchObject({
        compliant: false,
        reason: expect.stringContaining(
          `encrypted with KMS key ${KEY}, not one of encryption.allowedKeys`,
        ),
      });
    });

    it('is report only and off with mode: off', () => {
      expect(encryption.remediations).toEqual({});
      expect(encryption.reads).toEqual([]);
      expect(encryption.enabled?.(config({ mode: 'off' }))).toBe(false);
    });
  });

  describe('Function: isAllowedKey', () => {
    it('allows any key when none is listed, and no key when some are', () => {
      expect(isAllowedKey(undefined, [])).toBe(true);
      expect(isAllowedKey(undefined, ['k'])).toBe(false);
    });
  });
});
