import { describe, expect, it } from 'vitest';
import { layerBytesFreed, type ManifestBlobs, manifestBlobs } from '#lib/lifecycle/index.ts';
import { BYTES_PER_GB, monthlyStorageCost, storagePriceFor } from '#lib/standard/index.ts';

function manifest(layers: Array<[string, number]>): string {
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: {
      mediaType: 'application/vnd.docker.container.image.v1+json',
      digest: 'sha256:cfg',
      size: 0,
    },
    layers: layers.map(([digest, size]) => ({
      mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
      digest,
      size,
    })),
  });
}

describe('Function: layerBytesFreed', () => {
  it('counts only the layers no kept image shares, each once', () => {
    // Prepare: a shared base layer, and one own layer per image.
    const manifests = new Map<string, ManifestBlobs>(
      [
        [
          'a',
          manifest([
            ['base', 100],
            ['a1', 10],
          ]),
        ],
        [
          'b',
          manifest([
            ['base', 100],
            ['b1', 20],
          ]),
        ],
        [
          'c',
          manifest([
            ['base', 100],
            ['c1', 30],
          ]),
        ],
      ].map(([digest, text]) => [
        digest as string,
        manifestBlobs(digest as string, text as string) as ManifestBlobs,
      ]),
    );

    // Act
    const two = layerBytesFreed(new Set(['a', 'b']), ['a', 'b', 'c'], manifests);
    const all = layerBytesFreed(new Set(['a', 'b', 'c']), ['a', 'b', 'c'], manifests);

    // Assess
    expect(two).toBe(30);
    expect(all).toBe(160);
  });

  it('does not know when a manifest of the repository is unknown', () => {
    // Assess
    expect(layerBytesFreed(new Set(['a']), ['a'], new Map())).toBeUndefined();
    expect(manifestBlobs('a', '{"schemaVersion":1,"fsLayers":[]}')).toBeUndefined();
  });
});

describe('Function: monthlyStorageCost', () => {
  it('prices GB-months at the region override, else the default', () => {
    // Prepare
    const cost = {
      storagePricePerGbMonth: 0.1,
      currency: 'EUR',
      regionPrices: { 'sa-east-1': 0.15 },
    };

    // Assess
    expect(monthlyStorageCost(5 * BYTES_PER_GB, storagePriceFor(cost, 'eu-west-1'))).toBe(0.5);
    expect(monthlyStorageCost(2 * BYTES_PER_GB, storagePriceFor(cost, 'sa-east-1'))).toBe(0.3);
  });
});
