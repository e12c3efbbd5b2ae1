import packageJson from '../../package.json' with { type: 'json' };

/** ecr-guard's version, from package.json (bundled into the functions at package time). */
export const TOOL_VERSION: string = packageJson.version;
