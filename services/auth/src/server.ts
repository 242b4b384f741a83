import closeWithGrace from 'close-with-grace';
import { ConfigError, createLogger } from '../../shared/src/index.ts';
import { loadAuthConfig, type AuthConfig } from './config.ts';
import { startAuth } from './service.ts';

let config: AuthConfig;
try {
  config = loadAuthConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(`auth: ${err.message}`);
  process.exit(78);
}

const logger = createLogger('auth', config.http.logLevel);
const service = await startAuth(config, { logger });

closeWithGrace({ delay: 10_000, logger }, async ({ signal, err }) => {
  if (err) logger.error({ err }, 'closing after an error');
  else logger.info({ signal }, 'closing');
  await service.close();
});

const address = await service.app.listen({ host: config.http.host, port: config.http.port });
logger.info({ address }, 'auth listening');
