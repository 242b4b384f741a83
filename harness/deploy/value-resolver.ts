import { resolveDynamicReference } from '../aws/read-secret.ts';
import type { EmulatorClients } from '../aws/emulator-clients.ts';
import { dynamicReferencesIn, substitute, type ValueLookup } from './intrinsics.ts';
import type { KnownValues } from './known-values.ts';

/**
 * Which values are substituted: everything known (`full`), or only what the emulator's
 * CloudFormation cannot know itself (`emulator`, for the template it receives).
 */
export type ResolveScope = 'full' | 'emulator';

/**
 * Substitutes the known values into a value and resolves the `{{resolve:...}}` references the
 * substitution leaves or builds, against the emulator; each reference is read once per deploy.
 */
export class ValueResolver {
  private readonly resolved = new Map<string, string>();

  constructor(
    private readonly clients: EmulatorClients,
    private readonly known: KnownValues,
  ) {}

  async resolve(value: unknown, scope: ResolveScope): Promise<unknown> {
    const first = substitute(value, this.lookup(scope));
    for (const reference of dynamicReferencesIn(first)) {
      if (!this.resolved.has(reference)) {
        this.resolved.set(reference, await resolveDynamicReference(this.clients, reference));
      }
    }
    return substitute(
      first,
      this.lookup(scope, (reference) => this.resolved.get(reference)),
    );
  }

  private lookup(scope: ResolveScope, dynamicReference?: (reference: string) => string | undefined): ValueLookup {
    return scope === 'full' ? this.known.fullLookup(dynamicReference) : this.known.emulatorLookup(dynamicReference);
  }
}
