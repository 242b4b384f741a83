// The public surface of the shared service library; anything not exported here is internal.
export { ConfigError } from './config/config-error.ts';
export { readEnv } from './config/read-env.ts';
export { httpEnv, httpConfigFrom, type HttpConfig } from './config/http-config.ts';
export { dbEnv, dbConfigFrom, type DbConfig, type SslMode } from './config/db-config.ts';
export { amqpEnv, amqpConfigFrom, type AmqpConfig } from './config/amqp-config.ts';
export { redisEnv, redisConfigFrom, type RedisConfig } from './config/redis-config.ts';
export { jwtEnv, jwtConfigFrom, type JwtConfig, type JwtKey } from './config/jwt-config.ts';
export { tlsPolicyEnv, requireTlsConnections } from './config/tls-policy.ts';
export { entryServiceEnv, entryServiceConfigFrom, type EntryServiceConfig } from './config/entry-service-config.ts';
export { createPool } from './db/create-pool.ts';
export { pgClientConfig } from './db/pg-client-config.ts';
export { ensureDatabase } from './db/ensure-database.ts';
export { runMigrations } from './db/run-migrations.ts';
export { prepareDatabase } from './db/prepare-database.ts';
export { withTransaction } from './db/with-transaction.ts';
export { isTransientDatabaseError } from './db/transient-database-error.ts';
export { createLogger } from './logger.ts';
export { Backoff, delay } from './backoff.ts';
export { MAX_ENTRY_CENTS, DECIMAL_AMOUNT_PATTERN, parseDecimalCents, formatCents } from './money.ts';
export { isCalendarDate, daysBetween, addDays } from './calendar-date.ts';
export { CalendarDate, CALENDAR_DATE_FORMAT } from './http/calendar-date-schema.ts';
export { PlainText } from './http/plain-text-schema.ts';
export { ProblemError } from './http/problem-error.ts';
export { problemHandler, sendProblem, type Problem } from './http/problem-handler.ts';
export { healthRoutes, type ReadinessCheck, type HealthRoutesOptions } from './http/health-routes.ts';
export { jwtAuth, type AuthenticatedUser, type JwtAuthOptions } from './http/jwt-auth.ts';
export { REVOKED_SUBJECTS_KEY, RevokedSubjects, revokeSubject, type RevocationCheck } from './auth/revoked-subjects.ts';
export { createHttpServer, type HttpServerOptions } from './http/create-http-server.ts';
export { currentHost, hostHeaders, type HostInfo } from './bus/host-info.ts';
export {
  MASSTRANSIT_CONTENT_TYPE,
  EnvelopeError,
  createEnvelope,
  parseEnvelope,
  messageUrn,
  pickProperty,
  type MessageEnvelope,
} from './bus/envelope.ts';
export {
  deserializeMessage,
  mediaTypeOf,
  RAW_JSON_CONTENT_TYPE,
  type DeserializedMessage,
  type Serializer,
} from './bus/deserialize-message.ts';
export {
  FAULT_EXCHANGE,
  FAULT_URN,
  RECEIVE_FAULT_EXCHANGE,
  RECEIVE_FAULT_URN,
  faultExchangeName,
  faultUrn,
} from './bus/fault-event.ts';
export { readMessageProperties } from './bus/message-properties.ts';
export { parseGuid } from './bus/parse-guid.ts';
export {
  messageExchangeName,
  endpointAddress,
  endpointNames,
  declareMessageExchange,
  declareReceiveEndpoint,
  declarePublishExchanges,
  exchangeOfAddress,
  type EndpointNames,
} from './bus/topology.ts';
export { amqpConnect } from './bus/amqp-connect.ts';
export { BusPublisher, type BusPublisherOptions, type OutgoingMessage } from './bus/bus-publisher.ts';
export { ReceiveEndpoint, type ReceiveEndpointOptions, type MessageHandler } from './bus/receive-endpoint.ts';
export { createRedis } from './redis/create-redis.ts';
export { RedisIdempotency, type ClaimResult, type StoredResponse } from './idempotency/redis-idempotency.ts';
