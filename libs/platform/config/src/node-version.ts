/** The oldest Node the platform runs on (package.json `engines`): older ones lack APIs its libraries call. */
const MINIMUM = { major: 24, minor: 11 } as const;

/**
 * Refuses to start on a Node older than the platform needs, naming the fix, rather than failing later inside a
 * library (Node 20 ends in "Promise.withResolvers is not a function" when Kafka is first reached).
 */
export function requireSupportedNode(version: string = process.versions.node): void {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major > MINIMUM.major || (major === MINIMUM.major && minor >= MINIMUM.minor)) return;
  throw new Error(
    `Node ${MINIMUM.major}.${MINIMUM.minor} or later is needed, this is ${version}: use the project's own Node ` +
      '(`source deploy/local/setup.sh` puts .tools/node first on PATH; npm scripts do it themselves)',
  );
}
