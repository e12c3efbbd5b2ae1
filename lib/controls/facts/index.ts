export { IMAGES_PAGE_SIZE } from './images-page-size.ts';
export { lifecyclePolicyFact } from './lifecycle-policy.ts';
export type { RegistryScanning, RegistryScanningRule } from './registry-scanning.ts';
export { readRegistryScanning, registryScanningFact } from './registry-scanning.ts';
export type { RepositoryDescription } from './repository.ts';
export { repositoryFact, toRepositoryDescription } from './repository.ts';
export { tagsFact } from './tags.ts';
