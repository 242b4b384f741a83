import { describeFaults } from './support/describe-faults.ts';

// The compose profile's faults: plain connections, as docker-compose.yml wires them.
describeFaults('compose');
