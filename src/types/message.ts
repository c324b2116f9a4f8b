import type { Metadata } from './shared.js';

/** A citation of a file found by file search, covering `text` at `start_index`–`end_index`. */
export interface FileCitationAnnotation {
  index?: number;
  type: 'file_citation';
  text: string;
  file_citation: { file_id: string; quote?: string };
  start_index: number;
  end_index: number;
}

/** A link to a file the code interpreter wrote, covering `text` at `start_index`–`end_index`. */
export interface FilePathAnnotation {
  index?: number;
  type: 'file_path';
  text: string;
  file_path: { file_id: string };
  start_index: number;
  end_index: number;
}

/** An annotation of a text content part. */
export type Annotation = FileCitationAnnotation | FilePathAnnotation;

/** A text part of a message, with its annotations. */
export interface TextContent {
  index?: number;
  type: 'text';
  text: { value: string; annotations: Annotation[] };
}

/** An image part of a message that refers to an uploaded file. */
export interface ImageFileContent {
  index?: number;
  type: 'image_file';
  image_file: { file_id: string; detail?: 'auto' | 'low' | 'high' };
}

/** An image part of a message that refers to a URL. */
export interface ImageURLContent {
  index?: number;
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' };
}

/** A refusal by the model, in place of an answer. */
export interface RefusalContent {
  index?: number;
  type: 'refusal';
  refusal: string;
}

/** A content part of a message. */
export type MessageContent = TextContent | ImageFileContent | ImageURLContent | RefusalContent;

/** A file attached to a message, and the tools that may read it. */
export interface MessageAttachment {
  file_id?: string;
  tools?: Array<{ type: 'code_interpreter' | 'file_search' }>;
}

/** A message in a thread (`object: 'thread.message'`). */
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

/** A delta of a text part: a fragment of `value`, or annotations by `index`. */
export interface TextDeltaContent {
  index: number;
  type: 'text';
  text?: { value?: string; annotations?: Array<Partial<Annotation> & { index: number }> };
}

/** A delta that adds or completes an image-file part. */
export interface ImageFileDeltaContent {
  index: number;
  type: 'image_file';
  image_file?: { file_id?: string; detail?: 'auto' | 'low' | 'high' };
}

/** A delta that adds or completes an image-URL part. */
export interface ImageURLDeltaContent {
  index: number;
  type: 'image_url';
  image_url?: { url?: string; detail?: 'auto' | 'low' | 'high' };
}

/** A delta of a refusal part: a fragment of `refusal`. */
export interface RefusalDeltaContent {
  index: number;
  type: 'refusal';
  refusal?: string;
}

/** A delta of one content part, addressed by `index`. */
export type MessageContentDelta =
  | TextDeltaContent
  | ImageFileDeltaContent
  | ImageURLDeltaContent
  | RefusalDeltaContent;

/** What changed in a message (`object: 'thread.message.delta'`). */
export interface MessageDeltaEvent {
  id: string;
  object: 'thread.message.delta';
  delta: { role?: 'user' | 'assistant'; content?: MessageContentDelta[] };
}
