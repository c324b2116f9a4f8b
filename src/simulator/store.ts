import type { Assistant, AssistantDeleted } from '../client/assistants.js';
import type { Message, MessageContent } from '../types/message.js';
import type { MessageParam } from '../types/params.js';
import type { Run } from '../types/run.js';
import type { AssistantTool, Metadata } from '../types/shared.js';
import type { RunStep } from '../types/step.js';
import type { Thread } from '../types/thread.js';
import { HttpError, newId, notFound, nowSeconds } from './http.js';

/** A thread and everything that hangs off it. */
export interface ThreadRecord {
  thread: Thread;
  messages: Message[];
  runs: RunRecord[];
}

/** A run with its steps, and what the simulator needs to carry it on. */
export interface RunRecord {
  run: Run;
  steps: RunStep[];
  /** How many times the run has been resumed with tool outputs. */
  round: number;
  /**
   * Aborted by the cancel endpoint: the run notices it between events, and it cuts short the
   * pause before the next one, so a cancel takes effect at once whatever the pace.
   */
  readonly cancel: AbortController;
}

const DEFAULT_MODEL = 'gpt-4o';
/** Runs expire ten minutes after creation on the real API; the field is informative here. */
const RUN_LIFETIME_SECONDS = 600;

/** All state of one simulator, in memory, gone on close. */
export class Store {
  readonly #assistants = new Map<string, Assistant>();
  // Remembered so that a deleted `asst_…` id is a 404 from then on, not a default assistant again.
  readonly #deleted = new Set<string>();
  readonly #threads = new Map<string, ThreadRecord>();

  addAssistant(body: Record<string, unknown>): Assistant {
    const assistant: Assistant = {
      id: newId('asst'),
      object: 'assistant',
      created_at: nowSeconds(),
      name: (body.name as string | null | undefined) ?? null,
      description: (body.description as string | null | undefined) ?? null,
      model: body.model as string,
      instructions: (body.instructions as string | null | undefined) ?? null,
      tools: (body.tools as AssistantTool[] | undefined) ?? [],
      metadata: (body.metadata as Metadata | null | undefined) ?? {},
      temperature: (body.temperature as number | null | undefined) ?? 1,
      top_p: (body.top_p as number | null | undefined) ?? 1,
      response_format: (body.response_format as Assistant['response_format']) ?? 'auto',
    };
    this.#assistants.set(assistant.id, assistant);
    return assistant;
  }

