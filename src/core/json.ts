// JSON value types, type guards, JSON Pointer helpers and the one serializer every output goes through.

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}
/** A path into a JSON document: object keys and array indexes, root first. */
export type Path = ReadonlyArray<string | number>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keys that would reach an object prototype if assigned naively. Inputs and config paths may not use them. */
export const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Set an own property even when the key is `__proto__` (plain assignment would change the prototype). */
export function setOwn(target: JsonObject, key: string, value: Json): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    target[key] = value;
  }
}

const NOTHING = {};

/**
 * Throws unless Object.prototype is as the engine made it (no enumerable property). The walkers loop with `for…in`,
 * which on a plain object visits its own keys without the array Object.keys allocates for every object (a third of
 * a walk, and most of its garbage); that is only its own keys while no enumerable property was added to the prototype,
 * which only a misbehaving plugin could do. Called once per walk, not per object.
 */
export function assertPlainPrototype(): void {
  for (const key in NOTHING)
    throw new Error(
      `Object.prototype has the enumerable property ${JSON.stringify(key)} (added by a plugin?)`,
    );
}

/** `target[key]` only when it is the object's own property: never a value found on a prototype. */
export function own(target: JsonObject, key: string): Json | undefined {
  return Object.prototype.hasOwnProperty.call(target, key) ? target[key] : undefined;
}

/**
 * `value` without `__proto__`, `constructor` and `prototype` keys at any depth (a copy of only the branches that held
 * one); `onDrop` hears the path of each. For documents that did not come through parseInput (the library entry).
 */
export function withoutUnsafeKeys(
  value: Json,
  onDrop: (path: readonly (string | number)[]) => void = () => undefined,
  path: (string | number)[] = [],
): Json {
  if (Array.isArray(value)) {
    let out: Json[] | undefined;
    value.forEach((item, i) => {
      path.push(i);
      const next = withoutUnsafeKeys(item, onDrop, path);
      path.pop();
      if (next !== item) (out ??= value.slice())[i] = next;
    });
    return out ?? value;
  }
  if (!isObject(value)) return value;
  let out: JsonObject | undefined;
  for (const key of Object.keys(value)) {
    path.push(key);
    if (UNSAFE_KEYS.has(key)) {
      onDrop([...path]);
      out ??= copyOwn(value);
      delete out[key];
    } else {
      const item = value[key] as Json;
      const next = withoutUnsafeKeys(item, onDrop, path);
      if (next !== item) setOwn((out ??= copyOwn(value)), key, next);
    }
    path.pop();
  }
  return out ?? value;
}

function copyOwn(value: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(value)) setOwn(out, key, value[key] as Json);
  return out;
}

/** Deep copy of a JSON value; faster than structuredClone for plain data. */
export function cloneJson<T extends Json>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => cloneJson(item)) as T;
  const out: JsonObject = {};
  for (const key of Object.keys(value)) setOwn(out, key, cloneJson(value[key] as Json));
  return out as T;
}

export function deepEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  if (keysA.length !== Object.keys(b).length) return false;
  for (const key of keysA) {
    if (!Object.prototype.hasOwnProperty.call(b, key) || !deepEqual(a[key], b[key])) return false;
  }
  return true;
}

/** Deep-freeze a value (tests use it to prove transforms never mutate their input). */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** RFC 6901 pointer for a path. */
export function toPointer(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += '/' + segment;
    // Escaping is rare (keys with ~ or /): test before paying for two replaces per segment.
    else
      out +=
        '/' +
        (segment.includes('~') || segment.includes('/')
          ? segment.replace(/~/g, '~0').replace(/\//g, '~1')
          : segment);
  }
  return out;
}

/** Read the value at a pointer, or undefined when it does not exist. */
export function getAtPointer(doc: Json, pointer: string): Json | undefined {
  if (pointer === '') return doc;
  let node: Json | undefined = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isObject(node) && Object.prototype.hasOwnProperty.call(node, key)) node = node[key];
    else return undefined;
  }
  return node;
}

/** How an existing file is laid out, so that a merge into it keeps its look. */
export interface TextStyle {
  indent: string | number;
  eol: '\n' | '\r\n';
  finalNewline: boolean;
}

export const DEFAULT_STYLE: TextStyle = { indent: 2, eol: '\n', finalNewline: true };

/** The indentation (first indented line), line endings and final newline of a JSON text. */
export function detectStyle(text: string): TextStyle {
  const indent = /\n([ \t]+)\S/.exec(text)?.[1];
  // A file on one line (minified) stays on one line.
  const oneLine = !/\n/.test(text.trimEnd());
  return {
    indent: oneLine ? 0 : indent === undefined ? 2 : indent.startsWith('\t') ? '\t' : indent.length,
    eol: text.includes('\r\n') ? '\r\n' : '\n',
    finalNewline: text.length === 0 || /\r?\n$/.test(text),
  };
}

/** The single serializer: 2-space JSON and a trailing newline by default, so output is byte-stable; or a file's own style. */
export function serialize(value: Json, style: TextStyle = DEFAULT_STYLE): string {
  return withLineStyle(JSON.stringify(value, null, style.indent), style);
}

