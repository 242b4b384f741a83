// @peculiar/x509 registers its parsers with tsyringe, which refuses to load unless a Reflect metadata
// API exists. This is the subset tsyringe calls (define, own and inherited lookup by key), so that the
// harness needs no polyfill package; it runs on import because the import of x509 must follow it.

type MetadataKey = unknown;

interface ReflectMetadata {
  defineMetadata(key: MetadataKey, value: unknown, target: object): void;
  getOwnMetadata(key: MetadataKey, target: object): unknown;
  getMetadata(key: MetadataKey, target: object): unknown;
}

/** Adds the metadata functions tsyringe needs to `Reflect`, unless a full polyfill is already there. */
function installReflectMetadata(): void {
  const reflect = Reflect as typeof Reflect & Partial<ReflectMetadata>;
  if (typeof reflect.getMetadata === 'function') return;
  const store = new WeakMap<object, Map<MetadataKey, unknown>>();
  const api: ReflectMetadata = {
    defineMetadata(key, value, target) {
      const own = store.get(target) ?? new Map<MetadataKey, unknown>();
      own.set(key, value);
      store.set(target, own);
    },
    getOwnMetadata(key, target) {
      return store.get(target)?.get(key);
    },
    getMetadata(key, target) {
      for (let at: object | null = target; at; at = Object.getPrototypeOf(at) as object | null) {
        const own = store.get(at);
        if (own?.has(key)) return own.get(key);
      }
      return undefined;
    },
  };
  Object.assign(Reflect, api);
}

installReflectMetadata();
