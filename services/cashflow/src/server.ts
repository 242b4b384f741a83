import closeWithGrace from 'close-with-grace';
import { ConfigError, createLogger } from '../../shared/src/index.ts';
import { loadCashflowConfig, type CashflowConfig } from './config.ts';
import { startCashflow } from './service.ts';

let config: CashflowConfig;
try {
  config = loadCashflowConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(`cashflow: ${err.message}`);
  process.exit(78);
}

const logger = createLogger('cashflow', config.http.logLevel);
const service = await startCashflow(config, { logger });

closeWithGrace({ delay: 10_000, logger }, async ({ signal, err }) => {
  if (err) logger.error({ err }, 'closing after an error');
  else logger.info({ signal }, 'closing');
  await service.close();
});

const address = await service.app.listen({ host: config.http.host, port: config.http.port });
logger.info({ address }, 'cashflow listening');
