import { HarnessError } from '../core/harness-error.ts';
import type { TemplateReference } from './template-types.ts';

/** Returned by a lookup for `AWS::NoValue`: the property or list item is dropped. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/**
 * Values the substitution knows. Each method returns `undefined` for "not known (yet)", which
 * leaves the intrinsic in place for the emulator's CloudFormation to resolve.
 */
export interface ValueLookup {
  ref(logicalId: string): unknown;
  getAtt(logicalId: string, attribute: string): unknown;
  condition?(name: string): boolean | undefined;
  mapping?(map: string, topKey: string, secondKey: string): unknown;
  availabilityZones?(): string[] | undefined;
  /** The value of one `{{resolve:...}}` reference, or `undefined` to keep it literal. */
  dynamicReference?(reference: string): string | undefined;
  /**
   * Used instead of this lookup inside a `Fn::Join`/`Fn::Sub` that builds a `{{resolve:...}}`:
   * the deployer resolves those itself, so it needs every value in them, not just its own.
   */
  forDynamicReferences?: ValueLookup;
}

function buildsDynamicReference(name: string, rawArgs: Json): boolean {
  if (name === 'Fn::Join' && Array.isArray(rawArgs) && Array.isArray(rawArgs[1])) {
    return rawArgs[1].some((part) => typeof part === 'string' && part.includes('{{resolve:'));
  }
  if (name === 'Fn::Sub') {
    const text = Array.isArray(rawArgs) ? rawArgs[0] : rawArgs;
    return typeof text === 'string' && text.includes('{{resolve:');
  }
  return false;
}

const DYNAMIC_REFERENCE = /\{\{resolve:[^}]+\}\}/g;

type Json = unknown;

/** True for a one-key object whose key is `Ref`, `Condition` or `Fn::*`. */
function isIntrinsic(node: Json): node is Record<string, Json> {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return false;
  const keys = Object.keys(node);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Condition' || keys[0]!.startsWith('Fn::'));
}

function isPrimitive(value: Json): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/**
 * Replaces every intrinsic whose inputs the lookup knows with its value, collapsing `Fn::Join`,
 * `Fn::Sub`, `Fn::Select` and friends once their arguments are concrete; `{{resolve:...}}` text
 * is replaced through `lookup.dynamicReference`. What is unknown stays as it was.
 */
export function substitute(node: Json, lookup: ValueLookup): Json {
  if (typeof node === 'string') return resolveDynamicReferences(node, lookup);
  if (Array.isArray(node)) return node.map((item) => substitute(item, lookup)).filter((item) => item !== NO_VALUE);
  if (node === null || typeof node !== 'object') return node;
  if (isIntrinsic(node)) return substituteIntrinsic(node, lookup);
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(node)) {
    const replaced = substitute(value, lookup);
    if (replaced !== NO_VALUE) out[key] = replaced;
  }
  return out;
}

function resolveDynamicReferences(text: string, lookup: ValueLookup): string {
  if (!lookup.dynamicReference || !text.includes('{{resolve:')) return text;
  return text.replace(DYNAMIC_REFERENCE, (reference) => lookup.dynamicReference!(reference) ?? reference);
}

