import { ProfileRefusalCode } from '@chargeplane/contracts-api';
import { z } from 'zod';
import { errorsOfIssues, refusalField, type FieldErrors } from './profile-form.js';

const Issues = z.array(z.object({ path: z.string(), message: z.string() }));

/** Field errors of an API error body: a refusal at the field its code concerns, validation issues at theirs. */
export function fieldErrorsOfApi(
  status: number,
  body: { code: string; message: string; details: Record<string, unknown> },
): FieldErrors {
  const refusal = ProfileRefusalCode.safeParse(body.code);
  if (refusal.success) return { [refusalField[refusal.data]]: `${body.code}: ${body.message}` };
  const issues = Issues.safeParse(body.details['issues']);
  if (status === 422 && issues.success && issues.data.length) return errorsOfIssues(issues.data);
  return { _form: `${body.code}: ${body.message}` };
}
