import closeWithGrace from 'close-with-grace';
import { ConfigError, createLogger } from '../../shared/src/index.ts';
import { loadConsolidatedConfig, type ConsolidatedConfig } from './config.ts';
import { startConsolidated } from './service.ts';

let config: ConsolidatedConfig;
try {
  config = loadConsolidatedConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(`consolidated: ${err.message}`);
  process.exit(78);
}

const logger = createLogger('consolidated', config.http.logLevel);
const service = await startConsolidated(config, { logger });

closeWithGrace({ delay: 10_000, logger }, async ({ signal, err }) => {
  if (err) logger.error({ err }, 'closing after an error');
  else logger.info({ signal }, 'closing');
  await service.close();
});

const address = await service.app.listen({ host: config.http.host, port: config.http.port });
logger.info({ address }, 'consolidated listening');
