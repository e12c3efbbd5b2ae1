export {
  buildLifecyclePreview,
  type LifecyclePreviewMeta,
  PREVIEW_NOTES,
  previewExitCode,
} from './build-lifecycle-preview.ts';
export { readImageManifests } from './image-manifests.ts';
export {
  type LifecyclePreview,
  LifecyclePreviewSchema,
  POLICY_SOURCES,
  type PolicySource,
  type PreviewImage,
  PreviewImageSchema,
  type PreviewRepository,
  PreviewRepositorySchema,
  type PreviewTotals,
  PreviewTotalsSchema,
} from './lifecycle-preview-schema.ts';
export { type PreviewRepositoryInput, previewRepository } from './preview-repository.ts';
export { type PreviewTable, previewTables } from './preview-tables.ts';
export { listPullTimeExclusions } from './pull-time-exclusions.ts';
export {
  PREVIEW_FORMATS,
  type PreviewFormat,
  previewVerdict,
  renderLifecyclePreview,
} from './render-lifecycle-preview.ts';
export {
  type LifecyclePreviewDeps,
  type LifecyclePreviewOptions,
  type PreviewGateway,
  runLifecyclePreview,
} from './run-lifecycle-preview.ts';
