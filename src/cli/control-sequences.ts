// What a model or a server writes must not drive the terminal that shows it: a prompt-injected
// answer could otherwise set the user's clipboard (OSC 52), clear the screen, retitle the window
// or move the cursor to forge a status line. Stripping the introducer of a sequence is what makes
// it harmless; the whole sequence is removed when it is whole within the text, so it leaves no
// debris. Stateless on purpose: a sequence split over two deltas loses its ESC with the first
// half, and its second half is then plain, visible text.

// ESC then: a CSI (`[` parameters, intermediates, final byte), a string sequence (OSC `]`, DCS `P`,
// SOS `X`, PM `^`, APC `_`, up to BEL or ST, else to the end), or a two-byte escape; the C1 forms
// of CSI and of the string sequences; then any C0 control but tab and newline, DEL and C1.
const CONTROL_SEQUENCE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is its job.
  /\x1b(?:\[[0-?]*[ -/]*[@-~]|[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|[ -/]*[0-~])?|\x9b[0-?]*[ -/]*[@-~]|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/**
 * `text` without terminal control: C0 controls except newline and tab, DEL, C1 controls and every
 * ESC/CSI/OSC/DCS sequence. For text a terminal shows; a pipe gets the text as it was written.
 */
export function stripControlSequences(text: string): string {
  return text.replace(CONTROL_SEQUENCE, '');
}
