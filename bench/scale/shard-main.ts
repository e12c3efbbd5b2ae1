/**
 * A shard of the scale simulation in a process of its own (CPU time is measured per process):
 *
 *   node --max-semi-space-size=64 --import tsx bench/scale/shard-main.ts <input.json> <output.json>
 *
 * `runScaleBenchmark` starts one per core and merges what they write.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { type ShardInput, simulateShard } from './simulate-shard.ts';

const [inputPath, outputPath] = process.argv.slice(2);
if (inputPath === undefined || outputPath === undefined) {
  process.stderr.write('usage: shard-main.ts <input.json> <output.json>\n');
  process.exit(2);
}
const input = JSON.parse(await readFile(inputPath, 'utf8')) as ShardInput;
const result = await simulateShard(input, (line) => process.stderr.write(`${line}\n`));
await writeFile(outputPath, JSON.stringify(result));
