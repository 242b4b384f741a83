import { awsErrorName } from '../../aws/index.ts';
import { AuthorizeSecurityGroupEgressCommand } from '@aws-sdk/client-ec2';
import { HarnessError } from '../../core/harness-error.ts';
import { stringProp, type ApiResourceHandler } from './api-resource-handler.ts';

/** `AWS::EC2::SecurityGroupEgress` through AuthorizeSecurityGroupEgress; a duplicate rule counts as reused. */
export const securityGroupEgressHandler: ApiResourceHandler = {
  type: 'AWS::EC2::SecurityGroupEgress',
  async ensure(context) {
    const groupId = stringProp(context, 'GroupId');
    if (!groupId) throw new HarnessError('TEMPLATE_INVALID', `${context.logicalId}: GroupId is required`);
    const protocol = stringProp(context, 'IpProtocol') ?? '-1';
    const fromPort = context.properties.FromPort === undefined ? undefined : Number(context.properties.FromPort);
    const toPort = context.properties.ToPort === undefined ? undefined : Number(context.properties.ToPort);
    const description = stringProp(context, 'Description');
    const cidr = stringProp(context, 'CidrIp');
    const destinationGroup = stringProp(context, 'DestinationSecurityGroupId');
    const destination = cidr ?? destinationGroup ?? stringProp(context, 'CidrIpv6') ?? 'unknown';
    let reused = false;
    await context.clients.ec2
      .send(
        new AuthorizeSecurityGroupEgressCommand({
          GroupId: groupId,
          IpPermissions: [
            {
              IpProtocol: protocol,
              FromPort: fromPort,
              ToPort: toPort,
              IpRanges: cidr ? [{ CidrIp: cidr, Description: description }] : undefined,
              Ipv6Ranges: stringProp(context, 'CidrIpv6')
                ? [{ CidrIpv6: stringProp(context, 'CidrIpv6'), Description: description }]
                : undefined,
              UserIdGroupPairs: destinationGroup
                ? [{ GroupId: destinationGroup, Description: description }]
                : undefined,
            },
          ],
        }),
      )
      .catch((error) => {
        if (awsErrorName(error) !== 'InvalidPermission.Duplicate') throw error;
        reused = true;
      });
    const id = `${groupId}|egress|${protocol}|${fromPort ?? '*'}-${toPort ?? '*'}|${destination}`;
    return {
      ref: id,
      attributes: {},
      physicalId: id,
      reused,
      detail: `ec2:AuthorizeSecurityGroupEgress ${groupId} ${protocol} ${fromPort ?? '*'}-${toPort ?? '*'} to ${destination}`,
    };
  },
};
