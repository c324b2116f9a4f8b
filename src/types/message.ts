import type { Metadata } from './shared.js';

export interface FileCitationAnnotation {
  index?: number;
  type: 'file_citation';
  text: string;
  file_citation: { file_id: string; quote?: string };
  start_index: number;
  end_index: number;
}

export interface FilePathAnnotation {
  index?: number;
  type: 'file_path';
  text: string;
  file_path: { file_id: string };
  start_index: number;
  end_index: number;
}

export type Annotation = FileCitationAnnotation | FilePathAnnotation;

export interface TextContent {
  index?: number;
  type: 'text';
  text: { value: string; annotations: Annotation[] };
}

export interface ImageFileContent {
  index?: number;
  type: 'image_file';
  image_file: { file_id: string; detail?: 'auto' | 'low' | 'high' };
}

export interface ImageURLContent {
  index?: number;
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' };
}

export interface RefusalContent {
  index?: number;
  type: 'refusal';
  refusal: string;
}

export type MessageContent = TextContent | ImageFileContent | ImageURLContent | RefusalContent;

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

export interface TextDeltaContent {
  index: number;
  type: 'text';
  text?: { value?: string; annotations?: Array<Partial<Annotation> & { index: number }> };
}

export interface ImageFileDeltaContent {
  index: number;
  type: 'image_file';
  image_file?: { file_id?: string; detail?: 'auto' | 'low' | 'high' };
}

export interface ImageURLDeltaContent {
  index: number;
  type: 'image_url';
  image_url?: { url?: string; detail?: 'auto' | 'low' | 'high' };
}

export interface RefusalDeltaContent {
  index: number;
  type: 'refusal';
  refusal?: string;
}

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
