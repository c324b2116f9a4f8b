/**
 * A deliberately small markdown renderer for model output: fenced code, bullet lists,
 * paragraphs, `inline code` and **bold**. It builds DOM nodes and sets only text, so whatever the
 * model writes (`<script>`, `<img onerror>`) is shown as characters, never parsed as HTML.
 */
export function renderMarkdown(text: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const parts = text.split(/^```[^\n]*\n?/m);
  parts.forEach((part, i) => {
    // Odd parts sit between fences; an unclosed fence (still streaming) is code too.
    if (i % 2 === 1) {
      const pre = document.createElement('pre');
      pre.append(element('code', part.replace(/\n$/, '')));
      fragment.append(pre);
    } else {
      for (const block of part.split(/\n{2,}/)) if (block.trim()) fragment.append(renderBlock(block));
    }
  });
  return fragment;
}

function renderBlock(block: string): HTMLElement {
  const lines = block.split('\n');
  if (lines.every((line) => /^\s*[-*] /.test(line))) {
    const list = document.createElement('ul');
    for (const line of lines) list.append(inline('li', line.replace(/^\s*[-*] /, '')));
    return list;
  }
  return inline('p', block);
}

/** `tag` holding `text` with `code` and **bold** spans as elements, the rest as text nodes. */
function inline(tag: string, text: string): HTMLElement {
  const node = document.createElement(tag);
  for (const piece of text.split(/(`[^`\n]+`|\*\*[^*\n]+\*\*)/)) {
    if (!piece) continue;
    if (piece.startsWith('`') && piece.endsWith('`') && piece.length > 2)
      node.append(element('code', piece.slice(1, -1)));
    else if (piece.startsWith('**') && piece.endsWith('**') && piece.length > 4)
      node.append(element('strong', piece.slice(2, -2)));
    else node.append(document.createTextNode(piece));
  }
  return node;
}

export function element(tag: string, text: string, className?: string): HTMLElement {
  const node = document.createElement(tag);
  node.textContent = text;
  if (className) node.className = className;
  return node;
}
