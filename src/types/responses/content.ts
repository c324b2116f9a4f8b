/**
 * The log probability of one output token, with the most likely alternatives when asked for
 * (`include: ['message.output_text.logprobs']`, `top_logprobs`).
 *
 * @example
 * ```ts
 * const lp: ResponseLogprob = { token: 'Hi', logprob: -0.01, top_logprobs: [{ token: 'Hello', logprob: -4.2 }] };
 * console.log(Math.exp(lp.logprob));
 * ```
 */
export interface ResponseLogprob {
  token: string;
  logprob: number;
  top_logprobs?: Array<{ token?: string; logprob?: number }>;
  bytes?: number[];
}

/**
 * A citation of an uploaded file inside an `output_text` part.
 *
 * @example
 * ```ts
 * const cite: FileCitationAnnotation = { type: 'file_citation', file_id: 'file_1', filename: 'a.pdf', index: 12 };
 * console.log(cite.filename);
 * ```
 */
export interface FileCitationAnnotation {
  type: 'file_citation';
  file_id: string;
  filename: string;
  /** Where in the text the citation stands. */
  index: number;
}

/**
 * A web page cited by the text between `start_index` and `end_index` (web search).
 *
 * @example
 * ```ts
 * const cite: URLCitationAnnotation = { type: 'url_citation', url: 'https://example.com', title: 'Example', start_index: 0, end_index: 7 };
 * console.log(`[${cite.title}](${cite.url})`);
 * ```
 */
export interface URLCitationAnnotation {
  type: 'url_citation';
  url: string;
  title: string;
  start_index: number;
  end_index: number;
}

/**
 * A citation of a file in a code interpreter container.
 *
 * @example
 * ```ts
 * const cite: ContainerFileCitationAnnotation = {
 *   type: 'container_file_citation', container_id: 'cntr_1', file_id: 'cfile_1', filename: 'plot.png', start_index: 0, end_index: 4,
 * };
 * console.log(cite.container_id, cite.file_id);
 * ```
 */
export interface ContainerFileCitationAnnotation {
  type: 'container_file_citation';
  container_id: string;
  file_id: string;
  filename: string;
  start_index: number;
  end_index: number;
}

/**
 * A path to a file the model produced.
 *
 * @example
 * ```ts
 * const path: FilePathAnnotation = { type: 'file_path', file_id: 'file_9', index: 3 };
 * console.log(path.file_id);
 * ```
 */
export interface FilePathAnnotation {
  type: 'file_path';
  file_id: string;
  index: number;
}

/**
 * Every annotation an `output_text` part can carry, discriminated on `type`.
 *
 * @example
 * ```ts
 * function link(a: ResponseAnnotation): string | undefined {
 *   return a.type === 'url_citation' ? a.url : undefined;
 * }
 * ```
 */
export type ResponseAnnotation =
  | FileCitationAnnotation
  | URLCitationAnnotation
  | ContainerFileCitationAnnotation
  | FilePathAnnotation;

/**
 * Text written by the model, inside a `message` output item.
 *
 * @example
 * ```ts
 * const part: ResponseOutputText = { type: 'output_text', text: 'Hello', annotations: [] };
 * console.log(part.text);
 * ```
 */
export interface ResponseOutputText {
  type: 'output_text';
  text: string;
  annotations: ResponseAnnotation[];
  logprobs?: ResponseLogprob[];
}

/**
 * The model's refusal to answer, inside a `message` output item.
 *
 * @example
 * ```ts
 * const part: ResponseOutputRefusal = { type: 'refusal', refusal: 'I can’t help with that.' };
 * console.log(part.refusal);
 * ```
 */
export interface ResponseOutputRefusal {
  type: 'refusal';
  refusal: string;
}

/**
 * The content parts of a `message` output item.
 *
 * @example
 * ```ts
 * const show = (p: ResponseMessageContent) => (p.type === 'output_text' ? p.text : `(refused: ${p.refusal})`);
 * ```
 */
export type ResponseMessageContent = ResponseOutputText | ResponseOutputRefusal;

/**
 * The model's reasoning text, inside a `reasoning` output item's `content`.
 *
 * @example
 * ```ts
 * const part: ResponseReasoningText = { type: 'reasoning_text', text: 'First, …' };
 * console.log(part.text);
 * ```
 */
export interface ResponseReasoningText {
  type: 'reasoning_text';
  text: string;
}

/**
 * One part of a reasoning summary, inside a `reasoning` output item's `summary`.
 *
 * @example
 * ```ts
 * const part: ResponseSummaryText = { type: 'summary_text', text: 'Compared the two options.' };
 * console.log(part.text);
 * ```
 */
export interface ResponseSummaryText {
  type: 'summary_text';
  text: string;
}

/**
 * What `response.content_part.added` and `.done` carry: a message part, or a reasoning text part.
 *
 * @example
 * ```ts
 * const text = (p: ResponseContentPart) => (p.type === 'refusal' ? p.refusal : p.text);
 * ```
 */
export type ResponseContentPart = ResponseOutputText | ResponseOutputRefusal | ResponseReasoningText;
