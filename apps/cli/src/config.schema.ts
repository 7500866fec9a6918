import { z } from 'zod';

/** What the CLI reads from the environment; flags (--api-url, --api-key) take precedence. */
export const CliConfig = z.object({
  CHARGEPLANE_API_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .default('http://127.0.0.1:8080')
    .describe("profile-command's HTTP API, as the CLI reaches it (or `--api-url`)."),
  CHARGEPLANE_API_KEY: z
    .string()
    .min(1)
    .optional()
    .describe("A tenant's API key for the CLI's commands that call the API (or `--api-key`)."),
});
export type CliConfig = z.infer<typeof CliConfig>;
