/**
 * Every `@example` of lib/ type-checks against the code it documents: an example that drifted
 * from a signature fails here. Each example is compiled as the body of a function that imports
 * what its module exports. Names an example only shows (`deps`, `standard`, `event`) are
 * undeclared on purpose: "cannot find name" and implicit-any errors are not drift; `…` stands
 * for elided code and is read as a comment.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../../', import.meta.url).pathname;

/** Diagnostics that say the example shows a name it does not declare, not that it drifted. */
const NOT_DRIFT = new Set([
  2304, 2552, 2582, 7005, 7006, 7022, 7023, 7031, 7034, 6133, 6196, 2451, 2448, 2454, 1375, 1378,
  2393, 2300, 18004, 2588,
]);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Each example of a module, as a module of its own that imports what the documented one exports. */
function examplesOf(file: string): Map<string, string> {
  const text = readFileSync(file, 'utf8');
  const code = text
    .split('\n')
    .filter((line) => !/^\s*\*/.test(line))
    .join('\n');
  const exported = [
    ...new Set(
      [
        ...code.matchAll(/^export (?:async )?(?:function\*?|const|class|let) ([A-Za-z0-9_]+)/gm),
      ].map((m) => m[1] ?? ''),
    ),
  ];
  const examples = new Map<string, string>();
  const blocks = /@example\s*\n(?:\s*\*.*\n)*?\s*\*\s*```ts\n((?:\s*\*.*\n)*?)\s*\*\s*```/g;
  let index = 0;
  for (const match of text.matchAll(blocks)) {
    const body = (match[1] ?? '')
      .split('\n')
      .map((line) => line.replace(/^\s*\* ?/, '').replace(/^export /, ''))
      .join('\n')
      .replaceAll('…', '/* … */');
    const imports =
      exported.length === 0 ? '' : `import { ${exported.join(', ')} } from '${file}';\n`;
    examples.set(
      `${file}.example-${index}.ts`,
      `${imports}export async function example(): Promise<unknown> {\n${body}\nreturn undefined;\n}\n`,
    );
    index += 1;
  }
  return examples;
}

describe('Documentation: the TSDoc examples of lib/', () => {
  it('type-check against the code they document', { timeout: 120_000 }, () => {
    // Prepare
    const virtual = new Map<string, string>();
    for (const file of sources(join(ROOT, 'lib'))) {
      for (const [name, text] of examplesOf(file)) virtual.set(name, text);
    }
    const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile).config;
    const options = ts.parseJsonConfigFileContent(config, ts.sys, ROOT).options;
    const host = ts.createCompilerHost(options);
    const read = host.getSourceFile.bind(host);
    const exists = host.fileExists.bind(host);
    host.getSourceFile = (name, language, ...rest) => {
      const text = virtual.get(name);
      return text === undefined
        ? read(name, language, ...rest)
        : ts.createSourceFile(name, text, language);
    };
    host.fileExists = (name) => virtual.has(name) || exists(name);

    // Act
    const program = ts.createProgram([...virtual.keys()], options, host);
    const drifted = [...virtual.keys()].flatMap((name) => {
      const source = program.getSourceFile(name);
      if (source === undefined) return [`${name}: not compiled`];
      const problems = [
        ...program.getSyntacticDiagnostics(source),
        ...program.getSemanticDiagnostics(source),
      ].filter((d) => !NOT_DRIFT.has(d.code));
      return problems.map(
        (d) =>
          `${relative(ROOT, name)}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
      );
    });

    // Assess
    expect(virtual.size).toBeGreaterThan(150);
    expect(drifted).toEqual([]);
  });
});