  /**
   * The assistant with this id. An unknown id that looks like one (`asst_…`) is a default
   * assistant (unless it was deleted), so a run can name an assistant that was made elsewhere.
   */
  assistant(id: string): Assistant {
    const known = this.#assistants.get(id);
    if (known) return known;
    if (!id.startsWith('asst_') || this.#deleted.has(id)) throw notFound(noAssistant(id));
    const assistant: Assistant = {
      id,
      object: 'assistant',
      created_at: nowSeconds(),
      name: 'Simulated assistant',
      description: null,
      model: DEFAULT_MODEL,
      instructions: 'You are a helpful assistant.',
      tools: [],
      metadata: {},
      temperature: 1,
      top_p: 1,
      response_format: 'auto',
    };
    this.#assistants.set(id, assistant);
    return assistant;
  }

  /** Deletes an assistant made here (or a default one a run used); any other id is a 404. */
  deleteAssistant(id: string): AssistantDeleted {
    if (!this.#assistants.delete(id)) throw notFound(noAssistant(id));
    this.#deleted.add(id);
    return { id, object: 'assistant.deleted', deleted: true };
  }

  addThread(body: {
    messages?: MessageParam[];
    metadata?: Metadata | null;
    tool_resources?: unknown;
  }): ThreadRecord {
    const thread: Thread = {
      id: newId('thread'),
      object: 'thread',
      created_at: nowSeconds(),
      metadata: body.metadata ?? {},
      tool_resources: (body.tool_resources as Thread['tool_resources']) ?? {},
    };
    const record: ThreadRecord = { thread, messages: [], runs: [] };
    this.#threads.set(thread.id, record);
    for (const message of body.messages ?? []) this.addUserMessage(record, message);
    return record;
  }

  thread(id: string): ThreadRecord {
    const record = this.#threads.get(id);
    if (!record) throw notFound(`No thread found with id '${id}'.`);
    return record;
  }

  run(threadId: string, runId: string): RunRecord {
    const record = this.thread(threadId).runs.find((r) => r.run.id === runId);
    if (!record) throw notFound(`No run found with id '${runId}'.`);
    return record;
  }

  /** Adds a message the caller wrote (user or assistant role) to a thread. */
  addUserMessage(record: ThreadRecord, param: MessageParam): Message {
    const message = newMessage(
      record.thread.id,
      param.role,
      null,
      null,
      'completed',
      toContent(param.content),
    );
    message.attachments = param.attachments ?? [];
    message.metadata = param.metadata ?? {};
    record.messages.push(message);
    return message;
  }

  addRun(record: ThreadRecord, assistant: Assistant, body: Record<string, unknown>): RunRecord {
    const additional =
      typeof body.additional_instructions === 'string' ? `\n${body.additional_instructions}` : '';
    const run: Run = {
      id: newId('run'),
      object: 'thread.run',
      created_at: nowSeconds(),
      assistant_id: assistant.id,
      thread_id: record.thread.id,
      status: 'queued',
      started_at: null,
      expires_at: nowSeconds() + RUN_LIFETIME_SECONDS,
      cancelled_at: null,
      failed_at: null,
      completed_at: null,
      required_action: null,
      last_error: null,
      model: (body.model as string | null | undefined) ?? assistant.model,
      instructions: `${(body.instructions as string | null | undefined) ?? assistant.instructions ?? ''}${additional}`,
      tools: (body.tools as AssistantTool[] | null | undefined) ?? assistant.tools,
      metadata: (body.metadata as Metadata | null | undefined) ?? {},
      incomplete_details: null,
      usage: null,
      temperature: (body.temperature as number | null | undefined) ?? assistant.temperature ?? 1,
      top_p: (body.top_p as number | null | undefined) ?? assistant.top_p ?? 1,
      max_prompt_tokens: (body.max_prompt_tokens as number | null | undefined) ?? null,
      max_completion_tokens: (body.max_completion_tokens as number | null | undefined) ?? null,
      truncation_strategy: (body.truncation_strategy as Run['truncation_strategy']) ?? {
        type: 'auto',
        last_messages: null,
      },
      response_format:
        (body.response_format as Run['response_format']) ?? assistant.response_format ?? 'auto',
      tool_choice: (body.tool_choice as Run['tool_choice']) ?? 'auto',
      parallel_tool_calls: (body.parallel_tool_calls as boolean | undefined) ?? true,
    };
    const runRecord: RunRecord = { run, steps: [], round: 0, cancel: new AbortController() };
    record.runs.push(runRecord);
    return runRecord;
  }

  /** The run that still holds the thread (the API allows one at a time), if any. */
  activeRun(record: ThreadRecord): RunRecord | undefined {
    return record.runs.find((r) => ACTIVE_STATUSES.has(r.run.status));
  }
}

function noAssistant(id: string): string {
  return `No assistant found with id '${id}'.`;
}

const ACTIVE_STATUSES = new Set<Run['status']>(['queued', 'in_progress', 'requires_action', 'cancelling']);

export function newMessage(
  threadId: string,
  role: Message['role'],
  run: Run | null,
  assistantId: string | null,
  status: Message['status'],
  content: MessageContent[] = [],
): Message {
  const createdAt = nowSeconds();
  return {
    id: newId('msg'),
    object: 'thread.message',
    created_at: createdAt,
    assistant_id: assistantId,
    thread_id: threadId,
    run_id: run?.id ?? null,
    status,
    incomplete_details: null,
    incomplete_at: null,
    completed_at: status === 'completed' ? createdAt : null,
    role,
    content,
    attachments: [],
    metadata: {},
  };
}

export function newStep(run: Run, details: RunStep['step_details']): RunStep {
  return {
    id: newId('step'),
    object: 'thread.run.step',
    created_at: nowSeconds(),
    run_id: run.id,
    assistant_id: run.assistant_id,
    thread_id: run.thread_id,
    type: details.type,
    status: 'in_progress',
    cancelled_at: null,
    completed_at: null,
    expired_at: null,
    failed_at: null,
    last_error: null,
    step_details: details,
    usage: null,
    metadata: {},
  };
}

function toContent(content: MessageParam['content']): MessageContent[] {
  if (typeof content === 'string') return [{ type: 'text', text: { value: content, annotations: [] } }];
  return content.map((part) =>
    part.type === 'text'
      ? { type: 'text', text: { value: part.text, annotations: [] } }
      : (part as MessageContent),
  );
}

/** The text of a message's text parts, joined. */
export function textOf(message: Message): string {
  return message.content
    .map((part) => (part.type === 'text' ? part.text.value : ''))
    .filter(Boolean)
    .join('\n');
}

/** A page in the API's list shape, honouring `order`, `limit`, `after` and `before`. */
export function page<T extends { id: string }>(
  items: readonly T[],
  query: URLSearchParams,
  defaultOrder: 'asc' | 'desc',
) {
  const order = query.get('order') ?? defaultOrder;
  if (order !== 'asc' && order !== 'desc') {
    throw new HttpError(
      400,
      `Invalid value for 'order': expected 'asc' or 'desc', got '${order}'.`,
      'order',
      'invalid_value',
    );
  }
  const limit = query.has('limit') ? Number(query.get('limit')) : 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new HttpError(400, "Invalid 'limit': expected an integer from 1 to 100.", 'limit', 'invalid_value');
  }
  let list = order === 'asc' ? [...items] : [...items].reverse();
  const after = query.get('after');
  if (after) list = list.slice(list.findIndex((item) => item.id === after) + 1);
  const before = query.get('before');
  if (before) {
    const at = list.findIndex((item) => item.id === before);
    if (at >= 0) list = list.slice(0, at);
  }
  const data = list.slice(0, limit);
  return {
    object: 'list' as const,
    data,
    first_id: data[0]?.id ?? null,
    last_id: data[data.length - 1]?.id ?? null,
    has_more: list.length > limit,
  };
}
