import type { ProfileName, StackDocument } from '../stack/stack-document.ts';

/** A profile's gateway and the demo login the stack document names. */
export interface GatewayTarget {
  readonly baseUrl: string;
  readonly username: string;
  readonly password: string;
}

/** Both gateways of a running stack, from its stack document. */
export function gatewayTargets(document: StackDocument): { compose: GatewayTarget; aws: GatewayTarget } {
  const target = (profile: ProfileName): GatewayTarget => {
    const gateway = (document.profiles[profile] as { gateway?: { url?: string; username?: string; password?: string } })
      ?.gateway;
    if (gateway?.url === undefined || gateway.username === undefined || gateway.password === undefined) {
      throw new Error(
        `the stack document has no ${profile} gateway with a demo login: was the stack started with --profile both?`,
      );
    }
    return { baseUrl: gateway.url, username: gateway.username, password: gateway.password };
  };
  return { compose: target('compose'), aws: target('aws') };
}
