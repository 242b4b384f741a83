import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';

/** One backing server as clients reach it. Credentials are secrets: the file is written 0600. */
export const BackingServerEntry = Type.Object(
  {
    uri: Type.String({ description: 'connection URI with credentials and TLS parameters' }),
    host: Type.String(),
    port: Type.Integer(),
    tls: Type.Boolean(),
    username: Type.Optional(Type.String()),
    password: Type.Optional(Type.String()),
    caFile: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

/** PostgreSQL, plus its logical databases' URIs. */
const PostgresEntry = Type.Intersect([
  BackingServerEntry,
  Type.Object({ databases: Type.Record(Type.String(), Type.String()) }),
]);

/** RabbitMQ, plus the management API. */
const RabbitMqEntry = Type.Intersect([BackingServerEntry, Type.Object({ managementUri: Type.String() })]);

/** Redis, plus its AUTH token when it has one. */
const RedisEntry = Type.Intersect([BackingServerEntry, Type.Object({ authToken: Type.Optional(Type.String()) })]);

/** The AWS emulator endpoint. */
export const EmulatorEntry = Type.Object(
  {
    kind: Type.Union([Type.Literal('moto'), Type.Literal('localstack'), Type.Literal('external')]),
    endpoint: Type.String(),
    region: Type.String(),
    version: Type.String(),
    accessKeyId: Type.String(),
    secretAccessKey: Type.String(),
  },
  { additionalProperties: true },
);

/** The deploy into the emulator (aws profile): the stack, its outputs and how its endpoints are bound. */
export const DeployEntry = Type.Object(
  {
    stackName: Type.String(),
    status: Type.String(),
    deployFile: Type.String({ description: 'the full deploy record, `.harness/deploy.json`' }),
    outputs: Type.Record(Type.String(), Type.String()),
    bindings: Type.Array(
      Type.Object({
        kind: Type.Union([Type.Literal('rds'), Type.Literal('mq'), Type.Literal('elasticache')]),
        logicalId: Type.String(),
        emulated: Type.String({ description: '`host:port` as the stack outputs and task definitions name it' }),
        actual: Type.String({ description: '`host:port` of the managed-flavour server' }),
      }),
    ),
    taskDefinitions: Type.Array(Type.Object({ family: Type.String(), arn: Type.String() })),
  },
  { additionalProperties: true },
);

/**
 * One profile's endpoints. Later layers add their own keys (`services`, `gateway`, `deploy`...);
 * the schema allows them so that one document carries the whole stack.
 */
export const ProfileEntry = Type.Object(
  {
    backing: Type.Object({ postgres: PostgresEntry, rabbitmq: RabbitMqEntry, redis: RedisEntry }),
    emulator: Type.Optional(EmulatorEntry),
    services: Type.Optional(
      Type.Record(Type.String(), Type.Object({ url: Type.String() }, { additionalProperties: true })),
    ),
    gateway: Type.Optional(Type.Object({ url: Type.String() }, { additionalProperties: true })),
    deploy: Type.Optional(DeployEntry),
  },
  { additionalProperties: true },
);

/** `.harness/stack.json`: everything a client of a running `harness up` needs. */
export const StackDocumentSchema = Type.Object(
  {
    schemaVersion: Type.Literal(1),
    runId: Type.String(),
    pid: Type.Integer({ description: 'the process that owns the stack (harness up, or a test)' }),
    startedAt: Type.String(),
    readyAt: Type.Optional(Type.String()),
    runDir: Type.String(),
    provider: Type.String(),
    caFile: Type.Optional(Type.String()),
    profiles: Type.Object(
      { compose: Type.Optional(ProfileEntry), aws: Type.Optional(ProfileEntry) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: true },
);

export type BackingServerEntry = Static<typeof BackingServerEntry>;
export type EmulatorEntry = Static<typeof EmulatorEntry>;
export type DeployEntry = Static<typeof DeployEntry>;
export type ProfileEntry = Static<typeof ProfileEntry>;
export type StackDocument = Static<typeof StackDocumentSchema>;
export type ProfileName = 'compose' | 'aws';

/** Validation errors of a document, as `path: message` lines (empty when valid). */
export function stackDocumentErrors(document: unknown): string[] {
  return [...Value.Errors(StackDocumentSchema, document)].map((e) => `${e.instancePath || '/'}: ${e.message}`);
}
