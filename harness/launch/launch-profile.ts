import { launchAwsProfile, type AwsLaunchContext } from './aws-profile.ts';
import { launchComposeProfile, type ComposeLaunchContext } from './compose-profile.ts';
import type { LaunchedProfile } from './launched-profile.ts';

/**
 * Launches one profile: its three services and its router, ready to serve at `gatewayUrl`.
 * A failed launch stops whatever it had started and rethrows.
 */
export function launchProfile(profile: 'compose', ctx: ComposeLaunchContext): Promise<LaunchedProfile>;
export function launchProfile(profile: 'aws', ctx: AwsLaunchContext): Promise<LaunchedProfile>;
export function launchProfile(
  profile: 'compose' | 'aws',
  ctx: ComposeLaunchContext | AwsLaunchContext,
): Promise<LaunchedProfile> {
  return profile === 'compose'
    ? launchComposeProfile(ctx as ComposeLaunchContext)
    : launchAwsProfile(ctx as AwsLaunchContext);
}
