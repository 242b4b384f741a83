import { HarnessError } from '../core/harness-error.ts';
import { NO_VALUE, substitute, type ValueLookup } from './intrinsics.ts';
import type { CfnTemplate } from './template-types.ts';

/**
 * Where a value came from: the emulator's CloudFormation, a service API, a removed resource's
 * stand-in, or a service API read of something CloudFormation created but gives no usable `Ref` for.
 */
export type ValueSource = 'cloudformation' | 'api' | 'removed' | 'lookup';

interface Entry {
  source: ValueSource;
  ref?: unknown;
  attributes: Record<string, unknown>;
}

/** Pseudo parameters and the account facts the deployer fills in itself. */
export interface AccountFacts {
  readonly stackName: string;
  readonly region: string;
  readonly accountId: string;
  readonly availabilityZones: readonly string[];
}

/**
 * The values of resources as they become known during a deploy (`Ref` and `Fn::GetAtt` results),
 * and the two lookups built from them: one for the template sent to the emulator (API values
 * only; CloudFormation resolves its own resources) and one that knows everything.
 */
export class KnownValues {
  private readonly entries = new Map<string, Entry>();
  private stackId: string | undefined;

  constructor(
    private readonly template: CfnTemplate,
    private readonly facts: AccountFacts,
  ) {}

  /** Records a `Ref` value. */
  setRef(logicalId: string, source: ValueSource, value: unknown): void {
    this.entry(logicalId, source).ref = value;
  }

  /** Records `Fn::GetAtt` values. */
  setAttributes(logicalId: string, source: ValueSource, attributes: Record<string, unknown>): void {
    Object.assign(this.entry(logicalId, source).attributes, attributes);
  }

  setStackId(stackId: string | undefined): void {
    this.stackId = stackId;
  }

  /** True when the resource's `Ref` (or the attribute) is known. */
  has(logicalId: string, attribute?: string): boolean {
    const entry = this.entries.get(logicalId);
    if (!entry) return false;
    return attribute === undefined ? entry.ref !== undefined : entry.attributes[attribute] !== undefined;
  }

  source(logicalId: string): ValueSource | undefined {
    return this.entries.get(logicalId)?.source;
  }

  /** Everything recorded for a resource. */
  get(logicalId: string): { ref?: unknown; attributes: Record<string, unknown> } | undefined {
    return this.entries.get(logicalId);
  }

  private entry(logicalId: string, source: ValueSource): Entry {
    let entry = this.entries.get(logicalId);
    if (!entry) {
      entry = { source, attributes: {} };
      this.entries.set(logicalId, entry);
    }
    entry.source = source;
    return entry;
  }

  private pseudo(name: string): unknown {
    switch (name) {
      case 'AWS::Region':
        return this.facts.region;
      case 'AWS::AccountId':
        return this.facts.accountId;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return this.facts.stackName;
      case 'AWS::StackId':
        return this.stackId;
      case 'AWS::NoValue':
        return NO_VALUE;
      default:
        return undefined;
    }
  }

  /**
   * The lookup for the template the emulator's CloudFormation receives: only values it cannot
   * know (API-created and removed resources); inside `{{resolve:...}}` builders, everything.
   */
  emulatorLookup(dynamicReference?: (reference: string) => string | undefined): ValueLookup {
    const full = this.fullLookup(dynamicReference);
    return {
      ref: (logicalId) => (this.isOwnValue(logicalId) ? this.entries.get(logicalId)?.ref : undefined),
      getAtt: (logicalId, attribute) => (this.isOwnValue(logicalId) ? this.attribute(logicalId, attribute) : undefined),
      dynamicReference,
      forDynamicReferences: full,
    };
  }

  /** A lookup that knows pseudo parameters, parameter defaults, conditions, mappings and every recorded value. */
  fullLookup(dynamicReference?: (reference: string) => string | undefined): ValueLookup {
    const lookup: ValueLookup = {
      ref: (logicalId) => {
        if (logicalId.startsWith('AWS::')) return this.pseudo(logicalId);
        const parameter = this.template.Parameters?.[logicalId];
        if (parameter) return parameter.Default;
        return this.entries.get(logicalId)?.ref;
      },
      getAtt: (logicalId, attribute) =>
        this.entries.has(logicalId) ? this.attribute(logicalId, attribute) : undefined,
      availabilityZones: () => [...this.facts.availabilityZones],
      mapping: (map, top, second) => this.template.Mappings?.[map]?.[top]?.[second],
      condition: (name) => {
        const expression = this.template.Conditions?.[name];
        if (expression === undefined) return undefined;
        const value = substitute(expression, lookup);
        return typeof value === 'boolean' ? value : undefined;
      },
      dynamicReference,
    };
    return lookup;
  }

  private isOwnValue(logicalId: string): boolean {
    const source = this.entries.get(logicalId)?.source;
    return source === 'api' || source === 'removed' || source === 'lookup';
  }

  private attribute(logicalId: string, attribute: string): unknown {
    const entry = this.entries.get(logicalId)!;
    const value = entry.attributes[attribute];
    if (value === undefined && entry.source !== 'cloudformation') {
      throw new HarnessError(
        'TEMPLATE_UNSUPPORTED',
        `${logicalId} was ${entry.source === 'api' ? 'created through its API' : 'removed'} and has no attribute ${attribute} (known: ${Object.keys(entry.attributes).join(', ') || 'none'})`,
      );
    }
    return value;
  }
}
