/** The layers an image manifest references, with their sizes. */
export interface ManifestBlobs {
  imageDigest: string;
  blobs: Array<{ digest: string; size: number }>;
}

/**
 * Reads the layers of an image manifest (Docker v2 schema 2 or OCI image manifest: `layers`,
 * each with `digest` and `size`; the config blob, a few KB, is left out). A manifest list or OCI index references
 * other images (each described on its own) and no blob: empty. `undefined` when the text
 * is not a manifest whose sizes are known (e.g. Docker schema 1).
 *
 * @example
 * ```ts
 * manifestBlobs('sha256:…', manifestText)?.blobs.map((b) => b.size);
 * ```
 */
export function manifestBlobs(imageDigest: string, manifest: string): ManifestBlobs | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(manifest);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const record = parsed as Record<string, unknown>;
  if (Array.isArray(record.manifests)) return { imageDigest, blobs: [] };
  if (!Array.isArray(record.layers)) return undefined;
  const blobs: ManifestBlobs['blobs'] = [];
  for (const blob of record.layers) {
    const { digest, size } = (blob ?? {}) as { digest?: unknown; size?: unknown };
    if (typeof digest !== 'string' || typeof size !== 'number') return undefined;
    blobs.push({ digest, size });
  }
  return { imageDigest, blobs };
}

/**
 * The bytes freed when `expiring` images go, counting each blob once: the blobs that only
 * expiring images reference. Summed `imageSizeInBytes` counts a layer shared by ten images
 * ten times; ECR stores it once. `undefined` when a manifest of the repository is unknown
 * (then which blobs the others share is unknown too).
 *
 * @example
 * ```ts
 * layerBytesFreed(new Set(['sha256:a']), ['sha256:a', 'sha256:b'], manifests); // the layers only a has
 * ```
 */
export function layerBytesFreed(
  expiring: ReadonlySet<string>,
  allImages: readonly string[],
  manifests: ReadonlyMap<string, ManifestBlobs>,
): number | undefined {
  const kept = new Set<string>();
  const freed = new Map<string, number>();
  for (const digest of allImages) {
    const manifest = manifests.get(digest);
    if (manifest === undefined) return undefined;
    for (const blob of manifest.blobs) {
      if (expiring.has(digest)) freed.set(blob.digest, blob.size);
      else kept.add(blob.digest);
    }
  }
  let bytes = 0;
  for (const [digest, size] of freed) if (!kept.has(digest)) bytes += size;
  return bytes;
}