function substituteIntrinsic(node: Record<string, Json>, outer: ValueLookup): Json {
  const [name, rawArgs] = Object.entries(node)[0]!;
  const lookup =
    outer.forDynamicReferences && buildsDynamicReference(name, rawArgs)
      ? { ...outer.forDynamicReferences, dynamicReference: outer.dynamicReference }
      : outer;
  switch (name) {
    case 'Ref': {
      if (typeof rawArgs !== 'string') return node;
      const value = lookup.ref(rawArgs);
      return value === undefined ? node : value;
    }
    case 'Fn::GetAtt': {
      const [logicalId, attribute] = getAttArgs(rawArgs);
      if (logicalId === undefined || attribute === undefined) return node;
      const value = lookup.getAtt(logicalId, attribute);
      return value === undefined ? node : value;
    }
    case 'Fn::Join': {
      const args = substitute(rawArgs, lookup) as Json[];
      const [delimiter, list] = args;
      if (typeof delimiter === 'string' && Array.isArray(list) && list.every(isPrimitive)) {
        return resolveDynamicReferences(list.join(delimiter), lookup);
      }
      return { 'Fn::Join': args };
    }
    case 'Fn::Sub':
      return substituteSub(rawArgs, lookup);
    case 'Fn::Select': {
      const args = substitute(rawArgs, lookup) as Json[];
      const [index, list] = args;
      if ((typeof index === 'number' || typeof index === 'string') && Array.isArray(list)) {
        const item = list[Number(index)];
        if (item === undefined)
          throw new HarnessError(
            'TEMPLATE_INVALID',
            `Fn::Select index ${String(index)} is outside a list of ${list.length}`,
          );
        return item;
      }
      return { 'Fn::Select': args };
    }
    case 'Fn::Split': {
      const args = substitute(rawArgs, lookup) as Json[];
      const [delimiter, text] = args;
      if (typeof delimiter === 'string' && typeof text === 'string') return text.split(delimiter);
      return { 'Fn::Split': args };
    }
    case 'Fn::GetAZs': {
      const zones = lookup.availabilityZones?.();
      return zones ?? node;
    }
    case 'Fn::If': {
      const [conditionName, whenTrue, whenFalse] = rawArgs as [string, Json, Json];
      const decided = lookup.condition?.(conditionName);
      if (decided === true) return substitute(whenTrue, lookup);
      if (decided === false) return substitute(whenFalse, lookup);
      return { 'Fn::If': [conditionName, substitute(whenTrue, lookup), substitute(whenFalse, lookup)] };
    }
    case 'Fn::FindInMap': {
      const args = substitute(rawArgs, lookup) as Json[];
      const [map, top, second] = args;
      if (lookup.mapping && typeof map === 'string' && typeof top === 'string' && typeof second === 'string') {
        const value = lookup.mapping(map, top, second);
        if (value !== undefined) return value;
      }
      return { 'Fn::FindInMap': args };
    }
    case 'Fn::Base64': {
      const value = substitute(rawArgs, lookup);
      return typeof value === 'string' ? Buffer.from(value).toString('base64') : { 'Fn::Base64': value };
    }
    case 'Fn::ToJsonString': {
      const value = substitute(rawArgs, lookup);
      return isConcrete(value) ? JSON.stringify(value) : { 'Fn::ToJsonString': value };
    }
    case 'Fn::Equals': {
      const args = substitute(rawArgs, lookup) as Json[];
      const [left, right] = args;
      if (isPrimitive(left) && isPrimitive(right)) return String(left) === String(right);
      return { 'Fn::Equals': args };
    }
    case 'Fn::Not': {
      const args = substitute(rawArgs, lookup) as Json[];
      return typeof args[0] === 'boolean' ? !args[0] : { 'Fn::Not': args };
    }
    case 'Fn::And':
    case 'Fn::Or': {
      const args = substitute(rawArgs, lookup) as Json[];
      if (!args.every((arg) => typeof arg === 'boolean')) return { [name]: args };
      return name === 'Fn::And' ? args.every(Boolean) : args.some(Boolean);
    }
    case 'Condition': {
      const decided = typeof rawArgs === 'string' ? lookup.condition?.(rawArgs) : undefined;
      return decided ?? node;
    }
    default:
      return { [name]: substitute(rawArgs, lookup) };
  }
}

function getAttArgs(rawArgs: Json): [string | undefined, string | undefined] {
  if (typeof rawArgs === 'string') {
    const dot = rawArgs.indexOf('.');
    return dot < 0 ? [rawArgs, undefined] : [rawArgs.slice(0, dot), rawArgs.slice(dot + 1)];
  }
  if (Array.isArray(rawArgs) && typeof rawArgs[0] === 'string' && typeof rawArgs[1] === 'string') {
    return [rawArgs[0], rawArgs[1]];
  }
  return [undefined, undefined];
}

const SUB_VARIABLE = /\$\{([^}]+)\}/g;

