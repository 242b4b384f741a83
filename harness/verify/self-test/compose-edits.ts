import type { Document } from 'yaml';

/** Sets `services.<service>.environment.<key>`; `mustExist` refuses a key the file does not have (a typo in the defect). */
export function setComposeEnvironment(
  compose: Document,
  service: string,
  key: string,
  value: string,
  mustExist = true,
): void {
  const path = ['services', service, 'environment', key];
  if (!compose.hasIn(['services', service, 'environment']))
    throw new Error(`compose service ${service} has no environment map`);
  if (mustExist && !compose.hasIn(path)) throw new Error(`compose service ${service} has no environment key ${key}`);
  compose.setIn(path, value);
}
