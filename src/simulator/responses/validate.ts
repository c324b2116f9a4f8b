import { responseParamsError } from '../../responses/rules.js';
import { badRequest } from '../http.js';

/**
 * A field of a request body, read as an own property only: a body may carry any key, and one
 * named `__proto__` or `constructor` must read as the value sent, never as something inherited.
 */
export function own(body: object, key: string): unknown {
  return Object.getOwnPropertyDescriptor(body, key)?.value;
}

/**
 * Checks the body of `POST /responses` with the API's rule table, the one the client checks
 * before sending (src/responses/rules.ts), and throws the API's 400 naming the first bad field.
 */
export function checkCreateBody(body: Record<string, unknown>): void {
  if (own(body, 'model') === undefined && own(body, 'prompt') === undefined) {
    throw badRequest("Missing required parameter: 'model'.", 'model', 'missing_required_parameter');
  }
  const error = responseParamsError(body);
  if (error) {
    const code = error.rule.startsWith('is not a known parameter') ? 'unknown_parameter' : 'invalid_value';
    throw badRequest(`Invalid '${error.field}': ${error.rule}.`, error.field, code);
  }
}