function substituteSub(rawArgs: Json, lookup: ValueLookup): Json {
  const [text, rawVariables] = Array.isArray(rawArgs) ? [rawArgs[0], rawArgs[1]] : [rawArgs, undefined];
  if (typeof text !== 'string') return { 'Fn::Sub': substitute(rawArgs, lookup) };
  const variables = (rawVariables ? substitute(rawVariables, lookup) : {}) as Record<string, Json>;
  let unresolved = false;
  const replaced = text.replace(SUB_VARIABLE, (whole, name: string) => {
    if (name.startsWith('!')) return whole;
    let value: Json;
    if (name in variables) value = variables[name];
    else if (name.includes('.')) {
      const dot = name.indexOf('.');
      value = lookup.getAtt(name.slice(0, dot), name.slice(dot + 1));
    } else value = lookup.ref(name);
    if (!isPrimitive(value)) {
      unresolved = true;
      return whole;
    }
    return String(value);
  });
  if (!unresolved) return resolveDynamicReferences(replaced.replace(/\$\{!/g, '${'), lookup);
  const remaining = Object.fromEntries(Object.entries(variables).filter(([, value]) => !isPrimitive(value)));
  return Object.keys(remaining).length > 0 ? { 'Fn::Sub': [replaced, remaining] } : { 'Fn::Sub': replaced };
}

/** True when no intrinsic and no `{{resolve:...}}` is left anywhere inside. */
function isConcrete(node: Json): boolean {
  return unresolvedIn(node).length === 0;
}

/** Short descriptions of what is still unresolved inside a value (for error messages). */
export function unresolvedIn(node: Json): string[] {
  const found: string[] = [];
  const walk = (value: Json): void => {
    if (typeof value === 'string') {
      for (const match of value.matchAll(DYNAMIC_REFERENCE)) found.push(redactDynamicReference(match[0]));
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') {
      if (isIntrinsic(value)) found.push(JSON.stringify(value).slice(0, 120));
      else Object.values(value).forEach(walk);
    }
  };
  walk(node);
  return found;
}

/** Keeps the service and secret name of a dynamic reference, never more. */
export function redactDynamicReference(reference: string): string {
  const parts = reference.slice('{{resolve:'.length, -2).split(':');
  return `{{resolve:${parts[0]}:...}}`;
}

/** Every `{{resolve:...}}` reference in a value's strings. */
export function dynamicReferencesIn(node: Json): string[] {
  const found = new Set<string>();
  const walk = (value: Json): void => {
    if (typeof value === 'string') for (const match of value.matchAll(DYNAMIC_REFERENCE)) found.add(match[0]);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(node);
  return [...found];
}

/**
 * The resources and parameters a value refers to through `Ref`, `Fn::GetAtt` and `Fn::Sub`.
 * References inside a `Fn::Join`/`Fn::Sub` that builds a `{{resolve:...}}` are marked hard:
 * the deployer must know them before it can resolve the reference itself.
 */
export function referencesIn(node: Json): TemplateReference[] {
  const found: TemplateReference[] = [];
  const walk = (value: Json, hard: boolean): void => {
    if (Array.isArray(value)) {
      value.forEach((item) => walk(item, hard));
      return;
    }
    if (value === null || typeof value !== 'object') return;
    if (!isIntrinsic(value)) {
      Object.values(value).forEach((item) => walk(item, hard));
      return;
    }
    const [name, args] = Object.entries(value)[0]!;
    if (name === 'Ref' && typeof args === 'string') {
      if (!args.startsWith('AWS::')) found.push({ logicalId: args, hard });
    } else if (name === 'Fn::GetAtt') {
      const [logicalId, attribute] = getAttArgs(args);
      if (logicalId) found.push({ logicalId, attribute, hard });
    } else if (name === 'Fn::Sub') {
      const [text, variables] = Array.isArray(args) ? [args[0], args[1]] : [args, undefined];
      const subHard = hard || (typeof text === 'string' && text.includes('{{resolve:'));
      if (typeof text === 'string') {
        const own = new Set(Object.keys((variables as Record<string, Json> | undefined) ?? {}));
        for (const match of text.matchAll(SUB_VARIABLE)) {
          const variable = match[1]!;
          if (variable.startsWith('!') || variable.startsWith('AWS::') || own.has(variable)) continue;
          const dot = variable.indexOf('.');
          if (dot < 0) found.push({ logicalId: variable, hard: subHard });
          else found.push({ logicalId: variable.slice(0, dot), attribute: variable.slice(dot + 1), hard: subHard });
        }
      }
      if (variables) walk(variables, subHard);
    } else if (name === 'Fn::Join' && Array.isArray(args)) {
      const parts = args[1];
      const joinHard =
        hard || (Array.isArray(parts) && parts.some((part) => typeof part === 'string' && part.includes('{{resolve:')));
      walk(args, joinHard);
    } else if (name === 'Fn::If' && Array.isArray(args)) {
      walk(args.slice(1), hard);
    } else {
      walk(args, hard);
    }
  };
  walk(node, false);
  return found;
}
