import type { Message, RunSnapshot, RunStep, ToolCall } from '../../src/index.js';
import { element, renderMarkdown } from './markdown.js';

interface Placed {
  deps: readonly unknown[];
  node: HTMLElement;
}

/**
 * The part of the page that shows one run: its messages and tool calls, in the order they
 * appeared. Snapshots never change once emitted and keep the objects an event did not touch, so
 * an item is rebuilt only when its object is a new one.
 */
export class TurnView {
  readonly #container: HTMLElement;
  readonly #placed = new Map<string, Placed>();

  constructor(container: HTMLElement) {
    this.#container = container;
  }

  render(snapshot: RunSnapshot): void {
    const byId = new Map(snapshot.messages.map((message) => [message.id, message]));
    for (const step of snapshot.steps) {
      const details = step.step_details;
      if (details.type === 'message_creation') {
        const message = byId.get(details.message_creation.message_id);
        if (message) this.#placeMessage(message);
      } else {
        details.tool_calls.forEach((call, i) => {
          this.#place(`call:${step.id}:${call.index ?? i}`, [call, step.status], () => toolCard(call, step));
        });
      }
    }
    // A message may arrive before the step that created it, or without one.
    for (const message of snapshot.messages) if (message.role === 'assistant') this.#placeMessage(message);
  }

  #placeMessage(message: Message): void {
    this.#place(`message:${message.id}`, [message], () => messageBubble(message));
  }

  #place(key: string, deps: readonly unknown[], build: () => HTMLElement): void {
    const placed = this.#placed.get(key);
    if (placed?.deps.every((dep, i) => dep === deps[i])) return;
    const node = build();
    if (placed) placed.node.replaceWith(node);
    else this.#container.append(node);
    this.#placed.set(key, { deps, node });
  }
}

/** The user's own message, shown as typed. */
export function userBubble(text: string): HTMLElement {
  return element('div', text, 'message user');
}

function messageBubble(message: Message): HTMLElement {
  const bubble = document.createElement('div');
  bubble.className = `message assistant${message.status === 'incomplete' ? ' incomplete' : ''}`;
  bubble.dataset.messageId = message.id;
  for (const part of message.content) {
    if (part.type === 'text') {
      const body = document.createElement('div');
      body.className = 'text';
      body.append(renderMarkdown(part.text.value));
      bubble.append(body);
      const cited = part.text.annotations.map((a) =>
        a.type === 'file_citation' ? a.file_citation.file_id : a.file_path.file_id,
      );
      if (cited.length > 0)
        bubble.append(element('div', `Sources: ${[...new Set(cited)].join(', ')}`, 'sources'));
    } else if (part.type === 'refusal') {
      bubble.append(element('p', part.refusal, 'refusal'));
    } else {
      const ref = part.type === 'image_file' ? part.image_file.file_id : part.image_url.url;
      bubble.append(element('p', `[image: ${ref}]`));
    }
  }
  if (message.status === 'incomplete') {
    bubble.append(
      element('div', `(incomplete: ${message.incomplete_details?.reason ?? 'unknown reason'})`, 'sources'),
    );
  }
  return bubble;
}

function toolCard(call: ToolCall, step: RunStep): HTMLElement {
  const card = document.createElement('div');
  card.className = 'card';
  card.dataset.tool = call.type === 'function' ? call.function.name : call.type;
  const title = document.createElement('h3');
  title.append(
    element('span', call.type === 'function' ? `ƒ ${call.function.name}` : call.type.replace('_', ' ')),
    element('small', step.status.replace('_', ' ')),
  );
  card.append(title);
  if (call.type === 'function') {
    section(card, 'arguments', pretty(call.function.arguments));
    if (call.function.output != null) section(card, 'output', pretty(call.function.output));
  } else if (call.type === 'code_interpreter') {
    section(card, 'input', call.code_interpreter.input);
    for (const output of call.code_interpreter.outputs) {
      section(
        card,
        output.type === 'logs' ? 'logs' : 'image',
        output.type === 'logs' ? output.logs : output.image.file_id,
      );
    }
  } else {
    const results = call.file_search.results ?? [];
    const lines = results.map((r) => `${r.file_name}  (score ${r.score.toFixed(2)})`);
    section(card, 'results', lines.join('\n') || 'searching…');
  }
  return card;
}

function section(card: HTMLElement, label: string, text: string): void {
  const pre = document.createElement('pre');
  pre.textContent = text;
  card.append(element('div', label, 'label'), pre);
}

/** JSON indented once it is whole; while the arguments still stream in, the raw text. */
function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
