import type { Metadata } from './shared.js';

/**
 * A citation of a file found by file search, covering `text` at `start_index`–`end_index`.
 *
 * @example
 * ```ts
 * const source = (a: FileCitationAnnotation) => `${a.text} → file ${a.file_citation.file_id}`;
 * ```
 */
export interface FileCitationAnnotation {
  index?: number;
  type: 'file_citation';
  text: string;
  file_citation: { file_id: string; quote?: string };
  start_index: number;
  end_index: number;
}

/**
 * A link to a file the code interpreter wrote, covering `text` at `start_index`–`end_index`.
 *
 * @example
 * ```ts
 * const link = (a: FilePathAnnotation) => `/files/${a.file_path.file_id}`;
 * ```
 */
export interface FilePathAnnotation {
  index?: number;
  type: 'file_path';
  text: string;
  file_path: { file_id: string };
  start_index: number;
  end_index: number;
}

/**
 * An annotation of a text content part.
 *
 * @example
 * ```ts
 * const cited = (annotations: Annotation[]) => annotations.filter((a) => a.type === 'file_citation').length;
 * ```
 */
export type Annotation = FileCitationAnnotation | FilePathAnnotation;

/**
 * A text part of a message, with its annotations.
 *
 * @example
 * ```ts
 * const plain = (part: TextContent) => part.text.value;
 * ```
 */
export interface TextContent {
  index?: number;
  type: 'text';
  text: { value: string; annotations: Annotation[] };
}

/**
 * An image part of a message that refers to an uploaded file.
 *
 * @example
 * ```ts
 * const imageId = (part: ImageFileContent) => part.image_file.file_id;
 * ```
 */
export interface ImageFileContent {
  index?: number;
  type: 'image_file';
  image_file: { file_id: string; detail?: 'auto' | 'low' | 'high' };
}

/**
 * An image part of a message that refers to a URL.
 *
 * @example
 * ```ts
 * const imageSource = (part: ImageURLContent) => part.image_url.url;
 * ```
 */
export interface ImageURLContent {
  index?: number;
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' };
}

/**
 * A refusal by the model, in place of an answer.
 *
 * @example
 * ```ts
 * const refusalNote = (part: RefusalContent) => `The model declined: ${part.refusal}`;
 * ```
 */
export interface RefusalContent {
  index?: number;
  type: 'refusal';
  refusal: string;
}

/**
 * A content part of a message.
 *
 * @example
 * ```ts
 * const textOf = (content: MessageContent[]) =>
 *   content.map((part) => (part.type === 'text' ? part.text.value : '')).join('');
 * ```
 */
export type MessageContent = TextContent | ImageFileContent | ImageURLContent | RefusalContent;

/**
 * A file attached to a message, and the tools that may read it.
 *
 * @example
 * ```ts
 * const attachment: MessageAttachment = { file_id: 'file_abc', tools: [{ type: 'file_search' }] };
 * await client.threads.messages.create(threadId, { role: 'user', content: 'Summarise it', attachments: [attachment] });
 * ```
 */
export interface MessageAttachment {
  file_id?: string;
  tools?: Array<{ type: 'code_interpreter' | 'file_search' }>;
}

/**
 * A message in a thread (`object: 'thread.message'`).
 *
 * @see https://platform.openai.com/docs/api-reference/messages/object
 *
 * @example
 * ```ts
 * events$.pipe(snapshots()).subscribe(({ messages }) => {
 *   const last: Message | undefined = messages.at(-1);
 *   if (last) render(last.content);
 * });
 * ```
 */
export interface Message {
  id: string;
  object: 'thread.message';
  created_at: number;
  thread_id: string;
  status: 'in_progress' | 'incomplete' | 'completed';
  incomplete_details: { reason: string } | null;
  completed_at: number | null;
  incomplete_at: number | null;
  role: 'user' | 'assistant';
  content: MessageContent[];
  assistant_id: string | null;
  run_id: string | null;
  attachments: MessageAttachment[] | null;
  metadata: Metadata | null;
}

/**
 * A delta of a text part: a fragment of `value`, or annotations by `index`.
 *
 * @example
 * ```ts
 * const fragment = (part: TextDeltaContent) => part.text?.value ?? '';
 * ```
 */
export interface TextDeltaContent {
  index: number;
  type: 'text';
  text?: { value?: string; annotations?: Array<Partial<Annotation> & { index: number }> };
}

/**
 * A delta that adds or completes an image-file part.
 *
 * @example
 * ```ts
 * const newImage = (part: ImageFileDeltaContent) => part.image_file?.file_id;
 * ```
 */
export interface ImageFileDeltaContent {
  index: number;
  type: 'image_file';
  image_file?: { file_id?: string; detail?: 'auto' | 'low' | 'high' };
}

/**
 * A delta that adds or completes an image-URL part.
 *
 * @example
 * ```ts
 * const newImageURL = (part: ImageURLDeltaContent) => part.image_url?.url;
 * ```
 */
export interface ImageURLDeltaContent {
  index: number;
  type: 'image_url';
  image_url?: { url?: string; detail?: 'auto' | 'low' | 'high' };
}

/**
 * A delta of a refusal part: a fragment of `refusal`.
 *
 * @example
 * ```ts
 * const refusalPiece = (part: RefusalDeltaContent) => part.refusal ?? '';
 * ```
 */
export interface RefusalDeltaContent {
  index: number;
  type: 'refusal';
  refusal?: string;
}

/**
 * A delta of one content part, addressed by `index`.
 *
 * @example
 * ```ts
 * const textPiece = (part: MessageContentDelta) => (part.type === 'text' ? (part.text?.value ?? '') : '');
 * ```
 */
export type MessageContentDelta =
  | TextDeltaContent
  | ImageFileDeltaContent
  | ImageURLDeltaContent
  | RefusalDeltaContent;

/**
 * What changed in a message (`object: 'thread.message.delta'`).
 *
 * @example
 * ```ts
 * events$.subscribe((e) => {
 *   if (e.event !== 'thread.message.delta') return;
 *   const delta: MessageDeltaEvent = e.data;
 *   console.log(delta.id, delta.delta.content?.length);
 * });
 * ```
 */
export interface MessageDeltaEvent {
  id: string;
  object: 'thread.message.delta';
  delta: { role?: 'user' | 'assistant'; content?: MessageContentDelta[] };
}