/**
 * The same text as `serialize`, in pieces: a document with a `workflows` list is made workflow by workflow, each time
 * the result is iterated, so a block past the largest JavaScript string (about 512 MiB) can still be written and the
 * whole text is never held at once. Each piece is JSON.stringify's own text for that part at its depth, so the pieces
 * joined are byte-identical to `serialize`.
 */
export function serializePieces(
  value: Json,
  style: TextStyle = DEFAULT_STYLE,
): string | Iterable<string> {
  return serializeAlong(value, 'workflows', style);
}

/**
 * `serialize` in pieces along one top-level list: one piece per element of `value[key]` (the workflows of a block, the
 * inputs of a run report), one per other member. A value without that list is one piece.
 */
export function serializeAlong(
  value: Json,
  key: string,
  style: TextStyle = DEFAULT_STYLE,
): string | Iterable<string> {
  const list = isObject(value) ? own(value, key) : undefined;
  if (!isObject(value) || !Array.isArray(list) || list.length === 0) return serialize(value, style);
  return { [Symbol.iterator]: () => listPieces(value, key, list, style) };
}

function* listPieces(
  value: JsonObject,
  listKey: string,
  list: readonly Json[],
  style: TextStyle,
): Generator<string> {
  const unit = typeof style.indent === 'number' ? ' '.repeat(style.indent) : style.indent;
  const nl = unit === '' ? '' : '\n';
  const colon = unit === '' ? ':' : ': ';
  const styled = (piece: string): string =>
    style.eol === '\n' ? piece : piece.replace(/\n/g, '\r\n');
  // `{"<key>": v}` stringified at the root puts v at depth 1, as in the whole document; the wrapper is cut off.
  const member = (key: string, v: Json): string => {
    const wrapper: JsonObject = {};
    setOwn(wrapper, key, v);
    const text = JSON.stringify(wrapper, null, style.indent);
    return text.slice(1 + nl.length, text.length - 1 - nl.length);
  };
  // `{"a": [w]}` puts w at depth 2, as an element of the top-level list.
  const head = `{${nl}${unit}"a"${colon}[${nl}${unit}${unit}`;
  const tail = `${nl}${unit}]${nl}}`.length;
  const element = (w: Json): string => {
    const text = JSON.stringify({ a: [w] }, null, style.indent);
    return text.slice(head.length, text.length - tail);
  };
  yield '{';
  let i = 0;
  for (const key of Object.keys(value)) {
    const comma = i++ === 0 ? '' : ',';
    if (key !== listKey) {
      yield styled(comma + nl + member(key, value[key] as Json));
      continue;
    }
    yield styled(`${comma}${nl}${unit}${JSON.stringify(key)}${colon}[`);
    for (let j = 0; j < list.length; j++)
      yield styled(`${j === 0 ? '' : ','}${nl}${unit}${unit}${element(list[j] as Json)}`);
    yield styled(`${nl}${unit}]`);
  }
  yield styled(nl + '}') + (style.finalNewline ? style.eol : '');
}

/** JSON text given the style's line endings and final newline (text kept from a CRLF file already has them). */
export function withLineStyle(text: string, style: TextStyle): string {
  const lines = style.eol === '\n' ? text : text.replace(/\r?\n/g, '\r\n');
  return style.finalNewline ? lines + style.eol : lines;
}

/** A copy of `doc` with the value at `pointer` replaced; only the nodes on the path are copied. */
export function setAtPointer(doc: Json, pointer: string, value: Json): Json {
  if (pointer === '') return value;
  const [head, ...rest] = pointer.slice(1).split('/');
  const key = (head as string).replace(/~1/g, '/').replace(/~0/g, '~');
  const tail = rest.length > 0 ? '/' + rest.join('/') : '';
  if (Array.isArray(doc)) {
    const out = doc.slice();
    const i = Number(key);
    out[i] = setAtPointer(doc[i] as Json, tail, value);
    return out;
  }
  if (isObject(doc)) {
    const out: JsonObject = { ...doc };
    setOwn(out, key, setAtPointer(doc[key] as Json, tail, value));
    return out;
  }
  return doc;
}

/** A copy of `doc` without the value at `pointer` (object key deleted, array element spliced out). */
export function removeAtPointer(doc: Json, pointer: string): Json {
  if (pointer === '') return doc;
  const segments = pointer.slice(1).split('/');
  const last = (segments.pop() as string).replace(/~1/g, '/').replace(/~0/g, '~');
  const parentPointer = segments.length > 0 ? '/' + segments.join('/') : '';
  const parent = getAtPointer(doc, parentPointer);
  if (Array.isArray(parent)) {
    const i = Number(last);
    if (!Number.isInteger(i) || i < 0 || i >= parent.length) return doc;
    return setAtPointer(doc, parentPointer, [...parent.slice(0, i), ...parent.slice(i + 1)]);
  }
  if (isObject(parent) && Object.prototype.hasOwnProperty.call(parent, last)) {
    const copy: JsonObject = {};
    for (const [k, v] of Object.entries(parent)) if (k !== last) setOwn(copy, k, v);
    return setAtPointer(doc, parentPointer, copy);
  }
  return doc;
}
