import { badRequest, newId } from '../http.js';
import { conversationOf, type ResponseRecord, type WireItem } from './record.js';
import { own } from './validate.js';

/** What a request continues of the response before it. */
export interface Continuation {
  /** The outputs sent for the previous response's function calls, in the order of the calls. */
  outputs: string[];
  /** The last user text of the conversation before this request. */
  userText: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The request's `input` as the items the API stores (and lists in `input_items`): a string is
 * one user message; messages get an id and their text as `input_text` parts; a
 * `function_call_output` gets an id; other items (sent back by a stateless client) are kept.
 */
export function inputItemsOf(input: unknown): WireItem[] {
  if (input === undefined || input === null) return [];
  if (typeof input === 'string') return [userMessage('user', input)];
  // The rule table has checked the shape of every item already (src/responses/rules.ts): here
  // they are only given the form the API stores them in.
  return (input as Array<Record<string, unknown>>).map((item) => {
    const type = own(item, 'type');
    if (type === 'function_call_output') {
      const output = own(item, 'output');
      return { id: newId('fco'), type, call_id: own(item, 'call_id'), output, status: 'completed' };
    }
    if (type === undefined || type === 'message') {
      const role = own(item, 'role') as string;
      const content = own(item, 'content');
      if (typeof content === 'string') return userMessage(role, content);
      return { id: newId('msg'), type: 'message', role, content, status: 'completed' };
    }
    const id = own(item, 'id');
    return { ...item, type: type as string, id: typeof id === 'string' ? id : newId('item') };
  });
}

function userMessage(role: string, text: string): WireItem {
  const part = { type: role === 'assistant' ? 'output_text' : 'input_text', text };
  return { id: newId('msg'), type: 'message', role, content: [part], status: 'completed' };
}

/** The text of the last user message among items, or undefined when none is a user's. */
export function userTextOf(items: readonly WireItem[]): string | undefined {
  const last = items.findLast((item) => item.type === 'message' && item.role === 'user');
  if (!last) return undefined;
  return (last.content as unknown[])
    .map((part) =>
      isObject(part) && typeof own(part, 'text') === 'string' ? (own(part, 'text') as string) : '',
    )
    .filter(Boolean)
    .join('\n');
}

/**
 * Checks the `function_call_output`s of a request against the response it continues, as the API
 * does: each must answer a call of the conversation, and every call of the previous response
 * must be answered.
 */
export function continuationOf(
  previous: ResponseRecord | undefined,
  items: readonly WireItem[],
): Continuation {
  const given = new Map<string, unknown>();
  for (const item of items)
    if (item.type === 'function_call_output') given.set(item.call_id as string, item.output);
  const earlier = previous ? conversationOf(previous) : [];
  const known = new Set(earlier.filter((item) => item.type === 'function_call').map((item) => item.call_id));
  for (const item of items) if (item.type === 'function_call') known.add(item.call_id);
  for (const callId of given.keys()) {
    if (!known.has(callId)) {
      throw badRequest(
        `No tool call found for function call output with call_id ${callId}.`,
        'input',
        'invalid_value',
      );
    }
  }
  const calls = (previous?.response.output ?? []).filter((item) => item.type === 'function_call');
  const outputs = calls.map((call) => {
    if (!given.has(call.call_id as string)) {
      throw badRequest(`No tool output found for function call ${call.call_id}.`, 'input', 'invalid_value');
    }
    const output = given.get(call.call_id as string);
    return typeof output === 'string' ? output : JSON.stringify(output);
  });
  // A stateless client sends its calls back with their outputs: those outputs continue the scenario too.
  if (!previous)
    for (const output of given.values())
      outputs.push(typeof output === 'string' ? output : JSON.stringify(output));
  return { outputs, userText: userTextOf(earlier) ?? '' };
}
