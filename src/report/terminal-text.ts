// Text for a person's terminal: control characters from names, paths and values are shown escaped, never executed.

/** C0 controls but tab and newline, DEL, and C1 controls (CSI among them): what can move a cursor or recolour a screen. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function escapeControls(text: string): string {
  return text.replace(CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
